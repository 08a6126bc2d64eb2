// The outcome rows of one patient back into the engine's result: the same decisions (most
// severe action first, then rule order, then action order), not-evaluable rules and
// overrides, with the same fields in the same order, so a SQL run writes the same NDJSON
// as `vigil run` (with explanations when the rows carry them, as --explain writes them).
import { ACTION_RANK, Rational, type IrAction, type IrProgram } from '@vigil/core';
import { preludeHelpers } from '@vigil/runtime/prelude';
import { schedulePhaseResult } from '@vigil/compiler';
import { SqlCompileError } from './quote.js';
import { anchoredActions, anchoredSchedule, type AnchoredAction } from './schedules.js';
import { actionOverrides, type ActionOverride } from './overrides.js';
import { roundedDose } from './rounding.js';

/** One outcome row, as read back (the columns of OUTCOME_COLUMNS the assembler needs). */
export interface OutcomeRow {
  readonly ruleIndex: number;
  readonly actionIndex: number | null;
  readonly status: string;
  readonly doseLow: string | null;
  readonly doseLowDen: string | null;
  readonly doseHigh: string | null;
  readonly doseHighDen: string | null;
  readonly doseStandard: string | null;
  readonly doseStandardDen: string | null;
  readonly missing: readonly string[];
  readonly overriddenBy: readonly string[];
  /** With explanations: the explaining atoms and their texts, in order, and the dose's calculation (null: none). */
  readonly explanation?: readonly { readonly atom: number; readonly text: string }[];
  readonly calculation?: string | null;
  /** A titration's step (exact decimal text; absent or null: no titration). */
  readonly doseStep?: string | null;
  readonly doseStepDen?: string | null;
  /** An anchored schedule's instants (epoch ms as text): the anchor, then its dates (schedules.ts); empty otherwise. */
  readonly scheduleMs?: readonly string[];
}

export interface AssembledRecord {
  readonly decisions: readonly Record<string, unknown>[];
  readonly notEvaluable: readonly { rule: string; title: string; missing: readonly string[] }[];
  readonly overridden: readonly { rule: string; by: string }[];
}

type Rat = readonly [bigint, bigint];

function rat(num: string | null, den: string | null, what: string): Rat {
  const h = preludeHelpers();
  const n = num === null ? null : h.decToRat(num);
  const d = den === null ? null : h.decToRat(den);
  if (n === null || d === null || d[0] === 0n) throw new SqlCompileError(`the database returned a malformed ${what}: ${String(num)} / ${String(den)}`);
  // (n0/n1) / (d0/d1), denominator positive.
  const a = n[0] * d[1];
  const b = n[1] * d[0];
  return b < 0n ? [-a, -b] : [a, b];
}

const exact = (r: Rat): string => Rational.of(r[0], r[1]).toExact();

export class OutcomeAssembler {
  private readonly order: { rule: number; action: number }[];
  private readonly overrides: { by: number; over: number }[] = [];
  /** Per rule, its anchored actions by action index. */
  private readonly anchored: Map<number, AnchoredAction>[];
  private readonly actionOverrides: ActionOverride[];

  constructor(private readonly ir: IrProgram) {
    this.anchored = ir.rules.map((r) => new Map(anchoredActions(r).map((a) => [a.action, a])));
    this.actionOverrides = actionOverrides(ir);
    const all: { rule: number; action: number; rank: number }[] = [];
    ir.rules.forEach((r, i) => r.actions.forEach((a, j) => all.push({ rule: i, action: j, rank: ACTION_RANK[a.verb] })));
    this.order = all.sort((x, y) => x.rank - y.rank || x.rule - y.rule || x.action - y.action);
    const index = new Map(ir.rules.map((r, i) => [r.id, i]));
    ir.rules.forEach((r, i) => {
      for (const o of r.overrides) this.overrides.push({ by: i, over: index.get(o)! });
    });
  }

  /** The result of one patient from its outcome rows (any order). */
  assemble(rows: readonly OutcomeRow[]): AssembledRecord {
    const ir = this.ir;
    const fired = new Map<string, OutcomeRow>();
    const status = new Map<number, OutcomeRow>();
    // Single actions overridden: `rule_action_by`.
    const suppressed = new Set<string>();
    for (const row of rows) {
      if (row.status === 'fired') fired.set(`${row.ruleIndex}_${row.actionIndex}`, row);
      else if (row.actionIndex !== null) for (const by of row.overriddenBy) suppressed.add(`${row.ruleIndex}_${row.actionIndex}_${by}`);
      else status.set(row.ruleIndex, row);
    }
    const decisions: Record<string, unknown>[] = [];
    for (const { rule, action } of this.order) {
      const row = fired.get(`${rule}_${action}`);
      if (row) decisions.push(this.decisionOf(rule, action, row));
    }
    const notEvaluable: { rule: string; title: string; missing: readonly string[] }[] = [];
    for (const [i, row] of [...status].sort((a, b) => a[0] - b[0])) {
      if (row.status === 'not evaluable') notEvaluable.push({ rule: ir.rules[i]!.id, title: ir.rules[i]!.title, missing: row.missing });
    }
    const overridden: { rule: string; by: string }[] = [];
    for (const { by, over } of this.overrides) {
      const row = status.get(over);
      if (row?.status === 'overridden' && row.overriddenBy.includes(ir.rules[by]!.id)) overridden.push({ rule: ir.rules[over]!.id, by: ir.rules[by]!.id });
    }
    for (const o of this.actionOverrides) {
      if (suppressed.has(`${o.over}_${o.actions[0]}_${ir.rules[o.by]!.id}`)) overridden.push(JSON.parse(o.json) as { rule: string; by: string });
    }
    return { decisions, notEvaluable, overridden };
  }

  /** The anchored action j of rule i, if it is one. */
  anchoredAction(i: number, j: number): AnchoredAction | undefined {
    return this.anchored[i]!.get(j);
  }

  /** The decision of action j of rule i; `row` gives its dose and anchored dates (none needed for an action without them). */
  decisionOf(i: number, j: number, row: OutcomeRow | undefined): Record<string, unknown> {
    const r = this.ir.rules[i]!;
    const a = r.actions[j]!;
    const d: Record<string, unknown> = { rule: r.id, title: r.title, action: a.verb, targets: a.targets };
    if (a.verb === 'stop') d.permanent = a.permanent;
    if (a.message !== undefined) d.message = a.message;
    if (a.dose) d.dose = this.dose(a, row!);
    const anchored = this.anchored[i]!.get(j);
    if (anchored) Object.assign(d, anchoredSchedule(r.id, a, anchored, row?.scheduleMs ?? []));
    else if (a.schedule) d.schedule = schedule(a);
    d.sources = r.sources;
    if (r.strength !== undefined) d.strength = r.strength;
    d.explanation = row?.explanation ?? [];
    return d;
  }

  private dose(a: IrAction, row: OutcomeRow): Record<string, unknown> {
    const h = preludeHelpers();
    const dose = a.dose!;
    const low = rat(row.doseLow, row.doseLowDen, 'dose');
    const high = dose.high ? rat(row.doseHigh, row.doseHighDen, 'dose') : undefined;
    const rel = dose.relative;
    const out: Record<string, unknown> = { low: h.toNum(low) };
    if (high) out.high = h.toNum(high);
    if (high && dose.highExclusive) out.highExclusive = true;
    out.unit = dose.unit;
    out.ofStandard = dose.ofStandard && !rel;
    out.exact = high ? { low: exact(low), high: exact(high) } : { low: exact(low) };
    if (rel) {
      const frac = (e: typeof rel.low): string | null => constantExact(e);
      const std = row.doseStandard === null ? null : exact(rat(row.doseStandard, row.doseStandardDen, 'standard dose'));
      out.relative = rel.high ? { low: frac(rel.low), high: frac(rel.high), standard: std } : { low: frac(rel.low), standard: std };
    }
    const t = dose.titration;
    if (t) {
      // As the engine: start and limit as written (an increase starts at the low end), the
      // step exact, and how many steps reach the limit (the distance over the step, rounded up).
      if (!high) throw new SqlCompileError('a titration without a high end');
      const step = rat(row.doseStep ?? null, row.doseStepDen ?? null, 'titration step');
      const [start, limit] = t.direction === 'increase' ? [low, high] : [high, low];
      out.titration = { direction: t.direction, start: exact(start), step: exact(step), limit: exact(limit), every: t.every, everyDays: h.toNum([Rational.parse(t.everyDays).num, Rational.parse(t.everyDays).den]), steps: titrationSteps(start, limit, step) };
    }
    const fr = dose.frequency;
    if (fr) {
      // The amount given each time: the exact daily dose times the IR's exact factor, as the JS engine gives it.
      const k = Rational.parse(fr.amountFactor);
      const each = (x: readonly [bigint, bigint]) => h.rmul(x, [k.num, k.den]);
      const al = each(low);
      const ah = high ? each(high) : undefined;
      const amount: Record<string, unknown> = { low: h.toNum(al) };
      if (ah) amount.high = h.toNum(ah);
      amount.unit = fr.amountUnit;
      amount.exact = ah ? { low: exact(al), high: exact(ah) } : { low: exact(al) };
      const n = (x: string) => h.toNum([Rational.parse(x).num, Rational.parse(x).den]);
      out.frequency = { text: fr.text, count: n(fr.count), periodDays: n(fr.periodDays), amount };
    }
    if (row.calculation !== undefined && row.calculation !== null) out.calculation = row.calculation;
    // Display only, derived from the exact dose as the engine derives it (rounding.ts).
    if (dose.rounding) out.rounded = roundedDose(dose, low, high);
    return out;
  }
}

/** The engine's $titrationSteps: steps from start to limit, rounded up; null when the step does not move. */
function titrationSteps(start: Rat, limit: Rat, step: Rat): number | null {
  const dn = limit[0] * start[1] - start[0] * limit[1];
  const dd = limit[1] * start[1];
  const distance = dn < 0n ? -dn : dn;
  if (step[0] <= 0n) return null;
  const n = distance * step[1];
  const d = dd * step[0];
  return Number(n / d + (n % d === 0n ? 0n : 1n));
}

function schedule(a: IrAction): unknown[] {
  return a.schedule!.map(schedulePhaseResult);
}

/** The exact value of a quantity expression of literals only, as the engine reports a relative dose's fraction. */
function constantExact(e: import('@vigil/core').IrExpr): string | null {
  const v = (x: import('@vigil/core').IrExpr): Rational | undefined => {
    switch (x.kind) {
      case 'quantity':
        return Rational.parse(x.value);
      case 'scale': {
        const a = v(x.arg);
        return a && a.mul(Rational.parse(x.factor));
      }
      case 'negate':
        return v(x.arg)?.neg();
      case 'arith': {
        const l = v(x.left);
        const r = v(x.right);
        if (!l || !r || (x.op === '/' && r.isZero())) return undefined;
        return x.op === '+' ? l.add(r) : x.op === '-' ? l.sub(r) : x.op === '*' ? l.mul(r) : l.div(r);
      }
      default:
        return undefined;
    }
  };
  return v(e)?.toExact() ?? null;
}

/** An outcome row as the drivers return it (columns in `vigil_outcomes` order); `list` reads the driver's list cells. */
export function outcomeOf(r: readonly unknown[], list: (v: unknown) => string[]): OutcomeRow & { pid: number } {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  // With explanations, three more columns (EXPLAIN_COLUMNS).
  const explained =
    r.length > 20 && r[3] === 'fired'
      ? (() => {
          const atoms = list(r[20]).map(Number);
          const texts = list(r[21]);
          if (atoms.length !== texts.length) throw new SqlCompileError(`the database returned ${atoms.length} explaining atoms and ${texts.length} texts`);
          return { explanation: atoms.map((atom, k) => ({ atom, text: texts[k]! })), calculation: text(r[22]) };
        })()
      : {};
  return {
    ...explained,
    pid: Number(r[0]),
    ruleIndex: Number(r[1]),
    actionIndex: r[2] === null ? null : Number(r[2]),
    status: String(r[3]),
    doseLow: text(r[9]),
    doseLowDen: text(r[10]),
    doseHigh: text(r[11]),
    doseHighDen: text(r[12]),
    doseStandard: text(r[13]),
    doseStandardDen: text(r[14]),
    missing: list(r[15]),
    overriddenBy: list(r[16]),
    scheduleMs: list(r[17]),
    doseStep: text(r[18]),
    doseStepDen: text(r[19]),
  };
}
