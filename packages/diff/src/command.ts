// `vigil diff OLD NEW` and `vigil diff --git REV [paths]`, independent of the CLI's
// argument parser so the CLI command stays a thin adapter and tests run it in-process.
import { diffRuleSets, type DiffOptions } from './diff.js';
import { diffFolders, holdsSeveralSets } from './folders.js';
import { DiffInputError, readGit, readPaths, sideOf, type RuleFiles } from './load.js';
import { renderDiff, renderFolders, type DiffFormat } from './render.js';
import pc from 'picocolors';
import { FileReadError, readRegularFile } from '@vigil/core';
import { resolve } from 'node:path';
import { pendingChanges, pendingInFolders, readAccepted, signOffLines, type PendingChange } from './acceptance.js';

export interface DiffCommandOptions {
  readonly format: DiffFormat;
  /** Compare the rules at this git revision against the working tree. */
  readonly git?: string;
  /** Exit 1 when some patient is decided differently. */
  readonly failOnChange: boolean;
  readonly now?: string;
  readonly maxCells?: number;
  /** A file acknowledging changes by id: exit 1 when some change is not acknowledged. */
  readonly accept?: string;
}

export interface DiffCommandIo {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  readonly cwd: string;
  /** Colour the text format. */
  readonly colors: boolean;
}

/** Exit codes: 0 compared, 1 behaviour changed with --fail-on-change or a side has errors, 2 usage error. */
export function runDiffCommand(paths: readonly string[], options: DiffCommandOptions, io: DiffCommandIo): number {
  let now: Date | undefined;
  if (options.now !== undefined) {
    now = new Date(options.now);
    if (Number.isNaN(now.getTime())) return usage(io, `--now '${options.now}' is not an ISO 8601 time`);
  }
  let before: RuleFiles;
  let after: RuleFiles;
  let several: boolean;
  try {
    if (options.git !== undefined) {
      const targets = paths.length > 0 ? paths : ['.'];
      before = readGit(options.git, targets, io.cwd);
      after = readPaths(targets, io.cwd);
    } else {
      if (paths.length !== 2) return usage(io, `expected two rule sets (OLD NEW), got ${paths.length}; or use --git REV [paths]`);
      before = readPaths([paths[0]!], io.cwd);
      after = readPaths([paths[1]!], io.cwd);
    }
    several = holdsSeveralSets(before, after);
  } catch (error) {
    if (error instanceof DiffInputError) return usage(io, error.message);
    throw error;
  }
  let accepted: Set<string> | undefined;
  if (options.accept !== undefined) {
    try {
      // Regular files only and size-capped, like every input: a FIFO must not block the diff.
      accepted = readAccepted(readRegularFile(resolve(io.cwd, options.accept), { maxBytes: 4 * 1024 * 1024, what: 'an --accept file', shown: options.accept }));
    } catch (error) {
      const reason = error instanceof FileReadError ? `: ${error.reason}` : '';
      return usage(io, `cannot read the --accept file '${options.accept}'${reason}`);
    }
  }
  const diffOptions: DiffOptions = { ...(now ? { now } : {}), ...(options.maxCells !== undefined ? { maxCells: options.maxCells } : {}) };
  const colors = pc.createColors(io.colors && options.format === 'text');
  if (several) {
    // A folder of rule sets: one comparison per set, matched by `ruleset` name.
    const result = diffFolders(before, after, diffOptions);
    const pending = accepted ? pendingInFolders(result, accepted) : undefined;
    io.stdout.write(withSignOff(renderFolders(result, options.format, colors), pending, options));
    if (result.hasErrors) return 1;
    if (pending) return pending.length > 0 ? 1 : 0;
    return options.failOnChange && result.behaviourChanged ? 1 : 0;
  }
  const result = diffRuleSets(sideOf(before), sideOf(after), diffOptions);
  const pending = accepted ? pendingChanges(result, accepted) : undefined;
  io.stdout.write(withSignOff(renderDiff(result, options.format, colors), pending, options));
  if (result.errors.length > 0) return 1;
  if (pending) return pending.length > 0 ? 1 : 0;
  return options.failOnChange && result.behaviourChanged ? 1 : 0;
}

/** The sign-off goes right below the Markdown summary, at the end of the text, into the JSON as `signOff`. */
function withSignOff(output: string, pending: readonly PendingChange[] | undefined, options: DiffCommandOptions): string {
  if (!pending || options.accept === undefined) return output;
  if (options.format === 'json') {
    const json = JSON.parse(output) as Record<string, unknown>;
    return JSON.stringify({ ...json, signOff: { file: options.accept, pending } }, null, 2) + '\n';
  }
  const lines = signOffLines(pending, options.accept, options.format === 'markdown');
  if (options.format !== 'markdown') return `${output}\n${lines.join('\n')}\n`;
  // After the summary paragraph: the first blank line after the second one (the heading's).
  const at = output.indexOf('\n\n', output.indexOf('\n\n') + 2);
  return at < 0 ? `${output}\n\n${lines.join('\n')}\n` : `${output.slice(0, at)}\n\n${lines.join('\n')}${output.slice(at)}`;
}

function usage(io: DiffCommandIo, message: string): number {
  io.stderr.write(`error: ${message}\n`);
  return 2;
}
