// Layer 3: behaviour over the input space. Only rules whose meaning changed (behaviour
// keys differ, or the rule was added or removed) and the rules they override can decide
// differently; every other rule has the same fire condition, actions and overriders in
// both versions. Their conditions, from both versions, go to the region engine, which
// splits the space at every threshold, enum value and set member either version
// mentions. Each cell's representative patient is evaluated by both compiled engines;
// cells whose outcome differs are merged into regions (product cubes) with one verified
// witness each.
import { analyzerFor, regions, type IrExpr, type IrProgram, type IrRule, type RegionReport } from '@vigil/core';
import type { Engine } from '@vigil/compiler';
import type { EvaluationResult } from '@vigil/runtime';
import { actionText, behaviourKeys } from './ir-text.js';
import { mergePrograms } from './merge.js';

export interface SpaceOptions {
  /** Most cells evaluated (default 20000). */
  readonly maxCells?: number;
  /** Evaluation time for `… ago`, `within` (default: midnight UTC today). */
  readonly now?: Date;
  /** Renamed rules, old id → new id, so a rename is not a change of behaviour. */
  readonly renames?: ReadonlyMap<string, string>;
}

/** What one rule does for one patient. */
export type RuleOutcome =
  | { readonly status: 'fires'; readonly actions: readonly string[] }
  | { readonly status: 'not-fired' }
  | { readonly status: 'not-evaluable'; readonly missing: readonly string[] }
  | { readonly status: 'overridden'; readonly by: string }
  | { readonly status: 'absent' }
  | { readonly status: 'rejected'; readonly reason: string };

export interface RuleChange {
  readonly rule: string;
  readonly before: RuleOutcome;
  readonly after: RuleOutcome;
}

export interface BehaviourRegion {
  /** Per fact part constrained, the readable condition; unconstrained facts are left out. */
  readonly conditions: readonly string[];
  /** `wbc in [2.5, 3) 10*9/L (other facts as any)`. */
  readonly description: string;
  /** Outcomes gained and lost, as a clinician reads them. */
  readonly now: readonly string[];
  readonly before: readonly string[];
  /** `now contraindicate azathioprine (before: no decision)`. */
  readonly change: string;
  readonly rules: readonly RuleChange[];
  readonly witness: { readonly facts: Readonly<Record<string, unknown>>; readonly text: string; readonly verified: boolean };
  /** Rules (unchanged in both versions) that would hide the change when they fire, as they override a changed rule. */
  readonly unlessFires: readonly string[];
  /** Cells of the enumeration merged into this region. */
  readonly cells: number;
}

export interface SpaceReport {
  /** Rules whose meaning changed (or that were added or removed). */
  readonly changedRules: readonly string[];
  /** Unchanged rules analysed because a changed rule overrides them. */
  readonly affectedRules: readonly string[];
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
  const over = result.overridden.find((o) => o.rule === rule.id);
  if (over) return { status: 'overridden', by: over.by };
  if (result.decisions.some((d) => d.rule === rule.id)) return { status: 'fires', actions: rule.actions.map(actionText) };
  const ne = result.notEvaluable.find((n) => n.rule === rule.id);
  if (ne) return { status: 'not-evaluable', missing: ne.missing };
  return { status: 'not-fired' };
}

function sameOutcome(a: RuleOutcome, b: RuleOutcome, renames: ReadonlyMap<string, string>): boolean {
  if (a.status !== b.status) return false;
  if (a.status === 'fires') return JSON.stringify(a.actions) === JSON.stringify((b as typeof a).actions);
  if (a.status === 'overridden') return (renames.get(a.by) ?? a.by) === (b as typeof a).by;
  // Not evaluable in both: the status is the same, whichever facts are named as missing.
  return true;
}

/** The readable items of an outcome: actions for a rule that fires, a note for one not evaluable. */
function items(rule: string, o: RuleOutcome): string[] {
  switch (o.status) {
    case 'fires':
      return [...o.actions];
    case 'not-evaluable':
      return [`${rule} not evaluable (missing ${o.missing.join(', ')})`];
    case 'overridden':
      return [`${rule} overridden by ${o.by}`];
    case 'rejected':
      return [`patient not accepted: ${o.reason}`];
    default:
      return [];
  }
}

export function evaluateSafely(engine: Engine, facts: unknown, now: Date): EvaluationResult | { error: string } {
  try {
    return engine.evaluate(facts, { now, explain: false });
  } catch (error) {
    const issues = (error as { issues?: { path: string; message: string }[] }).issues;
    return { error: issues?.[0] ? `${issues[0].path}: ${issues[0].message}` : error instanceof Error ? error.message : String(error) };
  }
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
    for (const id of p.oldId ? oldRules.get(p.oldId)!.overrides : []) affected.add(renames.get(id) ?? id);
    for (const id of p.newId ? newRules.get(p.newId)!.overrides : []) affected.add(id);
  }
  for (const id of changedIds) affected.delete(id);
  const merged = mergePrograms(oldP, newP);
  if (merged.incompatible.length > 0) notes.push(`facts whose type changed incompatibly are compared as declared in the old version: ${merged.incompatible.join(', ')}`);
  const oldAnalyzer = analyzerFor(oldP);
  const newAnalyzer = analyzerFor(newP);
  // Facts a dose is computed from (weight for a weight-based dose or a standard dose) split
  // the space too, present or missing, so that a changed dose shows where it can be computed.
  let doseAtom = Math.max(oldP.atomCount, newP.atomCount) + 1_000_000;
  const doseInputs = (program: IrProgram, rule: IrRule): IrExpr[] => {
    const defs = new Map(program.definitions.map((d) => [d.name, d.expr]));
    const refs = new Map<string, { fact: string; part: 'value' | 'baseline' | 'uln' }>();
    const seen = new Set<string>();
    const visit = (e: IrExpr | undefined): void => {
      if (!e) return;
      if (e.kind === 'fact') refs.set(`${e.ref.fact}:${e.ref.part}`, e.ref);
      else if (e.kind === 'ref' && !seen.has(e.definition)) {
        seen.add(e.definition);
        visit(defs.get(e.definition));
      } else if (e.kind === 'arith') {
        visit(e.left);
        visit(e.right);
      } else if (e.kind === 'scale' || e.kind === 'negate') visit(e.arg);
    };
    for (const a of rule.actions) if (a.dose) [a.dose.low, a.dose.high].forEach(visit);
    return [...refs.values()].map((ref) => ({ kind: 'presence', ref, missing: false, atom: doseAtom++, text: `${ref.fact} is present`, location: rule.location }));
  };
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
    for (const id of p.oldId ? oldRules.get(p.oldId)!.overrides : []) ids.add(renames.get(id) ?? id);
    for (const id of p.newId ? newRules.get(p.newId)!.overrides : []) ids.add(id);
    return [...ids].filter((id) => !changedIds.has(id));
  };
  const overriders = (id: string): string[] => {
    const out: string[] = [];
    for (const r of newP.rules) if (r.overrides.includes(id) && !changedIds.has(r.id)) out.push(r.id);
    return out;
  };
  const affectedPairs = [...affected].map(pairOf);
  const ctx: FocusContext = { merged: merged.program, oldRules, newRules, engines, now, renames, overriders };
  const out: BehaviourRegion[] = [];
  let explored = 0;
  let totalCells = 0;
  let complete = true;
  const unsplit = new Set<string>();
  // One analysis over every changed rule when the joint space is small enough; otherwise one per changed rule.
  const joint = analyseFocus(ctx, exprsOf([...changed, ...affectedPairs]), [...changed, ...affectedPairs], maxCells);
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
  out.sort((x, y) => (x.rules[0]!.rule < y.rules[0]!.rule ? -1 : x.rules[0]!.rule > y.rules[0]!.rule ? 1 : x.description < y.description ? -1 : x.description > y.description ? 1 : 0));
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
}

/** Regions over the conditions `exprs`, comparing the outcomes of the rules in `compared` cell by cell. */
function analyseFocus(ctx: FocusContext, exprs: readonly IrExpr[], compared: readonly Pair[], maxCells: number): { report: RegionReport; regions: BehaviourRegion[] } {
  const { program, classes } = termClasses(ctx.merged, exprs);
  const report = regions(program.program, program.exprs, { maxCells, now: ctx.now });
  if (!report.complete) return { report, regions: [] };
  interface Cell {
    index: number;
    digits: number[];
    key: string;
    changes: RuleChange[];
    facts: Readonly<Record<string, unknown>>;
    text: string;
  }
  const radix = report.axes.map((a) => a.pieces.length);
  const changedCells: Cell[] = [];
  for (const cell of report.cells) {
    const a = evaluateSafely(ctx.engines.old, cell.patient.facts, ctx.now);
    const b = evaluateSafely(ctx.engines.new, cell.patient.facts, ctx.now);
    const changes: RuleChange[] = [];
    for (const p of compared) {
      const before = outcomeOf(a, p.oldId ? ctx.oldRules.get(p.oldId) : undefined);
      const after = outcomeOf(b, p.newId ? ctx.newRules.get(p.newId) : undefined);
      const same = sameOutcome(before.status === 'absent' ? { status: 'not-fired' } : before, after.status === 'absent' ? { status: 'not-fired' } : after, ctx.renames);
      if (!same) changes.push({ rule: p.newId ?? p.oldId!, before, after });
    }
    if (changes.length === 0) continue;
    const digits: number[] = new Array(radix.length);
    let rest = cell.index;
    for (let k = radix.length - 1; k >= 0; k--) {
      digits[k] = rest % radix[k]!;
      rest = Math.floor(rest / radix[k]!);
    }
    changedCells.push({ index: cell.index, digits, key: JSON.stringify(changes), changes, facts: cell.patient.facts, text: cell.patient.text });
  }
  const groups = new Map<string, Cell[]>();
  for (const c of changedCells) groups.set(c.key, [...(groups.get(c.key) ?? []), c]);
  const out: BehaviourRegion[] = [];
  for (const cells of groups.values()) {
    for (const cube of mergeCubes(cells.map((c) => ({ sets: c.digits.map((d) => new Set([d])), cells: [c] })), radix)) {
      const first = cube.cells.reduce((x, y) => (x.index <= y.index ? x : y));
      const conditions: string[] = [];
      cube.sets.forEach((set, k) => {
        if (set.size === radix[k]) return;
        conditions.push(expandClasses(describeAxis(report.axes[k]!.pieces, set), classes));
      });
      const nowItems: string[] = [];
      const beforeItems: string[] = [];
      for (const ch of first.changes) {
        const x = items(ch.rule, ch.before);
        const y = items(ch.rule, ch.after);
        for (const i of y) if (!x.includes(i) && !nowItems.includes(i)) nowItems.push(i);
        for (const i of x) if (!y.includes(i) && !beforeItems.includes(i)) beforeItems.push(i);
      }
      const description = `${conditions.length > 0 ? conditions.join(', ') : 'every patient'} (other facts as any)`;
      const change =
        nowItems.length === 0 && beforeItems.length === 0
          ? `now ${first.changes.map((c) => `${c.rule} ${describeStatus(c.after)}`).join('; ')} (before: ${first.changes.map((c) => `${c.rule} ${describeStatus(c.before)}`).join('; ')})`
          : `now ${nowItems.length > 0 ? nowItems.join('; ') : 'no decision'} (before: ${beforeItems.length > 0 ? beforeItems.join('; ') : 'no decision'})`;
      out.push({
        conditions,
        description,
        now: nowItems,
        before: beforeItems,
        change,
        rules: first.changes,
        witness: { facts: first.facts, text: first.text, verified: true },
        unlessFires: [...new Set(first.changes.flatMap((c) => ctx.overriders(c.rule)))],
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
  const defs = new Map(program.definitions.map((d) => [d.name, d.expr]));
  const signature = new Map<string, Map<string, number[]>>();
  const seenDefs = new Set<string>();
  const visit = (e: IrExpr): void => {
    switch (e.kind) {
      case 'and':
      case 'or':
        e.args.forEach(visit);
        return;
      case 'not':
      case 'truth':
        visit(e.arg);
        return;
      case 'ref':
        if (!seenDefs.has(e.definition) && defs.has(e.definition)) {
          seenDefs.add(e.definition);
          visit(defs.get(e.definition)!);
        }
        return;
      case 'includes': {
        const part = e.subject.kind === 'fact' ? `${e.subject.ref.fact}:${e.subject.ref.part}` : '';
        let m = signature.get(part);
        if (!m) signature.set(part, (m = new Map()));
        for (const t of e.terms) m.set(t.name, [...(m.get(t.name) ?? []), e.atom]);
        return;
      }
      default:
    }
  };
  exprs.forEach(visit);
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

function describeStatus(o: RuleOutcome): string {
  switch (o.status) {
    case 'fires':
      return 'fires';
    case 'not-fired':
    case 'absent':
      return 'does not fire';
    case 'not-evaluable':
      return `is not evaluable (missing ${o.missing.join(', ')})`;
    case 'overridden':
      return `is overridden by ${o.by}`;
    case 'rejected':
      return `rejects the patient (${o.reason})`;
  }
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
