// The two sides of a diff as in-memory rule sets: rule files and fixture files read from
// disk (files or directories) or from a git revision (`git ls-tree` / `git show`), then
// checked with `checkTexts` against a host that sees only those texts, so a file missing
// at the revision is never read from the working tree by accident.
import { execFileSync } from 'node:child_process';
import { extname, join, relative, resolve, sep } from 'node:path';
import { checkTexts, commonFolder, FileReadError, filesIn, isFixtureFile, readRuleFile, type CheckResult } from '@vigil/core';

export const FIXTURE_SUFFIX = '.cases.yaml';
/** Shared fact sets that fixture cases `extends`. */
export const FACTS_SUFFIX = '.facts.yaml';

export interface RuleSetSide {
  /** How the side is named in reports: a path, or `REV:path`. */
  readonly label: string;
  /** Rule files by absolute path (for a git revision: the path the file has in the working tree). */
  readonly texts: ReadonlyMap<string, string>;
  /** Fixture files (`*.cases.yaml`) and shared fact sets (`*.facts.yaml`) by absolute path. */
  readonly fixtures: ReadonlyMap<string, string>;
  readonly check: CheckResult;
  /** The common folder of the rule files: paths in reports are relative to it. */
  readonly root: string;
}

export class DiffInputError extends Error {
  override readonly name = 'DiffInputError';
}

const onlyThese = { readFile: () => undefined };

/** A rule set from texts already in memory (tests, editors). */
export function sideFromTexts(label: string, texts: ReadonlyMap<string, string>, fixtures: ReadonlyMap<string, string> = new Map()): RuleSetSide {
  const check = checkTexts(texts, onlyThese);
  return { label, texts, fixtures, check, root: commonFolder([...texts.keys()]) };
}

/** Rule and fixture files read from somewhere (a folder, a git revision), before they are checked. */
export interface RuleFiles {
  /** How the side is named in reports. */
  readonly label: string;
  readonly texts: ReadonlyMap<string, string>;
  readonly fixtures: ReadonlyMap<string, string>;
}

/** Checks rule files as one rule set. */
export function sideOf(files: RuleFiles): RuleSetSide {
  return sideFromTexts(files.label, files.texts, files.fixtures);
}

/**
 * Rule and fixture files named by paths, found by the core's workspace walk (a directory
 * stands for every rule and fixture file below it, as for `vigil check`).
 */
export function readPaths(paths: readonly string[], cwd: string): RuleFiles {
  const texts = new Map<string, string>();
  const fixtures = new Map<string, string>();
  // Every file is read through the core's reader (regular files only, size-capped); one
  // that cannot be read stops the diff with its path and the reason, never a silent skip.
  const read = (p: string): string => {
    const r = readRuleFile(p);
    if (!r.ok) throw new DiffInputError(`cannot read '${relative(cwd, p) || p}': ${r.reason}`);
    return r.text;
  };
  let found: ReturnType<typeof filesIn>;
  try {
    found = filesIn(paths, cwd);
  } catch (error) {
    if (error instanceof FileReadError) throw new DiffInputError(`cannot read '${relative(cwd, error.path) || error.path}': ${error.reason}`);
    throw error;
  }
  if (found.missing.length > 0) throw new DiffInputError(`cannot read '${found.missing[0]}': no such file or directory`);
  for (const p of found.files) (isFixtureFile(p) ? fixtures : texts).set(p, read(p));
  if (texts.size === 0) throw new DiffInputError(`no .vigil files in ${paths.map((p) => `'${p}'`).join(', ')}`);
  return { label: paths.join(' '), texts, fixtures };
}

/** Rule and fixture files named by paths, checked as one rule set. */
export function sideFromPaths(paths: readonly string[], cwd: string): RuleSetSide {
  return sideOf(readPaths(paths, cwd));
}

function git(args: readonly string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    const detail = typeof stderr === 'string' && stderr.trim() !== '' ? stderr.trim().split('\n')[0] : error instanceof Error ? error.message : String(error);
    throw new DiffInputError(`git ${args[0]} failed: ${detail}`);
  }
}

/**
 * The rule and fixture files below `paths` as they were at revision `rev`. Paths are
 * relative to `cwd`; files keep their working-tree absolute paths so both sides line up.
 */
export function readGit(rev: string, paths: readonly string[], cwd: string): RuleFiles {
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], cwd);
  const specs = paths.map((p) => relative(top, resolve(cwd, p)).split(sep).join('/') || '.');
  const listing = git(['ls-tree', '-r', '-z', '--name-only', '--full-tree', rev, '--', ...specs.map((s) => (s === '.' ? '.' : s))], top);
  const texts = new Map<string, string>();
  const fixtures = new Map<string, string>();
  for (const name of listing.split('\0').filter((n) => n !== '')) {
    const isFixture = isFixtureFile(name);
    const named = specs.includes(name);
    if (!isFixture && extname(name) !== '.vigil' && !named) continue;
    const text = git(['show', `${rev}:${name}`], top);
    const abs = join(top, ...name.split('/'));
    (isFixture ? fixtures : texts).set(abs, text);
  }
  if (texts.size === 0) throw new DiffInputError(`no .vigil files at ${rev} in ${specs.map((p) => `'${p}'`).join(', ')}`);
  // Named by the commit, not by how it was asked for (`HEAD~1`): short id and subject.
  const [sha, ...subject] = git(['log', '-1', '--format=%h %s', `${rev}^{commit}`, '--'], top).trim().split(' ');
  const title = subject.join(' ').replace(/`/g, "'");
  return { label: `${specs.join(' ')} at ${sha}${title ? ` (${title.length > 72 ? `${title.slice(0, 71)}…` : title})` : ''}`, texts, fixtures };
}

/** The rule and fixture files below `paths` at revision `rev`, checked as one rule set. */
export function sideFromGit(rev: string, paths: readonly string[], cwd: string): RuleSetSide {
  return sideOf(readGit(rev, paths, cwd));
}
