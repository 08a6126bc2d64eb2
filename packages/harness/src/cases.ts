// Fixture cases read from texts held in memory (a git revision's files, say) as `vigil test`
// reads them from disk: the same parser, the same shared sets nearest first (the file's
// own, then `*.facts.yaml` from its folder up to its `tests` folder, a name twice in one
// folder refused), the same merge of `extends` and the same relative dates. The diff runs
// both versions of a rule set on them.
import type { Diagnostic } from '@vigil/core';
import { factsFilesAmong, isFactsPath } from './discover.js';
import { parseFactsFile, parseFixtureFile, type FactsFile } from './fixture.js';
import { mergeFacts, resolveFactDates, sharedScope, type FactTypeLike, type MergedFacts } from './validate.js';

export interface MemoryCase {
  readonly name: string;
  /** The fixture file's path, as given. */
  readonly uri: string;
  /** The case's `as_of`, else its file's. */
  readonly asOf?: Date;
  /** Its facts after `extends`, as written (relative dates not resolved yet: see `caseFacts`). */
  readonly merged: MergedFacts;
  /** Problems of the case: its structure, and shared sets it cannot extend. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface MemoryFixtures {
  readonly cases: readonly MemoryCase[];
  /** Problems of whole files (YAML errors, shared facts files, names defined twice). */
  readonly diagnostics: readonly Diagnostic[];
}

/** The cases of every `*.cases.yaml` among `files` (path → text), in path order. */
export function readCases(files: ReadonlyMap<string, string>, display: (path: string) => string = (p) => p): MemoryFixtures {
  const factsFiles = new Map<string, FactsFile>();
  for (const [path, text] of files) if (isFactsPath(path)) factsFiles.set(path, parseFactsFile(path, text));
  const diagnostics: Diagnostic[] = [...factsFiles.values()].flatMap((f) => f.diagnostics);
  const seen = new Set(diagnostics);
  const cases: MemoryCase[] = [];
  for (const [path, text] of [...files].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (isFactsPath(path)) continue;
    const fixture = parseFixtureFile(path, text, (p) => p);
    diagnostics.push(...fixture.diagnostics);
    const levels = factsFilesAmong(path, factsFiles.keys()).map((level) => level.map((p) => factsFiles.get(p)!));
    const shared = sharedScope(fixture.shared, levels, display);
    for (const d of shared.diagnostics) {
      if (seen.has(d)) continue;
      seen.add(d);
      diagnostics.push(d);
    }
    for (const c of fixture.cases) {
      const problems: Diagnostic[] = [...c.diagnostics];
      const merged = mergeFacts(c.extends, c.facts, shared.scope, problems, { case: c.name });
      const asOf = c.asOf ?? fixture.asOf;
      cases.push({ name: c.name, uri: path, ...(asOf ? { asOf } : {}), merged, diagnostics: problems });
    }
  }
  return { cases, diagnostics };
}

/**
 * A case's facts for a rule set whose fact types `typeOf` gives, relative dates resolved
 * against `asOf`; a date that cannot be read (`3 fortnights ago`) is a diagnostic, never
 * passed on as it is written.
 */
export function caseFacts(c: MemoryCase, typeOf: (fact: string) => FactTypeLike | undefined, asOf: Date): { values: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const merged: MergedFacts = { values: { ...c.merged.values }, provenance: c.merged.provenance };
  const diagnostics: Diagnostic[] = [];
  resolveFactDates(merged, typeOf, asOf, diagnostics, { case: c.name });
  return { values: merged.values, diagnostics };
}
