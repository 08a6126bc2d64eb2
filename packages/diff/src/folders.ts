// A folder of several rule sets: each set found by its `ruleset` header (core's rule set
// discovery), the sets of both versions matched by name and diffed one by one; a set in
// one version only is reported as added or removed.
import { discoverRuleSets, type RuleSetDiscovery } from '@vigil/core';
import { diffRuleSets, DIFF_SCHEMA_VERSION, type DiffOptions, type DiffResult } from './diff.js';
import { DiffInputError, sideOf, type RuleFiles } from './load.js';

export interface RuleSetEntry {
  /** The name in `ruleset NAME`. */
  readonly name: string;
  readonly change: 'added' | 'removed' | 'compared';
  /** The header file (the new version's for a set in both). */
  readonly header: string;
  /** For a set in both versions. */
  readonly result?: DiffResult;
}

export interface FolderDiffResult {
  readonly schema: typeof DIFF_SCHEMA_VERSION;
  readonly kind: 'rule-sets';
  readonly before: string;
  readonly after: string;
  readonly now: string;
  readonly sets: readonly RuleSetEntry[];
  /** Rule files below no `ruleset` header, in either version: not compared. */
  readonly unassigned: readonly string[];
  /** A set added or removed, or some set's patients decided differently. */
  readonly behaviourChanged: boolean;
  /** Some set has errors. */
  readonly hasErrors: boolean;
}

function discover(files: RuleFiles): RuleSetDiscovery {
  const all = new Map([...files.texts, ...files.fixtures]);
  const d = discoverRuleSets(all.keys(), (p) => all.get(p) ?? '');
  if (d.problems.length > 0) throw new DiffInputError(`${files.label}: ${d.problems.map((p) => p.message).join('; ')}`);
  return d;
}

/** More than one rule set on either side: diff set by set. */
export function holdsSeveralSets(before: RuleFiles, after: RuleFiles): boolean {
  return discover(before).sets.length > 1 || discover(after).sets.length > 1;
}

function subset(files: RuleFiles, label: string, rules: readonly string[], fixtures: readonly string[]): RuleFiles {
  const pick = (from: ReadonlyMap<string, string>, keys: readonly string[]) => new Map(keys.filter((k) => from.has(k)).map((k) => [k, from.get(k)!]));
  return { label, texts: pick(files.texts, rules), fixtures: pick(files.fixtures, fixtures) };
}

export function diffFolders(before: RuleFiles, after: RuleFiles, options: DiffOptions = {}): FolderDiffResult {
  const a = discover(before);
  const b = discover(after);
  const olds = new Map(a.sets.map((s) => [s.name, s]));
  const news = new Map(b.sets.map((s) => [s.name, s]));
  const names = [...new Set([...olds.keys(), ...news.keys()])].sort();
  const sets: RuleSetEntry[] = [];
  let now: string | undefined;
  for (const name of names) {
    const x = olds.get(name);
    const y = news.get(name);
    if (!x) sets.push({ name, change: 'added', header: y!.header });
    else if (!y) sets.push({ name, change: 'removed', header: x.header });
    else {
      const result = diffRuleSets(
        sideOf(subset(before, `${name} in ${before.label}`, x.rules, x.fixtures)),
        sideOf(subset(after, `${name} in ${after.label}`, y.rules, y.fixtures)),
        options,
      );
      now = result.now;
      sets.push({ name, change: 'compared', header: y.header, result });
    }
  }
  const unassigned = [...new Set([...a.unassigned, ...b.unassigned])].filter((p) => p.endsWith('.vigil'));
  return {
    schema: DIFF_SCHEMA_VERSION,
    kind: 'rule-sets',
    before: before.label,
    after: after.label,
    now: now ?? (options.now ?? new Date()).toISOString(),
    sets,
    unassigned,
    behaviourChanged: sets.some((s) => s.change !== 'compared' || s.result!.behaviourChanged),
    hasErrors: sets.some((s) => (s.result?.errors.length ?? 0) > 0),
  };
}
