// `vigil fmt [paths…] [--check]`: rewrite rule files in the canonical layout, or with
// --check list the files that are not (exit 1) without touching them. Files with syntax
// errors are never rewritten: their errors are printed and the exit code is 1.
import { collectRuleFiles, limitDepth, parseDocument, readRuleFile, writeFileAtomic } from '@vigil/core';
import { format } from '@vigil/formatter';
import { ExitCode } from '../exit-codes.js';
import { describeFsError, displayPath, plural, UsageError } from '../io.js';
import { renderDiagnostic } from '../render/code-frame.js';
import type { CommandContext } from './context.js';

export interface FmtOptions {
  /** Report unformatted files instead of rewriting them. */
  readonly check: boolean;
}

export const FMT_HELP = `
A directory stands for every .vigil file below it; no path means the current directory.
The layout is fixed (like gofmt): there are no options. Comments are kept.

Examples:
  $ vigil fmt rules/azathioprine
  $ vigil fmt --check rules/azathioprine     # in CI: exit 1 and list unformatted files

Exit codes: 0 all formatted (or rewritten), 1 unformatted files with --check or files with
syntax errors, 2 usage error.`;

export async function runFmt(paths: readonly string[], options: FmtOptions, ctx: CommandContext): Promise<number> {
  const { io, colors } = ctx;
  let collected: { files: string[]; missing: string[] };
  try {
    collected = collectRuleFiles(paths.length > 0 ? paths : ['.'], io.cwd);
  } catch (error) {
    throw new UsageError(`cannot read the rule files: ${describeFsError(error)}`);
  }
  if (collected.missing.length > 0) throw new UsageError(`cannot read '${collected.missing[0]}': no such file or directory`);
  if (collected.files.length === 0) throw new UsageError(`no .vigil files in ${(paths.length > 0 ? paths : ['.']).map((p) => `'${p}'`).join(', ')}`);

  const unformatted: string[] = [];
  const broken: string[] = [];
  let rewritten = 0;
  for (const file of collected.files) {
    const read = readRuleFile(file);
    if (!read.ok) throw new UsageError(`cannot read '${displayPath(file, io.cwd)}': ${read.reason}`);
    const text = read.text;
    const out = format(text, file);
    if (out === undefined) {
      broken.push(file);
      const parsed = parseDocument(text, file);
      const lookup = (uri: string) => (uri === file ? parsed.source : undefined);
      // Syntax errors, or else the expressions too deep to lay out (VGL1004), as check reports them.
      const problems = parsed.diagnostics.length > 0 ? parsed.diagnostics : limitDepth(parsed.document).diagnostics;
      for (const d of problems) io.stderr.write(renderDiagnostic(d, lookup, { cwd: io.cwd, colors }));
      continue;
    }
    if (out === text) continue;
    if (options.check) {
      unformatted.push(file);
      continue;
    }
    // In place, through a temporary file: an interrupted fmt never leaves half a rule file.
    writeFileAtomic(file, out, displayPath(file, io.cwd));
    rewritten++;
  }

  if (options.check) {
    for (const f of unformatted) io.stdout.write(`${displayPath(f, io.cwd)}\n`);
    if (unformatted.length > 0) {
      io.stderr.write(`${colors.red('vigil fmt --check')}: ${plural(unformatted.length, 'file')} not formatted; run 'vigil fmt' to fix.\n`);
    }
  } else if (rewritten > 0) {
    io.stderr.write(`formatted ${plural(rewritten, 'file')}\n`);
  }
  if (broken.length > 0) io.stderr.write(`${colors.red('vigil fmt')}: ${plural(broken.length, 'file')} with syntax errors left unchanged.\n`);
  return unformatted.length > 0 || broken.length > 0 ? ExitCode.inputErrors : ExitCode.ok;
}
