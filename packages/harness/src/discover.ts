// Where fixtures live and which rule set each belongs to.
//
//   rules/<set>/*.vigil                    the rule set
//   rules/<set>/tests/**/*.cases.yaml      its fixtures
//   rules/<set>/tests/**/*.facts.yaml      shared fact sets they may extend
//
// A path given to the harness stands for every `*.cases.yaml` below it (a directory), the
// fixture itself (a file), or, for a `.vigil` file, the fixtures of its rule set. A
// fixture's rule set is the one the core's workspace service gives the parent of its
// nearest enclosing `tests` directory (without one, its own directory): the set of the
// nearest `ruleset` header above, as `vigil check` finds it. A fixture file may name its
// rule set instead with `rules:`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { collectRuleFiles, filesIn, ruleSetAt } from '@vigil/core';
import { FACTS_SUFFIXES, FIXTURE_SUFFIXES } from './fixture.js';

export const TESTS_DIRECTORY = 'tests';

export function isFixturePath(path: string): boolean {
  return FIXTURE_SUFFIXES.some((s) => path.endsWith(s));
}

export function isFactsPath(path: string): boolean {
  return FACTS_SUFFIXES.some((s) => path.endsWith(s));
}

/** The fixture files below a folder, by the core's workspace walk (hidden folders and node_modules skipped). */
function fixturesBelow(dir: string, out: string[]): void {
  for (const f of filesIn([dir], dir).files) if (isFixturePath(f)) out.push(f);
}

/** Fixture files named by the paths (absolute, sorted per path, without duplicates); `missing` lists paths that do not exist. */
export function findFixtureFiles(paths: readonly string[], cwd: string): { fixtures: string[]; missing: string[] } {
  const out: string[] = [];
  const missing: string[] = [];
  for (const raw of paths) {
    const p = resolve(cwd, raw);
    if (!existsSync(p)) {
      missing.push(raw);
      continue;
    }
    if (statSync(p).isDirectory()) fixturesBelow(p, out);
    else if (extname(p) === '.vigil') {
      const tests = join(dirname(p), TESTS_DIRECTORY);
      if (existsSync(tests)) fixturesBelow(tests, out);
    } else out.push(p);
  }
  return { fixtures: [...new Set(out)], missing };
}

/** The nearest enclosing `tests` directory of a fixture, if any. */
export function testsDirectoryOf(fixture: string): string | undefined {
  let dir = dirname(fixture);
  for (;;) {
    if (basename(dir) === TESTS_DIRECTORY) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface RuleSetLocation {
  /** The rule set's directory (or the first `rules:` path). */
  readonly root: string;
  /** Its `.vigil` files, absolute and sorted. */
  readonly files: readonly string[];
  /** Paths named by `rules:` that do not exist. */
  readonly missing: readonly string[];
}

export function ruleSetFor(fixture: string, rulesOverride: readonly string[] | undefined): RuleSetLocation {
  if (rulesOverride && rulesOverride.length > 0) {
    const { files, missing } = collectRuleFiles(rulesOverride, dirname(fixture));
    return { root: rulesOverride[0]!, files: [...files].sort(), missing };
  }
  const tests = testsDirectoryOf(fixture);
  const set = ruleSetAt(tests ? dirname(tests) : dirname(fixture));
  return { root: set.root, files: [...set.rules].sort(), missing: [] };
}

/**
 * The folders whose shared facts files a fixture sees, nearest first: its own folder and
 * every folder above it up to its `tests` folder (its own folder only when there is none).
 */
export function sharedFoldersOf(fixture: string): string[] {
  const tests = testsDirectoryOf(fixture);
  const folders: string[] = [];
  for (let dir = dirname(fixture); ; dir = dirname(dir)) {
    folders.push(dir);
    if (tests === undefined || dir === tests || dirname(dir) === dir) break;
  }
  return folders;
}

/** The shared facts files visible to a fixture on disk, by folder, nearest first (see `sharedFoldersOf`). */
export function factsFilesFor(fixture: string): string[][] {
  return sharedFoldersOf(fixture).map((dir) => {
    try {
      return readdirSync(dir).sort().filter(isFactsPath).map((name) => join(dir, name));
    } catch {
      return []; // unreadable directory: nothing shared from it
    }
  });
}

/** The same, among files held in memory (a git revision's): `paths` are absolute. */
export function factsFilesAmong(fixture: string, paths: Iterable<string>): string[][] {
  const facts = [...paths].filter(isFactsPath).sort();
  return sharedFoldersOf(fixture).map((dir) => facts.filter((p) => dirname(p) === dir));
}
