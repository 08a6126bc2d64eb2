// `vigil test --suggest`: for every rule outcome (fired, quiet, not evaluable) and every
// condition outcome (an atom seen true, or false) that no case gave, a new patient that
// gives it, found by the region solver with plausible values and with the facts a firing
// rule's dose reads, and checked by the compiled engine; its expectation is what the
// current rules decide. The cases are written as a fixture file for the author to review
// and keep: they describe what the rules do, not what they should do.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Analyzer, describeFileError, FileWriteError, isIrAtom, someIr, writeFileAtomic, type Goal, type IrDefinition, type IrExpr, type IrProgram, type IrRule, type Plausible, type PlausibleValues, type Truth } from '@vigil/core';
import type { EvaluationResult } from '@vigil/runtime';
import { ruleOutcomes, type RuleOutcome } from './coverage.js';
import { Document, isMap, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { isoDate, isoDateTime } from './dates.js';
import { actualOf } from './match.js';
import { testsDirectoryOf } from './discover.js';
import { canonicalPatient, plausibleValues, type CaseValues } from './plausible.js';
import type { DecisionSummary, SuggestionGoalReport, SuggestionReport } from './report.js';
import { indexOf, type HarnessEngine, type LoadedRuleSet } from './ruleset.js';
import { HarnessUsageError } from './usage-error.js';
import { snapshotEntry } from './update.js';

/** Which atoms (by id) the cases saw true and false. */
export interface AtomsSeen {
  readonly true: ReadonlySet<number>;
  readonly false: ReadonlySet<number>;
}

/** What the cases saw: atom outcomes and, per rule, the outcomes it had (fired, quiet, not evaluable). */
export interface Seen extends AtomsSeen {
  readonly rules?: ReadonlyMap<string, ReadonlySet<RuleOutcome>>;
  /** The patients the cases already use (as `canonicalPatient` gives them): a suggestion never repeats one. */
  readonly patients?: ReadonlySet<string>;
}

/** What a suggested case is for: a condition outcome, or a rule outcome. */
export type SuggestionGoal =
  | { readonly kind: 'condition'; readonly atom: number; readonly text: string; readonly want: 'true' | 'false'; readonly rule?: string }
  | { readonly kind: 'rule'; readonly rule: string; readonly outcome: RuleOutcome };

export interface SuggestedCase {
  readonly name: string;
  /** The outcome the case was written for (it may give other missing outcomes too: `covers`). */
  readonly goal: SuggestionGoal;
  /** Every outcome no earlier case gave that this patient gives, the goal first. */
  readonly covers: readonly SuggestionGoal[];
  /** Facts as a fixture writes them: only those the outcomes need, and those the fired rule's actions read. */
  readonly facts: Readonly<Record<string, unknown>>;
  readonly decisions: readonly DecisionSummary[];
  /** Rules this patient leaves unknown that the case is about. */
  readonly notEvaluable: readonly string[];
  /** Quantities chosen with no declared range, case value or threshold to go by: the author should check them. */
  readonly unguided?: readonly string[];
}

/** An outcome no patient can give (or the solver could not find one for). */
export type UnreachedOutcome = SuggestionGoal & { readonly reason: string };

export interface Suggestions {
  readonly cases: readonly SuggestedCase[];
  readonly unreached: readonly UnreachedOutcome[];
}

export interface SuggestOptions {
  /** Plausible ranges and typical values of quantities (see plausible.ts). */
  readonly plausible?: PlausibleValues;
}

function ruleOf(ir: IrProgram, atom: number, definitions: ReadonlyMap<string, IrDefinition>): IrRule | undefined {
  const contains = (e: IrExpr): boolean => someIr(e, (x) => isIrAtom(x) && x.atom === atom, { definitions });
  return ir.rules.find((r) => (r.when !== undefined && contains(r.when)) || r.unless.some(contains));
}

/** A typical value, or a bounded range to take the middle of: something to go by. */
function guided(p: Plausible | undefined): boolean {
  return p !== undefined && (p.typical !== undefined || (p.range?.lo !== undefined && p.range.hi !== undefined));
}

function impossible(g: SuggestionGoal): string {
  if (g.kind === 'condition') return `no patient can make it ${g.want}`;
  return g.outcome === 'fired' ? 'no patient can make it fire' : g.outcome === 'quiet' ? 'no patient can keep it from firing' : 'no patient can leave it unknown';
}

const OUTCOME_TEXT: Readonly<Record<RuleOutcome, string>> = { fired: 'fires', quiet: 'does not fire', unknown: 'not evaluable' };

/** How a goal reads in case names and reports: `AZA-PRE-02 fires`, `AZA-PRE-02: wbc < 2.5 10*9/L → true`. */
export function goalText(g: SuggestionGoal): string {
  return g.kind === 'rule' ? `${g.rule} ${OUTCOME_TEXT[g.outcome]}` : `${g.rule ? `${g.rule}: ` : ''}${g.text} → ${g.want}`;
}

/** The fact parts a rule's actions read (a dose per kg reads `weight`): without them a firing rule is not evaluable. */
function actionParts(analyzer: Analyzer, rule: IrRule): string[] {
  const parts = new Set<string>();
  for (const a of rule.actions) {
    if (!a.dose) continue;
    for (const e of [a.dose.low, a.dose.high]) if (e) for (const p of analyzer.dependsOn(e)) parts.add(p);
  }
  return [...parts];
}

interface Attempt {
  readonly goals: readonly Goal[];
  readonly assume?: ReadonlyMap<string, boolean>;
}

/**
 * Cases that give every rule outcome (fired, quiet, not evaluable) and every condition
 * outcome (true, false) not in `seen`, evaluated at `now`. Greedy: each new patient's
 * outcomes count as seen, so a later goal it already gives gets no case of its own, and no
 * two cases (nor a case and an existing one) have the same patient.
 */
export function suggestCases(ir: IrProgram, engine: HarnessEngine, seen: Seen, now: Date, options: SuggestOptions = {}): Suggestions {
  const index = indexOf(ir);
  const atoms = [...index.atoms].sort((a, b) => a.atom - b.atom);
  const analyzer = new Analyzer(ir, { now, ...(options.plausible ? { plausible: options.plausible } : {}) });
  const defs = new Map(ir.definitions.map((d) => [d.name, d]));
  const rules = new Map(ir.rules.map((r) => [r.id, r]));
  const seenTrue = new Set(seen.true);
  const seenFalse = new Set(seen.false);
  const ruleSeen = new Map<string, Set<RuleOutcome>>(ir.rules.map((r) => [r.id, new Set(seen.rules?.get(r.id) ?? [])]));
  const patients = new Set(seen.patients ?? []);
  const quantityKeys = new Set([...index.inputs].filter(([, t]) => t.kind === 'quantity').map(([k]) => k));
  const isSeen = (g: SuggestionGoal): boolean =>
    g.kind === 'rule' ? ruleSeen.get(g.rule)!.has(g.outcome) : (g.want === 'true' ? seenTrue : seenFalse).has(g.atom);

  // Rules first: a case that makes a rule fire exercises most of its conditions on the way.
  const goals: SuggestionGoal[] = [];
  for (const r of ir.rules) for (const outcome of ['fired', 'quiet', 'unknown'] as const) goals.push({ kind: 'rule', rule: r.id, outcome });
  for (const atom of atoms) {
    const rule = ruleOf(ir, atom.atom, defs);
    for (const want of ['true', 'false'] as const) goals.push({ kind: 'condition', atom: atom.atom, text: atom.text, want, ...(rule ? { rule: rule.id } : {}) });
  }

  const fires = (rule: IrRule, want: Truth): Goal => ({ expr: analyzer.fireCondition(rule), want });
  // The rule fires only when its actions can be worked out: their facts must be present.
  const presentFor = (rule: IrRule): ReadonlyMap<string, boolean> | undefined => {
    const parts = actionParts(analyzer, rule);
    return parts.length > 0 ? new Map(parts.map((p) => [p, true])) : undefined;
  };
  const attemptsFor = (g: SuggestionGoal): Attempt[] => {
    if (g.kind === 'rule') {
      const rule = rules.get(g.rule)!;
      const present = presentFor(rule);
      if (g.outcome === 'fired') return [{ goals: [fires(rule, 'true')], ...(present ? { assume: present } : {}) }];
      if (g.outcome === 'quiet') return [{ goals: [fires(rule, 'false')] }];
      // Not evaluable: a condition left unknown, or (failing that) a fired rule without the facts its dose needs.
      const out: Attempt[] = [{ goals: [fires(rule, 'unknown')] }];
      for (const p of present?.keys() ?? []) out.push({ goals: [fires(rule, 'true')], assume: new Map([[p, false]]) });
      return out;
    }
    const atomGoal: Goal = { expr: atoms.find((a) => a.atom === g.atom)! as IrExpr, want: g.want };
    const rule = g.rule !== undefined ? rules.get(g.rule) : undefined;
    if (!rule) return [{ goals: [atomGoal] }];
    const present = presentFor(rule);
    return [
      { goals: [atomGoal, fires(rule, 'true')], ...(present ? { assume: present } : {}) },
      { goals: [atomGoal, fires(rule, 'false')] },
      { goals: [atomGoal] },
    ];
  };
  const gives = (g: SuggestionGoal, result: EvaluationResult): boolean =>
    g.kind === 'rule' ? ruleOutcomes(result).outcome(g.rule) === g.outcome : result.atoms?.[g.atom] === (g.want === 'true' ? 1 : 0);

  const cases: SuggestedCase[] = [];
  const unreached: UnreachedOutcome[] = [];
  for (const goal of goals) {
    if (isSeen(goal)) continue;
    let reason = 'no patient found';
    let found: { facts: Readonly<Record<string, unknown>>; result: EvaluationResult } | undefined;
    for (const attempt of attemptsFor(goal)) {
      const r = analyzer.solve(attempt.goals, attempt.assume);
      if (r.status !== 'sat') {
        // The first attempt's reason is the one that speaks of the goal itself.
        if (reason === 'no patient found') reason = r.status === 'unsat' ? `${impossible(goal)}: ${r.reason}` : `no patient found: ${r.reason}`;
        continue;
      }
      const facts = r.witness.facts;
      let result: EvaluationResult;
      let key: string;
      try {
        const validated = engine.validateFacts(facts);
        if (!validated.ok) {
          reason = `the patient found is not valid: ${validated.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
          continue;
        }
        key = canonicalPatient(validated.facts);
        result = engine.evaluate(facts, { now: isoDateTime(now), trace: true });
      } catch (error) {
        reason = `the patient found does not evaluate: ${(error as Error).message}`;
        continue;
      }
      // The engine has the last word: the case must give the outcome, and be a patient of its own.
      if (!gives(goal, result)) {
        reason = 'the patient found does not give it';
        continue;
      }
      if (patients.has(key)) {
        reason = 'the only patient found is one a case already has';
        continue;
      }
      patients.add(key);
      found = { facts, result };
      break;
    }
    if (!found) {
      unreached.push({ ...goal, reason });
      continue;
    }
    const { result } = found;
    const covers = goals.filter((g) => !isSeen(g) && gives(g, result));
    const outcomes = ruleOutcomes(result);
    for (const [id, set] of ruleSeen) set.add(outcomes.outcome(id));
    result.atoms?.forEach((v, i) => (v === 1 ? seenTrue.add(i) : v === 0 ? seenFalse.add(i) : undefined));
    const actual = actualOf(result);
    // The solver's patient has only the facts its outcomes need, so most other rules are
    // unknown; only the rules the case is about say something about it.
    const about = new Set(covers.map((g) => g.rule).filter((r): r is string => r !== undefined));
    const unguided = Object.keys(found.facts).filter((k) => quantityKeys.has(k) && !guided(options.plausible?.get(k)));
    cases.push({
      name: goalText(goal),
      goal,
      covers,
      facts: found.facts,
      decisions: actual.decisions,
      notEvaluable: actual.notEvaluable.filter((n) => about.has(n.rule)).map((n) => n.rule),
      ...(unguided.length > 0 ? { unguided } : {}),
    });
  }
  return { cases, unreached };
}

function caseNode(c: SuggestedCase, asOf: string | undefined): YAMLMap {
  const map = new YAMLMap();
  map.set('name', c.name);
  if (asOf !== undefined) map.set('as_of', asOf);
  const facts = new YAMLMap();
  for (const [k, v] of Object.entries(c.facts)) {
    if (!c.unguided?.includes(k)) {
      facts.set(k, v);
      continue;
    }
    const value = new Scalar(v);
    value.comment = ' no range, case value or threshold to go by: check it, or declare the fact\'s range';
    facts.set(k, value);
  }
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
  'Cases suggested by `vigil test --suggest`: each gives a rule or condition outcome that no other case',
  'gave, and expects the decisions the rules gave when it was written. Review every case (is this',
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
  /** The values the rule set's cases use (typical values, patients not to repeat), by rule set key. */
  readonly caseValues?: (key: string) => CaseValues | undefined;
}

function goalReport(g: SuggestionGoal): SuggestionGoalReport {
  return g.kind === 'rule' ? { rule: g.rule, outcome: g.outcome } : { ...(g.rule ? { rule: g.rule } : {}), condition: g.text, want: g.want };
}

/** Suggests and writes the cases of each rule set from the coverage its cases reached. */
export function suggestForRuleSets(
  sets: readonly { readonly ruleSet: LoadedRuleSet; readonly fixture: string }[],
  coverage: { seen(key: string): AtomsSeen | undefined; rulesSeen(key: string): ReadonlyMap<string, ReadonlySet<RuleOutcome>> | undefined },
  options: SuggestRunOptions,
): SuggestionReport[] {
  const usable = sets.filter((s) => s.ruleSet.ir && s.ruleSet.engine && s.ruleSet.index);
  if (options.target !== undefined && usable.length > 1) {
    throw new HarnessUsageError(`--suggest ${options.display(options.target)} names one file, but the fixtures belong to ${usable.length} rule sets; give no file (each rule set gets tests/${SUGGESTED_FIXTURE}) or test one rule set`);
  }
  const reports: SuggestionReport[] = [];
  for (const { ruleSet, fixture } of usable) {
    const atoms = coverage.seen(ruleSet.key) ?? { true: new Set<number>(), false: new Set<number>() };
    const rules = coverage.rulesSeen(ruleSet.key);
    const values = options.caseValues?.(ruleSet.key);
    const seen: Seen = { ...atoms, ...(rules ? { rules } : {}), ...(values ? { patients: values.patients } : {}) };
    const found = suggestCases(ruleSet.ir!, ruleSet.engine!, seen, options.now, { plausible: plausibleValues(ruleSet.ir!, values) });
    const file = options.target ?? join(testsDirectoryOf(fixture) ?? dirname(fixture), SUGGESTED_FIXTURE);
    const written = found.cases.length > 0 ? writeSuggestedCases(file, found.cases, options.now) : { added: 0 };
    reports.push({
      ruleSet: options.display(ruleSet.root),
      file: options.display(file),
      cases: found.cases.map((c) => ({ name: c.name, ...goalReport(c.goal), covers: c.covers.map(goalText) })),
      added: 'added' in written ? written.added : 0,
      unreached: found.unreached.map((u) => ({ ...goalReport(u), reason: u.reason })),
      ...('error' in written ? { error: `cannot write ${options.display(file)}: ${written.error}` } : {}),
    });
  }
  return reports;
}
