// The reviewer's diff of two versions of a rule set, in three layers: structural
// (declarations), behavioural on the fixtures, behavioural over the input space.
import { relative, sep } from 'node:path';
import { instantiateEngine, type Engine } from '@vigil/compiler';
import { oneBased, type Diagnostic, type PlausibleBounds } from '@vigil/core';
import { behaviourKeys } from './ir-text.js';
import { fixtureDiff, loadFixtureCases, type FixtureReport } from './fixtures.js';
import type { RuleSetSide } from './load.js';
import { factKeys, spaceDiff, type SpaceReport } from './space.js';
import { structuralDiff, type StructuralChange } from './structural.js';
import { factSchemaChanges, semverVerdict, type FactSchemaChange, type SemverVerdict } from './verdict.js';

export const DIFF_SCHEMA_VERSION = '2';

export interface DiffOptions {
  /** Evaluation time for `… ago` / `within` (default midnight UTC today). */
  readonly now?: Date;
  /** Most cells of the input space evaluated (default 20000). */
  readonly maxCells?: number;
}

export interface DiffResult {
  readonly schema: typeof DIFF_SCHEMA_VERSION;
  readonly before: string;
  readonly after: string;
  readonly now: string;
  /** Errors that keep one side from being compiled: then only the structural layer is given. */
  readonly errors: readonly { readonly side: 'before' | 'after'; readonly message: string; readonly file: string; readonly line: number }[];
  readonly structural: readonly StructuralChange[];
  /** Facts added, removed or retyped: the input contract of the engine. */
  readonly factSchema: readonly FactSchemaChange[];
  /** What the change means for engine consumers. */
  readonly semver: SemverVerdict;
  /** Changed declarations whose change is evidence or wording only (title, message, source, strength). */
  readonly evidence: readonly StructuralChange[];
  readonly fixtures?: FixtureReport;
  readonly space?: SpaceReport;
  /** Some patient (a fixture case or a region) is decided differently. */
  readonly behaviourChanged: boolean;
  /** Summary counts. */
  readonly summary: {
    readonly declarationsChanged: number;
    readonly evidenceOnly: number;
    /** Fixture cases whose decisions differ (or that one version does not accept). */
    readonly fixtureCasesChanged: number;
    /** Fixture cases where only which rules are evaluable or overridden differs. */
    readonly fixtureCasesEvaluabilityOnly: number;
    /** Every region listed, of every kind. */
    readonly regionsChanged: number;
    /** Regions of patients both versions decide, by kind of decision change. */
    readonly regionsGaining: number;
    readonly regionsLosing: number;
    readonly regionsChanging: number;
    /** Regions where only which rules are evaluable (the facts they need) or overridden changed. */
    readonly regionsEvaluabilityOnly: number;
    /** Regions of patients only one version can describe. */
    readonly regionsUndescribable: number;
  };
}

function midnight(): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function errorsOf(side: 'before' | 'after', diagnostics: readonly Diagnostic[], root: string): DiffResult['errors'] {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ side, message: `${d.code} ${d.message}`, file: display(d.uri, root), line: oneBased(d.range.start).line }));
}

function display(path: string, root: string): string {
  const rel = relative(root, path);
  return rel === '' || rel.startsWith('..') ? path : rel.split(sep).join('/');
}

/** Diffs two rule sets; fixture files of both sides are run through both versions. */
export function diffRuleSets(before: RuleSetSide, after: RuleSetSide, options: DiffOptions = {}): DiffResult {
  const now = options.now ?? midnight();
  const root = commonPrefix(before.root, after.root);
  let all = structuralDiff(before.texts, after.texts);
  if (before.check.ir && after.check.ir) {
    const oldKeys = behaviourKeys(before.check.ir);
    const newKeys = behaviourKeys(after.check.ir);
    all = all.map((c) => (c.kind === 'rule' && c.change === 'changed' && !c.evidenceOnly && oldKeys.get(c.id) !== undefined && oldKeys.get(c.id) === newKeys.get(c.id) ? { ...c, sameMeaning: true } : c));
  }
  const evidence = all.filter((c) => c.change === 'changed' && c.evidenceOnly);
  const structural = all.filter((c) => !(c.change === 'changed' && c.evidenceOnly));
  const errors = [...errorsOf('before', before.check.diagnostics, root), ...errorsOf('after', after.check.diagnostics, root)];
  let fixtures: FixtureReport | undefined;
  let space: SpaceReport | undefined;
  if (before.check.ir && after.check.ir) {
    const engines: { old: Engine; new: Engine } = { old: instantiateEngine(before.check.ir), new: instantiateEngine(after.check.ir) };
    // Fixture paths relative to their own side's rules, so one case in both versions is run once.
    const loadedOld = loadFixtureCases(before.fixtures, (p) => display(p, before.root));
    const loadedNew = loadFixtureCases(after.fixtures, (p) => display(p, after.root));
    fixtures = fixtureDiff([...loadedNew.cases, ...loadedOld.cases], engines, now, [...new Set([...loadedOld.problems, ...loadedNew.problems])], {
      old: factKeys(before.check.ir),
      new: factKeys(after.check.ir),
    });
    const renames = new Map(all.filter((c) => c.kind === 'rule' && c.change === 'renamed').map((c) => [c.from!, c.id]));
    space = spaceDiff(before.check.ir, after.check.ir, engines, { now, renames, ranges: plausibleRanges(before, after), ...(options.maxCells !== undefined ? { maxCells: options.maxCells } : {}) });
  }
  const behaviourChanged = (fixtures?.changed.length ?? 0) > 0 || (space?.regions.length ?? 0) > 0;
  const factSchema = before.check.ir && after.check.ir ? factSchemaChanges(before.check.ir, after.check.ir) : [];
  const layoutChanged = [...before.texts.values()].join('\u0000') !== [...after.texts.values()].join('\u0000');
  const semver = semverVerdict(factSchema, structural, evidence, layoutChanged, { before: before.check.ir?.ruleset.version, after: after.check.ir?.ruleset.version });
  const regionCount = (k: string) => space?.regions.filter((r) => r.kind === k).length ?? 0;
  return {
    schema: DIFF_SCHEMA_VERSION,
    before: before.label,
    after: after.label,
    now: now.toISOString(),
    errors,
    structural,
    factSchema,
    semver,
    evidence,
    ...(fixtures ? { fixtures } : {}),
    ...(space ? { space } : {}),
    behaviourChanged,
    summary: {
      declarationsChanged: structural.length,
      evidenceOnly: evidence.length,
      fixtureCasesChanged: fixtures?.changed.filter((c) => c.kind === 'decisions').length ?? 0,
      fixtureCasesEvaluabilityOnly: fixtures?.changed.filter((c) => c.kind === 'evaluability').length ?? 0,
      regionsChanged: space?.regions.length ?? 0,
      regionsGaining: regionCount('gains'),
      regionsLosing: regionCount('loses'),
      regionsChanging: regionCount('changes'),
      regionsEvaluabilityOnly: regionCount('evaluability'),
      regionsUndescribable: regionCount('undescribable'),
    },
  };
}

/** Plausible ranges of both versions' quantity facts; the old version's where both declare a fact (the merged program reads it in the old unit). */
function plausibleRanges(before: RuleSetSide, after: RuleSetSide): Map<string, PlausibleBounds> {
  const out = new Map<string, PlausibleBounds>();
  for (const side of [after, before]) {
    for (const [name, f] of side.check.model.facts) if (f.plausibleRange) out.set(name, { low: f.plausibleRange.low, high: f.plausibleRange.high });
  }
  return out;
}

function commonPrefix(a: string, b: string): string {
  const x = a.split(sep);
  const y = b.split(sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join(sep) || sep;
}
