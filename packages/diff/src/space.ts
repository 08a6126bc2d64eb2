// Layer 3: behaviour over the input space. Only rules whose meaning changed (behaviour
// keys differ, or the rule was added or removed) and the rules they override can decide
// differently; every other rule has the same fire condition, actions and overriders in
// both versions. Their conditions, from both versions, go to the region engine, which
// splits the space at every threshold, enum value and set member either version
// mentions. Each cell's representative patient is evaluated by both compiled engines;
// cells whose outcome differs are merged into regions (product cubes) with one verified
// witness each.
import { createHash } from 'node:crypto';
import { Analyzer, analyzerFor, doseInputsPresent, walkIr, regionHolds, regions, type IrAction, type IrExpr, type IrProgram, type IrRule, type PlausibleRanges, type RegionCell, type RegionReport } from '@vigil/core';
import type { Engine } from '@vigil/compiler';
import type { Decision, EvaluationResult, SchedulePhaseResult } from '@vigil/runtime';
import { actionText, behaviourKeys } from './ir-text.js';
import { mergePrograms } from './merge.js';

export interface SpaceOptions {
  /** Most cells evaluated (default 20000). */
  readonly maxCells?: number;
  /** Evaluation time for `… ago`, `within` (default: midnight UTC today). */
  readonly now?: Date;
  /** Renamed rules, old id → new id, so a rename is not a change of behaviour. */
  readonly renames?: ReadonlyMap<string, string>;
  /** Plausible ranges of quantity facts (in the old version's unit where both declare the fact): witnesses are chosen inside them. */
  readonly ranges?: PlausibleRanges;
}

/** What one rule does for one patient. */
export type RuleOutcome =
  | { readonly status: 'fires'; readonly actions: readonly string[] }
  | { readonly status: 'not-fired' }
  | { readonly status: 'not-evaluable'; readonly missing: readonly string[] }
  /** `by`: every rule that overrides it for this patient, joined with `, `. */
  | { readonly status: 'overridden'; readonly by: string }
  | { readonly status: 'absent' }
  | { readonly status: 'rejected'; readonly reason: string };

export interface RuleChange {
  readonly rule: string;
  readonly before: RuleOutcome;
  readonly after: RuleOutcome;
}

/**
 * What changes for the patients of a region: decisions gained, lost or changed (for
 * patients both versions decide), only which rules are evaluable or overridden, or
 * patients only one version can describe (an enum value it does not know).
 */
export type RegionKind = 'changes' | 'gains' | 'loses' | 'evaluability' | 'undescribable';

/** Decision changes first, then the rest. */
export const REGION_KINDS: readonly RegionKind[] = ['changes', 'gains', 'loses', 'evaluability', 'undescribable'];

export const isDecisionChange = (k: RegionKind): boolean => k === 'changes' || k === 'gains' || k === 'loses';

export interface BehaviourRegion {
  /** Stable id of the region (a hash of its kind, patients and change), for acknowledging it (`--accept`). */
  readonly id: string;
  readonly kind: RegionKind;
  /** Per fact part constrained, the readable condition; unconstrained facts are left out. */
  readonly conditions: readonly string[];
  /** `wbc in [2.5, 3) 10*9/L (other facts as any)`. */
  readonly description: string;
  /** Decisions gained and lost (as a clinician reads them); for `evaluability`, empty. */
  readonly now: readonly string[];
  readonly before: readonly string[];
  /** Decisions of the compared rules that both versions give everywhere in the region. */
  readonly unchanged: readonly string[];
  /** `changes from \`dose … 70% of standard\` to \`dose … 80% of standard\``. */
  readonly change: string;
  readonly rules: readonly RuleChange[];
  readonly witness: { readonly facts: Readonly<Record<string, unknown>>; readonly text: string; readonly verified: boolean };
  /** Unchanged rules that override a changed one and can fire somewhere in the region (then both versions show the changed rule overridden). */
  readonly unlessFires: readonly string[];
  /** Cells of the enumeration merged into this region. */
  readonly cells: number;
}

export interface SpaceReport {
  /** Rules whose meaning changed (or that were added or removed). */
  readonly changedRules: readonly string[];
  /** Unchanged rules analysed because a changed rule overrides them. */
  readonly affectedRules: readonly string[];
  /** Decision changes first (changes, gains, losses), then evaluability only, then patients one version cannot describe. */
  readonly regions: readonly BehaviourRegion[];
  readonly explored: number;
  readonly totalCells: number;
  readonly complete: boolean;
  /** Conditions the cells were not split on (relations between facts): cells may be mixed on them. */
  readonly unsplit: readonly string[];
  /** Proved: no patient in the space decides differently. */
  readonly provedNoChange: boolean;
  /** One line: what was explored and what was not. */
  readonly summary: string;
  readonly notes: readonly string[];
}

function outcomeOf(result: EvaluationResult | { error: string } | undefined, rule: IrRule | undefined): RuleOutcome {
  if (!rule || !result) return { status: 'absent' };
  if ('error' in result) return { status: 'rejected', reason: result.error };
  // One entry per overriding rule: the rule is listed once, with all of them.
  const mine = result.overridden.filter((o) => o.rule === rule.id);
  const by = [...new Set(mine.filter((o) => o.actions === undefined).map((o) => o.by))].sort();
  if (by.length > 0) return { status: 'overridden', by: by.join(', ') };
  // A rule overridden in some actions fires with the others (`overrides dose of G`).
  const suppressed = new Set(mine.flatMap((o) => (o.actions ?? []).map((a) => a.index)));
  const decisions = result.decisions.filter((d) => d.rule === rule.id);
  if (decisions.length > 0) return { status: 'fires', actions: rule.actions.flatMap((a, j) => (suppressed.has(j) ? [] : [actionText(a) + tighteningText(a, decisions)])) };
  const ne = result.notEvaluable.find((n) => n.rule === rule.id);
  if (ne) return { status: 'not-evaluable', missing: ne.missing };
  return { status: 'not-fired' };
}

function sameOutcome(a: RuleOutcome, b: RuleOutcome, renames: ReadonlyMap<string, string>): boolean {
  if (a.status !== b.status) return false;
  if (a.status === 'fires') return JSON.stringify(a.actions) === JSON.stringify((b as typeof a).actions);
  if (a.status === 'overridden') return a.by.split(', ').map((x) => renames.get(x) ?? x).sort().join(', ') === (b as typeof a).by;
  // Not evaluable in both: the status is the same, whichever facts are named as missing.
  return true;
}

export function evaluateSafely(engine: Engine, facts: unknown, now: Date): EvaluationResult | { error: string } {
  try {
    return engine.evaluate(facts, { now, explain: false });
  } catch (error) {
    const issues = (error as { issues?: { path: string; message: string }[] }).issues;
    return { error: issues?.[0] ? `${issues[0].path}: ${issues[0].message}` : error instanceof Error ? error.message : String(error) };
  }
}

/** Facts-file keys a version accepts: each fact, and its `_baseline` / `_uln` parts. */
export function factKeys(program: IrProgram): Set<string> {
  const keys = new Set<string>();
  for (const f of program.facts) {
    keys.add(f.name);
    if (f.baseline) keys.add(`${f.name}_baseline`);
    if (f.uln) keys.add(`${f.name}_uln`);
  }
  return keys;
}

/**
 * The patient as a version sees it: a fact only the other version declares is absent for
 * it. A fact neither declares is kept, so both versions refuse it (a misspelt fact is never
 * dropped silently).
 */
export function restrictFacts(facts: Readonly<Record<string, unknown>>, keys: ReadonlySet<string>, other: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) if (keys.has(k) || !other.has(k)) out[k] = v;
  return out;
}

export function spaceDiff(oldP: IrProgram, newP: IrProgram, engines: { old: Engine; new: Engine }, options: SpaceOptions = {}): SpaceReport {
  const renames = options.renames ?? new Map<string, string>();
  const back = new Map([...renames].map(([a, b]) => [b, a]));
  const now = options.now ?? midnight();
  const maxCells = options.maxCells ?? 20_000;
  const oldKeys = behaviourKeys(oldP);
  const newKeys = behaviourKeys(newP);
  const oldRules = new Map(oldP.rules.map((r) => [r.id, r]));
  const newRules = new Map(newP.rules.map((r) => [r.id, r]));
  // Pairs (old id, new id) of one rule across versions.
  const pairs: { oldId?: string; newId?: string }[] = [];
  for (const r of oldP.rules) pairs.push({ oldId: r.id, ...(newRules.has(renames.get(r.id) ?? r.id) ? { newId: renames.get(r.id) ?? r.id } : {}) });
  for (const r of newP.rules) if (!oldRules.has(back.get(r.id) ?? r.id)) pairs.push({ newId: r.id });
  const changed = pairs.filter((p) => {
    if (!p.oldId || !p.newId) return true;
    let ok = oldKeys.get(p.oldId);
    // A renamed rule's overrides lists name renamed rules: compare through the renames.
    if (renames.size > 0 && ok) for (const [a, b] of renames) ok = ok.split(JSON.stringify(a)).join(JSON.stringify(b));
    return ok !== newKeys.get(p.newId);
  });
  const changedIds = new Set(changed.map((p) => p.newId ?? p.oldId!));
  const notes: string[] = [];
  if (changed.length === 0) {
    return {
      changedRules: [],
      affectedRules: [],
      regions: [],
      explored: 0,
      totalCells: 0,
      complete: true,
      unsplit: [],
      provedNoChange: true,
      summary: 'no rule changed meaning: every condition, action and override is the same in both versions once units are resolved and definitions expanded, so no patient is decided differently',
      notes,
    };
  }
  // Unchanged rules that a changed rule overrides (in either version) can change status too.
  const affected = new Set<string>();
  for (const p of changed) {
    for (const id of p.oldId ? overriddenRules(oldRules.get(p.oldId)!) : []) affected.add(renames.get(id) ?? id);
    for (const id of p.newId ? overriddenRules(newRules.get(p.newId)!) : []) affected.add(id);
  }
  for (const id of changedIds) affected.delete(id);
  const merged = mergePrograms(oldP, newP);
  const known = { old: factKeys(oldP), new: factKeys(newP) };
  const onlyNew = [...known.new].filter((k) => !known.old.has(k));
  const onlyOld = [...known.old].filter((k) => !known.new.has(k));
  if (onlyNew.length > 0) notes.push(`${list(onlyNew)} ${onlyNew.length === 1 ? 'is' : 'are'} not known to the old version: compared as missing for it`);
  if (onlyOld.length > 0) notes.push(`${list(onlyOld)} ${onlyOld.length === 1 ? 'is' : 'are'} not known to the new version: compared as missing for it`);
  if (merged.incompatible.length > 0) notes.push(`facts whose type changed incompatibly are compared as declared in the old version: ${merged.incompatible.join(', ')}`);
  const oldAnalyzer = analyzerFor(oldP);
  const newAnalyzer = analyzerFor(newP);
  // Facts a dose is computed from (weight for a weight-based dose or a standard dose) split
  // the space too, present or missing, so that a changed dose shows where it can be computed.
  let doseAtom = Math.max(oldP.atomCount, newP.atomCount) + 1_000_000;
  const doseInputs = (program: IrProgram, rule: IrRule): IrExpr[] => doseInputsPresent(rule, program).map((e) => ({ ...e, atom: doseAtom++ }) as IrExpr);
  const exprsOf = (list: readonly Pair[]) => {
    const out: IrExpr[] = [];
    for (const p of list) {
      if (p.oldId) out.push(oldAnalyzer.fireCondition(oldRules.get(p.oldId)!), ...doseInputs(oldP, oldRules.get(p.oldId)!));
      if (p.newId) out.push(merged.mapNew(newAnalyzer.fireCondition(newRules.get(p.newId)!)), ...doseInputs(newP, newRules.get(p.newId)!).map((e) => merged.mapNew(e)));
    }
    return out;
  };
  const pairOf = (id: string): Pair => ({ ...(oldRules.has(back.get(id) ?? id) ? { oldId: back.get(id) ?? id } : {}), ...(newRules.has(id) ? { newId: id } : {}) });
  const overriddenBy = (p: Pair): string[] => {
    const ids = new Set<string>();
    for (const id of p.oldId ? overriddenRules(oldRules.get(p.oldId)!) : []) ids.add(renames.get(id) ?? id);
    for (const id of p.newId ? overriddenRules(newRules.get(p.newId)!) : []) ids.add(id);
    return [...ids].filter((id) => !changedIds.has(id));
  };
  const overriders = (id: string): string[] => {
    const out: string[] = [];
    for (const r of newP.rules) if (overriddenRules(r).includes(id) && !changedIds.has(r.id)) out.push(r.id);
    return out;
  };
  // An unchanged rule's fire condition in the merged program's terms.
  const fireOf = (id: string): IrExpr | undefined => {
    const r = newRules.get(id);
    return r ? merged.mapNew(newAnalyzer.fireCondition(r)) : undefined;
  };
  const affectedPairs = [...affected].map(pairOf);
  const ctx: FocusContext = { merged: merged.program, oldRules, newRules, engines, now, renames, overriders, fireOf, known, ...(options.ranges ? { ranges: options.ranges } : {}) };
  const out: BehaviourRegion[] = [];
  let explored = 0;
  let totalCells = 0;
  let complete = true;
  const unsplit = new Set<string>();
  // Unchanged rules giving an action a changed rule gives: whether a decision is gained or
  // lost depends on them too (a contraindication another rule already gives is no gain).
  // Compared when the space stays small enough.
  const verbTarget = (r: IrRule) => r.actions.map(actionText);
  const changedActions = new Set(changed.flatMap((p) => [...(p.oldId ? verbTarget(oldRules.get(p.oldId)!) : []), ...(p.newId ? verbTarget(newRules.get(p.newId)!) : [])]));
  const siblings = newP.rules
    .filter((r) => !changedIds.has(r.id) && !affected.has(r.id) && verbTarget(r).some((k) => changedActions.has(k)))
    .map((r) => pairOf(r.id));
  let focus: Pair[] = [...changed, ...affectedPairs];
  if (siblings.length > 0) {
    const withSiblings = [...focus, ...siblings];
    const probe = analyseFocus(ctx, exprsOf(withSiblings), withSiblings, 0);
    if (probe.report.totalCells <= maxCells) focus = withSiblings;
    else
      notes.push(
        `unchanged rules with the same action as a changed rule (${siblings.map((p) => p.newId).join(', ')}) were not compared: with them the space has ${probe.report.totalCells} cells; a decision listed as gained or lost may also be given by one of them`,
      );
  }
  // One analysis over every changed rule when the joint space is small enough; otherwise one per changed rule.
  const joint = analyseFocus(ctx, exprsOf(focus), focus, maxCells);
  if (joint.report.complete) {
    out.push(...joint.regions);
    explored = joint.report.explored;
    totalCells = joint.report.totalCells;
    joint.report.unsplit.forEach((u) => unsplit.add(u));
  } else {
    notes.push(`the changed rules together read too many facts to enumerate at once (${joint.report.totalCells} cells); each changed rule was analysed on its own, with the rules it overrides`);
    const per = Math.max(1, Math.floor(maxCells / changed.length));
    for (const p of changed) {
      const focus = [p, ...overriddenBy(p).map(pairOf)];
      const r = analyseFocus(ctx, exprsOf(focus), focus, per);
      out.push(...r.regions);
      explored += r.report.explored;
      totalCells += r.report.totalCells;
      if (!r.report.complete) {
        complete = false;
        notes.push(`${p.newId ?? p.oldId}: ${r.report.summary}`);
      }
      r.report.unsplit.forEach((u) => unsplit.add(u));
    }
  }
  out.sort((x, y) => REGION_KINDS.indexOf(x.kind) - REGION_KINDS.indexOf(y.kind) || (x.description < y.description ? -1 : x.description > y.description ? 1 : 0) || (x.change < y.change ? -1 : x.change > y.change ? 1 : 0));
  const unsplitList = [...unsplit];
  const provedNoChange = out.length === 0 && complete && unsplitList.length === 0;
  let summary = complete ? `explored ${explored} of ${totalCells} cells` : `explored ${explored} of ${totalCells} cells; the rest were not explored`;
  if (unsplitList.length > 0) summary += `; cells not split on: ${unsplitList.join('; ')}`;
  if (out.length === 0) {
    summary += provedNoChange
      ? '; no cell decides differently, so no patient does'
      : complete
        ? '; no explored cell decides differently, but cells are mixed on the conditions not split on: not proved'
        : '; no explored cell decides differently; the cells not explored are unknown';
  }
  return {
    changedRules: changed.map((p) => p.newId ?? p.oldId!),
    affectedRules: [...affected],
    regions: out,
    explored,
    totalCells,
    complete,
    unsplit: unsplitList,
    provedNoChange,
    summary,
    notes,
  };
}

interface Pair {
  readonly oldId?: string;
  readonly newId?: string;
}

interface FocusContext {
  readonly merged: IrProgram;
  readonly oldRules: ReadonlyMap<string, IrRule>;
  readonly newRules: ReadonlyMap<string, IrRule>;
  readonly engines: { readonly old: Engine; readonly new: Engine };
  readonly now: Date;
  readonly renames: ReadonlyMap<string, string>;
  readonly overriders: (id: string) => string[];
  readonly fireOf: (id: string) => IrExpr | undefined;
  readonly known: { readonly old: ReadonlySet<string>; readonly new: ReadonlySet<string> };
  readonly ranges?: PlausibleRanges;
}

const list = (xs: readonly string[]) => xs.join(', ');

/** What one version decides through the compared rules: their actions, as text. */
function decisionsOf(changes: readonly RuleOutcome[]): string[] {
  const out: string[] = [];
  for (const o of changes) if (o.status === 'fires') for (const a of o.actions) if (!out.includes(a)) out.push(a);
  return out;
}

const targetOf = (action: string) => action.split(' ').slice(0, 2)[1] ?? '';

/** `changes from \`A\` to \`B\``, `gains \`C\``, `loses \`D\``; a lost and a gained decision on one target are one change. */
export function changeSentence(gained: readonly string[], lost: readonly string[], unchanged: readonly string[]): string {
  const q = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(', ');
  const g = [...gained];
  const l = [...lost];
  const parts: string[] = [];
  for (const a of [...l]) {
    const i = g.findIndex((b) => targetOf(b) === targetOf(a));
    if (i < 0) continue;
    parts.push(`changes from ${q([a])} to ${q([g[i]!])}`);
    g.splice(i, 1);
    l.splice(l.indexOf(a), 1);
  }
  if (g.length > 0) parts.push(`gains ${q(g)}`);
  if (l.length > 0) parts.push(`loses ${q(l)}`);
  if (unchanged.length > 0) parts.push(`unchanged: ${q(unchanged)}`);
  return parts.join('; ');
}

function describeOutcome(o: RuleOutcome): string {
  switch (o.status) {
    case 'fires':
      return 'fires';
    case 'not-fired':
      return 'does not fire';
    case 'absent':
      return 'not in the rule set';
    case 'not-evaluable':
      return `not evaluable (needs ${o.missing.join(', ')})`;
    case 'overridden':
      return `overridden by ${o.by}`;
    case 'rejected':
      return `patient not accepted (${o.reason})`;
  }
}

/** `PGX-05: not in the rule set → not evaluable (needs nudt15)`. */
function statusSentence(changes: readonly RuleChange[]): string {
  return changes.map((c) => `${c.rule}: ${describeOutcome(c.before)} → ${describeOutcome(c.after)}`).join('; ');
}

function regionId(kind: RegionKind, conditions: readonly string[], change: string): string {
  return createHash('sha256').update(JSON.stringify([kind, conditions, change])).digest('hex').slice(0, 10);
}

/** Regions over the conditions `exprs`, comparing the outcomes of the rules in `compared` cell by cell. */
function analyseFocus(ctx: FocusContext, exprs: readonly IrExpr[], compared: readonly Pair[], maxCells: number): { report: RegionReport; regions: BehaviourRegion[] } {
  const { program, classes } = termClasses(ctx.merged, exprs);
  const report = regions(program.program, program.exprs, { maxCells, now: ctx.now, ...(ctx.ranges ? { ranges: ctx.ranges } : {}) });
  if (!report.complete) return { report, regions: [] };
  interface Cell {
    cell: RegionCell;
    digits: number[];
    kind: RegionKind;
    key: string;
    gained: string[];
    lost: string[];
    kept: string[];
    changes: RuleChange[];
  }
  const radix = report.axes.map((a) => a.pieces.length);
  const changedCells: Cell[] = [];
  for (const cell of report.cells) {
    // Each version sees the patient through its own facts: one it does not declare is absent for it.
    const a = evaluateSafely(ctx.engines.old, restrictFacts(cell.patient.facts, ctx.known.old, ctx.known.new), ctx.now);
    const b = evaluateSafely(ctx.engines.new, restrictFacts(cell.patient.facts, ctx.known.new, ctx.known.old), ctx.now);
    const changes: RuleChange[] = [];
    const befores: RuleOutcome[] = [];
    const afters: RuleOutcome[] = [];
    for (const p of compared) {
      const before = outcomeOf(a, p.oldId ? ctx.oldRules.get(p.oldId) : undefined);
      const after = outcomeOf(b, p.newId ? ctx.newRules.get(p.newId) : undefined);
      befores.push(before);
      afters.push(after);
      const same = sameOutcome(before.status === 'absent' ? { status: 'not-fired' } : before, after.status === 'absent' ? { status: 'not-fired' } : after, ctx.renames);
      if (!same) changes.push({ rule: p.newId ?? p.oldId!, before, after });
    }
    if (changes.length === 0) continue;
    const x = decisionsOf(befores);
    const y = decisionsOf(afters);
    const gained = y.filter((i) => !x.includes(i));
    const lost = x.filter((i) => !y.includes(i));
    const kept = x.filter((i) => y.includes(i));
    const rejected = 'error' in a || 'error' in b;
    const kind: RegionKind = rejected ? 'undescribable' : gained.length > 0 && lost.length > 0 ? 'changes' : gained.length > 0 ? 'gains' : lost.length > 0 ? 'loses' : 'evaluability';
    // Cells with the same decision change merge whatever else differs; the rest by their rule statuses.
    const key = isDecisionChange(kind) ? JSON.stringify([kind, gained, lost]) : JSON.stringify([kind, changes.map((c) => [c.rule, describeOutcome(c.before), describeOutcome(c.after)])]);
    const digits: number[] = new Array(radix.length);
    let rest = cell.index;
    for (let k = radix.length - 1; k >= 0; k--) {
      digits[k] = rest % radix[k]!;
      rest = Math.floor(rest / radix[k]!);
    }
    changedCells.push({ cell, digits, kind, key, gained, lost, kept, changes });
  }
  const groups = new Map<string, Cell[]>();
  for (const c of changedCells) groups.set(c.key, [...(groups.get(c.key) ?? []), c]);
  const analyzer = new Analyzer(program.program, { now: ctx.now });
  const out: BehaviourRegion[] = [];
  for (const cells of groups.values()) {
    for (const cube of mergeCubes(cells.map((c) => ({ sets: c.digits.map((d) => new Set([d])), cells: [c] })), radix)) {
      const first = cube.cells.reduce((x, y) => (x.cell.index <= y.cell.index ? x : y));
      const conditions: string[] = [];
      cube.sets.forEach((set, k) => {
        if (set.size === radix[k]) return;
        conditions.push(expandClasses(describeAxis(report.axes[k]!.pieces, set), classes));
      });
      const unchanged = first.kept.filter((d) => cube.cells.every((c) => c.kept.includes(d)));
      const description = `${conditions.length > 0 ? conditions.join(', ') : 'every patient'} (other facts as any)`;
      let change: string;
      if (isDecisionChange(first.kind)) change = changeSentence(first.gained, first.lost, unchanged);
      else if (first.kind === 'evaluability') change = statusSentence(first.changes);
      else {
        const reason = first.changes.map((c) => (c.before.status === 'rejected' ? `the old version does not accept the patient (${c.before.reason})` : c.after.status === 'rejected' ? `the new version does not accept the patient (${c.after.reason})` : '')).find((t) => t !== '');
        change = reason ?? 'one version does not accept the patient';
      }
      // An unchanged overrider is named only where it can fire: the solver is asked over the region's cells.
      const candidates = [...new Set(first.changes.flatMap((c) => ctx.overriders(c.rule)))];
      const unlessFires = candidates.filter((id) => {
        const fire = ctx.fireOf(id);
        return fire === undefined || regionHolds(analyzer, cube.cells.map((c) => c.cell), [{ expr: fire, want: 'true' }]) !== false;
      });
      out.push({
        id: regionId(first.kind, conditions, change),
        kind: first.kind,
        conditions,
        description,
        now: first.gained,
        before: first.lost,
        unchanged,
        change,
        rules: first.changes,
        witness: { facts: first.cell.patient.facts, text: first.cell.patient.text, verified: true },
        unlessFires,
        cells: cube.cells.length,
      });
    }
  }
  return { report, regions: out };
}

/**
 * Set members that every `includes` condition in play mentions together behave alike:
 * keep one of each such class, so a value set of twenty drugs is one split, not 2^20.
 * Returns the program and conditions with the classes folded, and the classes by their
 * representative.
 */
function termClasses(program: IrProgram, exprs: readonly IrExpr[]): { program: { program: IrProgram; exprs: IrExpr[] }; classes: Map<string, string[]> } {
  const definitions = new Map(program.definitions.map((d) => [d.name, d]));
  const signature = new Map<string, Map<string, number[]>>();
  const entered = new Set<string>();
  const visit = (e: IrExpr): boolean | void => {
    if (e.kind === 'includes') {
      const part = e.subject.kind === 'fact' ? `${e.subject.ref.fact}:${e.subject.ref.part}` : '';
      let m = signature.get(part);
      if (!m) signature.set(part, (m = new Map()));
      for (const t of e.terms) m.set(t.name, [...(m.get(t.name) ?? []), e.atom]);
    }
    // Conditions only: the walk goes through and, or, not, truth and definitions.
    return e.kind === 'and' || e.kind === 'or' || e.kind === 'not' || e.kind === 'truth' || e.kind === 'ref';
  };
  for (const e of exprs) walkIr(e, visit, { definitions, entered });
  const repOf = new Map<string, string>();
  const classes = new Map<string, string[]>();
  for (const [part, m] of signature) {
    const bySig = new Map<string, string[]>();
    for (const [term, atoms] of m) bySig.set(atoms.join(','), [...(bySig.get(atoms.join(',')) ?? []), term]);
    for (const members of bySig.values()) {
      for (const t of members) repOf.set(`${part}\u0000${t}`, members[0]!);
      if (members.length > 1) classes.set(members[0]!, members);
    }
  }
  if (classes.size === 0) return { program: { program, exprs: [...exprs] }, classes };
  const cache = new WeakMap<object, IrExpr>();
  const fold = (e: IrExpr): IrExpr => {
    const hit = cache.get(e);
    if (hit) return hit;
    let out: IrExpr = e;
    switch (e.kind) {
      case 'and':
      case 'or':
        out = { ...e, args: e.args.map(fold) };
        break;
      case 'not':
        out = { ...e, arg: fold(e.arg) };
        break;
      case 'includes': {
        const part = e.subject.kind === 'fact' ? `${e.subject.ref.fact}:${e.subject.ref.part}` : '';
        const kept = e.terms.filter((t) => (repOf.get(`${part}\u0000${t.name}`) ?? t.name) === t.name);
        out = { ...e, terms: kept };
        break;
      }
      default:
    }
    cache.set(e, out);
    return out;
  };
  return {
    program: { program: { ...program, definitions: program.definitions.map((d) => ({ ...d, expr: fold(d.expr) })) }, exprs: exprs.map(fold) },
    classes,
  };
}

/** Puts the members of folded classes back into a condition: `includes any of { allopurinol, febuxostat }`. */
function expandClasses(text: string, classes: ReadonlyMap<string, readonly string[]>): string {
  let out = text;
  for (const [rep, members] of classes) {
    const list = members.join(', ');
    const re = (s: string) => new RegExp(s.replace(/REP/g, rep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'g');
    out = out
      .replace(re('(any of|none of) \\{ ([^}]*)\\bREP\\b'), (_m, k: string, pre: string) => `${k} { ${pre}${list}`)
      .replace(re('does not include REP\\b'), `includes none of { ${list} }`)
      .replace(re('includes REP\\b'), `includes any of { ${list} }`)
      .replace(re('\\bnot REP\\b'), `none of { ${list} }`);
  }
  return out;
}

function midnight(): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

interface Cube<T> {
  sets: Set<number>[];
  cells: T[];
}

/** Merges cubes that agree on every axis but one, axis by axis, until nothing merges. */
export function mergeCubes<T>(cubes: Cube<T>[], radix: readonly number[]): Cube<T>[] {
  let cur = cubes;
  const sig = (c: Cube<T>, skip: number) => c.sets.map((s, k) => (k === skip ? '*' : [...s].sort((a, b) => a - b).join(','))).join('|');
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = 0; k < radix.length; k++) {
      const buckets = new Map<string, Cube<T>>();
      for (const c of cur) {
        const key = sig(c, k);
        const hit = buckets.get(key);
        if (!hit) buckets.set(key, { sets: c.sets.map((s) => new Set(s)), cells: [...c.cells] });
        else {
          for (const v of c.sets[k]!) hit.sets[k]!.add(v);
          hit.cells.push(...c.cells);
          changed = true;
        }
      }
      cur = [...buckets.values()];
    }
  }
  return cur;
}

interface Bound {
  lo?: string;
  loStrict: boolean;
  hi?: string;
  hiStrict: boolean;
}

const NUM = /^(.+?) (<|<=|>|>=|=) (-?[0-9./]+)(?: (\S+))?$/;
const RANGE = /^(.+?) in ([[(])(-?[0-9./]+), (-?[0-9./]+)([\])])(?: (\S+))?$/;

function parseNumeric(piece: string): { label: string; unit: string; bound: Bound } | undefined {
  let m = RANGE.exec(piece);
  if (m) return { label: m[1]!, unit: m[6] ?? '', bound: { lo: m[3]!, loStrict: m[2] === '(', hi: m[4]!, hiStrict: m[5] === ')' } };
  m = NUM.exec(piece);
  if (m) {
    const [, label, op, v, unit] = m;
    const b: Bound = op === '<' || op === '<=' ? { hi: v!, hiStrict: op === '<', loStrict: true } : op === '=' ? { lo: v!, hi: v!, loStrict: false, hiStrict: false } : { lo: v!, loStrict: op === '>', hiStrict: true };
    return { label: label!, unit: unit ?? '', bound: b };
  }
  const p = /^(.+) is present$/.exec(piece);
  if (p) return { label: p[1]!, unit: '', bound: { loStrict: true, hiStrict: true } };
  return undefined;
}

function describeBound(label: string, unit: string, b: Bound): string {
  const u = unit ? ` ${unit}` : '';
  if (b.lo === undefined && b.hi === undefined) return `${label} is present`;
  if (b.lo === undefined) return `${label} ${b.hiStrict ? '<' : '<='} ${b.hi}${u}`;
  if (b.hi === undefined) return `${label} ${b.loStrict ? '>' : '>='} ${b.lo}${u}`;
  if (b.lo === b.hi) return `${label} = ${b.lo}${u}`;
  return `${label} in ${b.loStrict ? '(' : '['}${b.lo}, ${b.hi}${b.hiStrict ? ')' : ']'}${u}`;
}

/** A readable condition for a union of an axis's pieces: adjacent intervals joined, enum values listed. */
export function describeAxis(pieces: readonly string[], set: ReadonlySet<number>): string {
  const chosen = [...set].sort((a, b) => a - b);
  const missing = chosen.filter((i) => pieces[i]!.endsWith(' is missing'));
  const rest = chosen.filter((i) => !pieces[i]!.endsWith(' is missing'));
  const parts: string[] = missing.map((i) => pieces[i]!);
  const label = pieces[0]!.replace(/ is missing$/, '');
  const nonMissing = pieces.map((_, i) => i).filter((i) => !pieces[i]!.endsWith(' is missing'));
  const terms = rest.length > 0 ? describeTerms(label, pieces, nonMissing, rest) : undefined;
  if (rest.length > 0 && rest.length === nonMissing.length) parts.push(`${label} is present`);
  else if (terms) parts.push(terms);
  else if (rest.length > 0) {
    const numeric = rest.map((i) => parseNumeric(pieces[i]!));
    if (numeric.every((n) => n !== undefined)) {
      // Runs of consecutive pieces are one interval.
      let runStart = 0;
      for (let j = 1; j <= rest.length; j++) {
        if (j < rest.length && rest[j] === rest[j - 1]! + 1) continue;
        const a = numeric[runStart]!;
        const b = numeric[j - 1]!;
        const bound: Bound = { loStrict: a.bound.loStrict, hiStrict: b.bound.hiStrict };
        if (a.bound.lo !== undefined) bound.lo = a.bound.lo;
        if (b.bound.hi !== undefined) bound.hi = b.bound.hi;
        parts.push(describeBound(a.label, a.unit || b.unit, bound));
        runStart = j;
      }
    } else {
      const values: string[] = [];
      let ok = true;
      for (const i of rest) {
        const p = pieces[i]!;
        const eq = / = (\S+)$/.exec(p);
        const inn = / in \{ (.+) \}$/.exec(p);
        if (eq && p.startsWith(`${label} = `)) values.push(eq[1]!);
        else if (inn && p.startsWith(`${label} in {`)) values.push(...inn[1]!.split(', '));
        else ok = false;
      }
      if (ok) parts.push(values.length === 1 ? `${label} = ${values[0]}` : `${label} in { ${values.join(', ')} }`);
      else parts.push(...rest.map((i) => pieces[i]!));
    }
  }
  return parts.length === 1 ? parts[0]! : `(${parts.join(' or ')})`;
}

/** Set pieces (`medications includes a, not b`): a union read as "includes a", "includes any of …" or "includes none of …" where it is one. */
function describeTerms(label: string, pieces: readonly string[], all: readonly number[], chosen: readonly number[]): string | undefined {
  const parse = (p: string): Map<string, boolean> | undefined => {
    if (!p.startsWith(`${label} `)) return undefined;
    const m = new Map<string, boolean>();
    for (const item of p.slice(label.length + 1).split(', ')) {
      const x = /^(includes|not) (\S+)$/.exec(item);
      if (!x) return undefined;
      m.set(x[2]!, x[1] === 'includes');
    }
    return m;
  };
  const masks = new Map<number, Map<string, boolean>>();
  for (const i of all) {
    const m = parse(pieces[i]!);
    if (!m) return undefined;
    masks.set(i, m);
  }
  const names = [...(masks.get(all[0]!)?.keys() ?? [])];
  const chosenSet = new Set(chosen);
  const same = (pred: (m: Map<string, boolean>) => boolean) => all.every((i) => pred(masks.get(i)!) === chosenSet.has(i));
  const list = (ts: readonly string[]) => (ts.length === 1 ? ts[0]! : `any of { ${ts.join(', ')} }`);
  for (const t of names) if (same((m) => m.get(t) === true)) return `${label} includes ${t}`;
  for (const t of names) if (same((m) => m.get(t) === false)) return `${label} does not include ${t}`;
  if (same((m) => [...m.values()].some(Boolean))) return `${label} includes ${list(names)}`;
  if (same((m) => ![...m.values()].some(Boolean))) return `${label} includes none of { ${names.join(', ')} }`;
  return undefined;
}

/**
 * A monitoring action's schedule as this patient gets it when a modifier applies (or one that
 * could is not evaluable): the decision's, so adding or changing a modifier changes the outcome
 * of the rules it tightens.
 */
function tighteningText(a: IrAction, decisions: readonly Decision[]): string {
  if (!a.schedule) return '';
  const d = decisions.find((x) => x.action === a.verb && x.targets.join('\u0000') === a.targets.join('\u0000') && (x.tightened || x.tighteningUnknown));
  if (!d) return '';
  const phases = (s: readonly SchedulePhaseResult[]) => s.map((p) => `every ${p.every}${p.bound ? ` ${p.bound.kind} ${p.bound.text}` : ''}`).join(', then ');
  let text = d.tightened ? `, tightened ${d.tightened.how} by ${d.tightened.by} to ${phases(d.schedule ?? [])}` : '';
  for (const u of d.tighteningUnknown ?? []) text += `, unless ${u.rule} (not evaluable) tightens it ${u.how}`;
  return text;
}

/** The rules a rule overrides, whole or in some of their actions, or whose monitoring it tightens. */
function overriddenRules(r: IrRule): string[] {
  return [...r.overrides, ...(r.overrideActions ?? []).map((o) => o.rule), ...(r.tightens ?? []).map((t) => t.rule)];
}
