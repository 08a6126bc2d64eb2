// `vigil test --suggest`: for every condition outcome (an atom seen true, or false) that no
// case exercised, a patient that gives the atom that outcome, found by the region solver
// (preferring one on whom the atom's rule fires, then one on whom it is decided not to),
// with the decisions the current rules give as its expectation. The cases are written as a
// fixture file for the author to review and keep: they describe what the rules do, not
// what they should do.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Analyzer, describeFileError, FileWriteError, writeFileAtomic, type IrExpr, type IrProgram, type IrRule } from '@vigil/core';
import { Document, isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { isoDate, isoDateTime } from './dates.js';
import { actualOf } from './match.js';
import { testsDirectoryOf } from './discover.js';
import type { DecisionSummary, SuggestionReport } from './report.js';
import { indexOf, type HarnessEngine, type LoadedRuleSet } from './ruleset.js';
import { HarnessUsageError } from './usage-error.js';
import { snapshotEntry } from './update.js';

/** Which atoms (by id) the cases saw true and false. */
export interface AtomsSeen {
  readonly true: ReadonlySet<number>;
  readonly false: ReadonlySet<number>;
}

export interface SuggestedCase {
  readonly name: string;
  readonly atom: number;
  readonly text: string;
  readonly want: 'true' | 'false';
  /** The rule whose condition holds the atom (the first, when definitions share it). */
  readonly rule?: string;
  /** Facts as a fixture writes them: only those the outcome needs. */
  readonly facts: Readonly<Record<string, unknown>>;
  readonly decisions: readonly DecisionSummary[];
  /** The atom's rule, when this patient leaves it unknown. */
  readonly notEvaluable: readonly string[];
}

/** An outcome no patient can give (or the solver could not find one for). */
export interface UnreachedOutcome {
  readonly atom: number;
  readonly text: string;
  readonly want: 'true' | 'false';
  readonly rule?: string;
  readonly reason: string;
}

export interface Suggestions {
  readonly cases: readonly SuggestedCase[];
  readonly unreached: readonly UnreachedOutcome[];
}

function contains(e: IrExpr | undefined, atom: number, defs: ReadonlyMap<string, IrExpr>, seen: Set<string>): boolean {
  if (!e) return false;
  if ('atom' in e && e.atom === atom) return true;
  switch (e.kind) {
    case 'and':
    case 'or':
      return e.args.some((a) => contains(a, atom, defs, seen));
    case 'not':
    case 'truth':
      return contains(e.arg, atom, defs, seen);
    case 'ref': {
      if (seen.has(e.definition)) return false;
      seen.add(e.definition);
      return contains(defs.get(e.definition), atom, defs, seen);
    }
    default:
      return false;
  }
}

function ruleOf(ir: IrProgram, atom: number, defs: ReadonlyMap<string, IrExpr>): IrRule | undefined {
  return ir.rules.find((r) => contains(r.when, atom, defs, new Set()) || r.unless.some((u) => contains(u, atom, defs, new Set())));
}

/** The cases that would exercise every atom outcome not in `seen`, evaluated at `now`. */
export function suggestCases(ir: IrProgram, engine: HarnessEngine, seen: AtomsSeen, now: Date): Suggestions {
  const atoms = indexOf(ir).atoms;
  const analyzer = new Analyzer(ir, { now });
  const defs = new Map(ir.definitions.map((d) => [d.name, d.expr]));
  const cases: SuggestedCase[] = [];
  const unreached: UnreachedOutcome[] = [];
  for (const atom of [...atoms].sort((a, b) => a.atom - b.atom)) {
    for (const want of ['true', 'false'] as const) {
      if ((want === 'true' ? seen.true : seen.false).has(atom.atom)) continue;
      const rule = ruleOf(ir, atom.atom, defs);
      const about = { atom: atom.atom, text: atom.text, want, ...(rule ? { rule: rule.id } : {}) };
      const goals = [{ expr: atom as IrExpr, want }];
      let r = rule ? analyzer.solve([...goals, { expr: analyzer.fireCondition(rule), want: 'true' }]) : undefined;
      if (!r || r.status !== 'sat') r = rule ? analyzer.solve([...goals, { expr: analyzer.fireCondition(rule), want: 'false' }]) : undefined;
      if (!r || r.status !== 'sat') r = analyzer.solve(goals);
      if (r.status !== 'sat') {
        unreached.push({ ...about, reason: r.status === 'unsat' ? `no patient can make it ${want}: ${r.reason}` : `no patient found: ${r.reason}` });
        continue;
      }
      let result;
      try {
        result = engine.evaluate(r.witness.facts, { now: isoDateTime(now), trace: true });
      } catch (error) {
        unreached.push({ ...about, reason: `the patient found does not evaluate: ${(error as Error).message}` });
        continue;
      }
      // The solver's patient must give the atom the wanted value, or the case would not cover it.
      if (result.atoms?.[atom.atom] !== (want === 'true' ? 1 : 0)) {
        unreached.push({ ...about, reason: 'the patient found does not give it that value' });
        continue;
      }
      const actual = actualOf(result);
      cases.push({
        ...about,
        name: `${rule ? `${rule.id}: ` : ''}${atom.text} → ${want}`,
        facts: r.witness.facts,
        decisions: actual.decisions,
        // The solver's patient has only the facts the outcome needs, so most other rules are
        // unknown; only the atom's own rule says something about this case.
        notEvaluable: actual.notEvaluable.filter((n) => n.rule === rule?.id).map((n) => n.rule),
      });
    }
  }
  return { cases, unreached };
}

function caseNode(c: SuggestedCase, asOf: string | undefined): YAMLMap {
  const map = new YAMLMap();
  map.set('name', c.name);
  if (asOf !== undefined) map.set('as_of', asOf);
  const facts = new YAMLMap();
  for (const [k, v] of Object.entries(c.facts)) facts.set(k, v);
  map.set('facts', facts);
  const expect = new YAMLMap();
  const decisions = new YAMLSeq();
  for (const d of c.decisions) {
    // Messages are left out: they are free text, and the rule, action, targets and dose say what changed.
    const entry = snapshotEntry(d);
    entry.delete('message');
    decisions.add(entry);
  }
  expect.set('decisions_exactly', decisions);
  if (c.notEvaluable.length > 0) {
    const seq = new YAMLSeq();
    seq.flow = true;
    for (const id of c.notEvaluable) seq.add(id);
    expect.set('not_evaluable', seq);
  }
  map.set('expect', expect);
  return map;
}

/** `2026-11-22` for a midnight (UTC), the full date-time otherwise. */
export function asOfText(now: Date): string {
  return now.getTime() % 86_400_000 === 0 ? isoDate(now) : isoDateTime(now);
}

const HEADER = [
  'Cases suggested by `vigil test --suggest`: each exercises a condition outcome that no other case',
  'did, and expects the decisions the rules gave when it was written. Review every case (is this',
  'what the rules should decide?), rename it, move it to a fixture of its own, or delete it.',
];

/**
 * The fixture text with the suggested cases added: a new file when `existing` is undefined,
 * otherwise `existing` with the cases appended (names already there are skipped; comments and
 * layout kept). Returns the text and how many cases were added.
 */
export function addSuggestedCases(existing: string | undefined, cases: readonly SuggestedCase[], now: Date): { text: string; added: number } | { error: string } {
  const asOf = asOfText(now);
  if (existing === undefined) {
    const doc = new Document(new YAMLMap());
    doc.commentBefore = HEADER.map((l) => ` ${l}`).join('\n');
    const root = doc.contents as YAMLMap;
    root.set('as_of', asOf);
    const seq = new YAMLSeq();
    for (const c of cases) seq.add(caseNode(c, undefined));
    root.set('cases', seq);
    return { text: doc.toString({ lineWidth: 0, indentSeq: true }), added: cases.length };
  }
  const doc = parseDocument(existing, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return { error: `it is not valid YAML (${doc.errors[0]!.message.split('\n')[0]})` };
  if (!isMap(doc.contents)) return { error: 'it is not a mapping with a cases list' };
  const root = doc.contents as YAMLMap;
  if (!root.has('cases')) root.set('cases', new YAMLSeq());
  const seq = root.get('cases', true);
  if (!isSeq(seq)) return { error: "its 'cases' is not a list" };
  const fileAsOf = root.get('as_of');
  const names = new Set(seq.items.map((i) => (isMap(i) ? i.get('name') : undefined)).filter((n): n is string => typeof n === 'string'));
  let added = 0;
  for (const c of cases) {
    if (names.has(c.name)) continue;
    // The cases' dates were chosen for this run's evaluation time: say so when the file's differs.
    const own = fileAsOf !== undefined && String(fileAsOf) === asOf ? undefined : asOf;
    seq.add(caseNode(c, own));
    names.add(c.name);
    added++;
  }
  return { text: doc.toString({ lineWidth: 0, indentSeq: true }), added };
}

/** Adds the cases to the fixture at `path` (created if absent), atomically. */
export function writeSuggestedCases(path: string, cases: readonly SuggestedCase[], now: Date): { added: number } | { error: string } {
  let existing: string | undefined;
  try {
    existing = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch (error) {
    return { error: describeFileError(error) };
  }
  const out = addSuggestedCases(existing, cases, now);
  if ('error' in out) return out;
  if (out.added === 0) return { added: 0 };
  try {
    writeFileAtomic(path, out.text);
  } catch (error) {
    return { error: error instanceof FileWriteError ? error.reason : describeFileError(error) };
  }
  return { added: out.added };
}

/** The default fixture for suggested cases, in the rule set's tests directory. */
export const SUGGESTED_FIXTURE = 'suggested.cases.yaml';

export interface SuggestRunOptions {
  /** One file for the cases (one rule set only); default `<tests directory>/suggested.cases.yaml`. */
  readonly target?: string;
  readonly now: Date;
  readonly display: (path: string) => string;
}

/** Suggests and writes the cases of each rule set from the coverage its cases reached. */
export function suggestForRuleSets(
  sets: readonly { readonly ruleSet: LoadedRuleSet; readonly fixture: string }[],
  coverage: { seen(key: string): AtomsSeen | undefined },
  options: SuggestRunOptions,
): SuggestionReport[] {
  const usable = sets.filter((s) => s.ruleSet.ir && s.ruleSet.engine && s.ruleSet.index);
  if (options.target !== undefined && usable.length > 1) {
    throw new HarnessUsageError(`--suggest ${options.display(options.target)} names one file, but the fixtures belong to ${usable.length} rule sets; give no file (each rule set gets tests/${SUGGESTED_FIXTURE}) or test one rule set`);
  }
  const reports: SuggestionReport[] = [];
  for (const { ruleSet, fixture } of usable) {
    const seen = coverage.seen(ruleSet.key) ?? { true: new Set<number>(), false: new Set<number>() };
    const found = suggestCases(ruleSet.ir!, ruleSet.engine!, seen, options.now);
    const file = options.target ?? join(testsDirectoryOf(fixture) ?? dirname(fixture), SUGGESTED_FIXTURE);
    const written = found.cases.length > 0 ? writeSuggestedCases(file, found.cases, options.now) : { added: 0 };
    reports.push({
      ruleSet: options.display(ruleSet.root),
      file: options.display(file),
      cases: found.cases.map((c) => ({ name: c.name, ...(c.rule ? { rule: c.rule } : {}), condition: c.text, want: c.want })),
      added: 'added' in written ? written.added : 0,
      unreached: found.unreached.map((u) => ({ ...(u.rule ? { rule: u.rule } : {}), condition: u.text, want: u.want, reason: u.reason })),
      ...('error' in written ? { error: `cannot write ${options.display(file)}: ${written.error}` } : {}),
    });
  }
  return reports;
}
