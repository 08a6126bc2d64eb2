// `vigil diff OLD NEW` and `vigil diff --git REV [paths]`, independent of the CLI's
// argument parser so the CLI command stays a thin adapter and tests run it in-process.
import { diffRuleSets, type DiffOptions } from './diff.js';
import { diffFolders, holdsSeveralSets } from './folders.js';
import { DiffInputError, readGit, readPaths, sideOf, type RuleFiles } from './load.js';
import { renderDiff, renderFolders, type DiffFormat } from './render.js';
import pc from 'picocolors';

export interface DiffCommandOptions {
  readonly format: DiffFormat;
  /** Compare the rules at this git revision against the working tree. */
  readonly git?: string;
  /** Exit 1 when some patient is decided differently. */
  readonly failOnChange: boolean;
  readonly now?: string;
  readonly maxCells?: number;
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
  const diffOptions: DiffOptions = { ...(now ? { now } : {}), ...(options.maxCells !== undefined ? { maxCells: options.maxCells } : {}) };
  const colors = pc.createColors(io.colors && options.format === 'text');
  if (several) {
    // A folder of rule sets: one comparison per set, matched by `ruleset` name.
    const result = diffFolders(before, after, diffOptions);
    io.stdout.write(renderFolders(result, options.format, colors));
    if (result.hasErrors) return 1;
    return options.failOnChange && result.behaviourChanged ? 1 : 0;
  }
  const result = diffRuleSets(sideOf(before), sideOf(after), diffOptions);
  io.stdout.write(renderDiff(result, options.format, colors));
  if (result.errors.length > 0) return 1;
  return options.failOnChange && result.behaviourChanged ? 1 : 0;
}

function usage(io: DiffCommandIo, message: string): number {
  io.stderr.write(`error: ${message}\n`);
  return 2;
}
