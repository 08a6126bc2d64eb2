// `vigil compile <paths…> --target js|ir --out DIR`: generate an engine or the IR.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasErrors, refuseOverwritingInput, writeFilesAtomic } from '@vigil/core';
import { ruleSetRoot, withRelativeLocations } from '@vigil/compiler';
import { ExitCode } from '../exit-codes.js';
import { describeFsError, displayPath, UsageError } from '../io.js';
import { loadRuleSets, lookupIn, renderProblems, type CommandContext, type LoadedRuleSet } from './context.js';

export const COMPILE_TARGETS = ['js', 'ir', 'package', 'sql'] as const;
export type CompileTarget = (typeof COMPILE_TARGETS)[number];

export interface CompileOptions {
  readonly target: CompileTarget;
  readonly out: string;
  /** --target package: the npm package name (default vigil-engine-<ruleset>). */
  readonly name?: string;
  /** --target package: the FHIR bindings file (default: fhir-bindings.yaml beside the rules, if any). */
  readonly bindings?: string;
  /** --target sql: duckdb or postgres. */
  readonly dialect?: string;
  /** --target sql: the outcome rows carry explanations (`--explain`). */
  readonly explain?: boolean;
}

/** The files each target writes, in the order they are written. */
export const TARGET_FILES: Readonly<Record<CompileTarget, readonly string[]>> = {
  js: ['engine.js', 'engine.d.ts', 'facts.schema.js'],
  ir: ['ruleset.ir.json'],
  sql: ['schema.sql', 'evaluate.sql'],
  package: ['package.json', 'README.md', 'index.js', 'index.cjs', 'index.d.ts', 'index.d.cts', 'engine.js', 'engine.cjs', 'engine.d.ts', 'engine.d.cts', 'runtime.js', 'runtime.cjs'],
};

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

export async function runCompile(paths: readonly string[], options: CompileOptions, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const services = await ctx.services();
  const { sets, problems } = loadRuleSets(paths, services, io);
  // Every set is checked before anything is written: one set with errors, or two sets of one
  // name, and no output is written for any.
  const sources = lookupIn(...sets.map((s) => s.check.sources));
  const fileCount = sets.reduce((n, s) => n + s.check.sources.size, 0);
  const shown = [...problems, ...sets.flatMap((s) => s.check.diagnostics)].filter((d) => d.severity !== 'info');
  if (problems.length > 0 || sets.some((s) => hasErrors(s.check.diagnostics) || !s.check.ir)) {
    io.stderr.write(renderProblems(shown, sources, fileCount, ctx));
    io.stderr.write(`${ctx.colors.red('vigil compile')}: nothing written, ${sets.length === 1 ? 'the rule set has' : 'the rule sets have'} errors.\n`);
    return ExitCode.inputErrors;
  }
  if (shown.length > 0) io.stderr.write(renderProblems(shown, sources, fileCount, ctx));
  // One rule set is written to --out; several, each to a folder of --out named after it.
  for (const set of sets) {
    const out = sets.length === 1 ? options.out : join(options.out, set.check.ir!.ruleset.name);
    // The FHIR bindings file is looked for beside the paths named, or with several sets in each set's folder.
    const code = await writeOutputs(sets.length === 1 ? paths : [set.root], set, { ...options, out }, ctx);
    if (code !== ExitCode.ok) return code;
  }
  return ExitCode.ok;
}

async function writeOutputs(bindingPaths: readonly string[], set: LoadedRuleSet, options: CompileOptions, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const services = await ctx.services();
  const { check, files: ruleFiles } = set;
  const ir = check.ir!;
  const outputs: [string, string][] = [];
  if (options.target === 'ir') {
    // Locations relative to the rule set's root: the written IR is the same on every machine.
    const root = ruleSetRoot([...check.sources.keys()]);
    outputs.push(['ruleset.ir.json', services.emitIrJson(root !== undefined ? withRelativeLocations(ir, root) : ir)]);
  } else if (options.target === 'package') {
    const { packageOutputs } = await import('./compile-package.js');
    const written = await packageOutputs(bindingPaths, ruleFiles, ir, options, ctx);
    if (typeof written === 'number') return written;
    outputs.push(...written);
  } else if (options.target === 'sql') {
    const sql = await import('@vigil/sql');
    if (options.dialect === undefined) throw new UsageError('--target sql needs --dialect duckdb or --dialect postgres');
    try {
      outputs.push(...sql.sqlFiles(ir, sql.dialectNamed(options.dialect), { explain: options.explain === true }));
    } catch (error) {
      if (!(error instanceof sql.SqlCompileError)) throw error;
      io.stderr.write(`${ctx.colors.red('vigil compile')}: nothing written: ${error.message}\n`);
      return ExitCode.inputErrors;
    }
  } else {
    const engine = services.generateEngine(ir, { flavour: 'esm' });
    outputs.push(['engine.js', engine.js], ['engine.d.ts', engine.dts], ['facts.schema.js', engine.schema]);
  }

  const outDir = resolve(io.cwd, options.out);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`cannot create output directory '${options.out}': a file of that name exists`);
    throw new UsageError(`cannot create output directory '${options.out}': ${describeFsError(error)}`);
  }
  // Every file is complete in a temporary file before any is put in place: an interrupted
  // compile leaves the previous engine whole, never a new engine.js beside an old engine.d.ts.
  const outFiles = outputs.map(([name, text]) => ({ path: join(outDir, name), data: text, shown: displayPath(join(outDir, name), io.cwd) }));
  const inputs = [...check.sources.keys()].map((p) => ({ path: p, shown: displayPath(p, io.cwd) }));
  for (const f of outFiles) refuseOverwritingInput(f.path, f.shown, inputs);
  writeFilesAtomic(outFiles);
  for (const f of outFiles) io.stdout.write(`wrote ${f.shown} (${formatSize(Buffer.byteLength(f.data))})\n`);
  const ruleCount = ir.rules.length;
  io.stdout.write(`compiled ${ir.ruleset.name}${ir.ruleset.version ? ` ${ir.ruleset.version}` : ''}: ${ruleCount} rule${ruleCount === 1 ? '' : 's'} from ${check.sources.size} file${check.sources.size === 1 ? '' : 's'}\n`);
  return ExitCode.ok;
}
