// Schedule modifiers: `tightens monitor cbc of G twice as often` (or `… to every 1 wk`). When
// the modifying rule fires, the monitoring actions it selects show a more frequent schedule.
// What a clause reaches and the schedule it gives are computed here, exactly, once: lowering
// writes them into the IR, the checker proves them tighter, and the editor reads the same.
import type { QuantityLiteral, RuleDecl, Schedule, SchedulePhase, TightenClause } from '../language/ast.js';
import { Rational } from '../units/rational.js';
import { toDays } from '../units/units-helpers.js';
import { itemRules, selects } from './groups.js';
import type { SemanticModel } from './model.js';

/** One monitoring action a modifier reaches: the rule and the action's index in it. */
export interface TightenTarget {
  readonly rule: string;
  readonly action: number;
  readonly schedule: Schedule;
}

/** The monitoring actions (with a schedule) a `tightens` clause of rule `by` selects. */
export function tightenTargets(model: SemanticModel, by: string, clause: TightenClause): TightenTarget[] {
  const out: TightenTarget[] = [];
  for (const id of itemRules(model, by, clause.item)) {
    const decl = model.rules.get(id)?.decl;
    if (decl?.kind !== 'RuleDecl') continue;
    decl.actions.forEach((a, j) => {
      // A one-off window (`after 2 to 3 wk`) has no cadence to tighten.
      if (a.schedule && a.schedule.phases.length > 0 && clause.item.actions.some((s) => selects(s, a))) out.push({ rule: id, action: j, schedule: a.schedule });
    });
  }
  return out;
}

/** One phase's cadence as an interval of exact days (`high` equals `low` for one duration), and its text. */
export interface Cadence {
  readonly low: Rational;
  readonly high: Rational;
  readonly text: string;
}

/** The unit an interval's low end is in: its own, else the high end's. */
function lowUnitOf(low: QuantityLiteral, high: QuantityLiteral | undefined): string {
  return low.unit?.text ?? high?.unit?.text ?? 'd';
}

/** A phase's cadence as written; undefined when an end is no time (VGL4007 reports it). */
export function cadenceOf(p: SchedulePhase): Cadence | undefined {
  const lowUnit = lowUnitOf(p.every, p.everyHigh);
  const low = toDays(p.every.value, lowUnit);
  if (!low) return undefined;
  if (!p.everyHigh) return { low, high: low, text: `${p.every.value} ${lowUnit}` };
  const highUnit = p.everyHigh.unit?.text ?? 'd';
  const high = toDays(p.everyHigh.value, highUnit);
  if (!high) return undefined;
  const text = lowUnit === highUnit ? `${p.every.value} to ${p.everyHigh.value} ${lowUnit}` : `${p.every.value} ${lowUnit} to ${p.everyHigh.value} ${highUnit}`;
  return { low, high, text };
}

/** A number as text: a decimal when it terminates, else the reduced fraction `n/d` (exact either way). */
function numberText(r: Rational): string {
  return r.toExact();
}

/** The factor of `twice` / `N times`; undefined when it is not a number above one (VGL3038 reports it). */
export function tightenFactor(clause: TightenClause): Rational | undefined {
  if (!clause.factor) return undefined;
  const f = Rational.tryParse(clause.factor.value);
  return f && f.gt(Rational.ONE) ? f : undefined;
}

/**
 * The cadence a clause gives a phase: the phase's own divided by the factor (each end, in the
 * unit it is written in: `every 3 to 6 mo` twice as often is `every 1.5 to 3 mo`), or the
 * clause's `to every` interval. Undefined when either side is not a time or the factor is bad.
 */
export function tightenedCadence(clause: TightenClause, p: SchedulePhase): Cadence | undefined {
  if (clause.every) return cadenceOf(clause.every);
  const f = tightenFactor(clause);
  const own = cadenceOf(p);
  if (!f || !own) return undefined;
  const lowUnit = lowUnitOf(p.every, p.everyHigh);
  const lowValue = Rational.parse(p.every.value).div(f);
  const low = own.low.div(f);
  if (!p.everyHigh) return { low, high: low, text: `${numberText(lowValue)} ${lowUnit}` };
  const highUnit = p.everyHigh.unit?.text ?? 'd';
  const highValue = Rational.parse(p.everyHigh.value).div(f);
  const text = lowUnit === highUnit ? `${numberText(lowValue)} to ${numberText(highValue)} ${lowUnit}` : `${numberText(lowValue)} ${lowUnit} to ${numberText(highValue)} ${highUnit}`;
  return { low, high: own.high.div(f), text };
}

/** Whether cadence `a` is at least as frequent as `b`: each end no longer. */
export function atLeastAsFrequent(a: Cadence, b: Cadence): boolean {
  return a.low.le(b.low) && a.high.le(b.high);
}

/** The 1-based phases of a schedule that a clause would make less frequent at either end. */
export function loosenedPhases(clause: TightenClause, s: Schedule): number[] {
  const out: number[] = [];
  s.phases.forEach((p, i) => {
    const own = cadenceOf(p);
    const next = tightenedCadence(clause, p);
    if (own && next && !atLeastAsFrequent(next, own)) out.push(i + 1);
  });
  return out;
}

/** Every `tightens` clause of the rule set with its rule. */
export function tightenClauses(model: SemanticModel): { readonly rule: RuleDecl; readonly uri: string; readonly clause: TightenClause }[] {
  const out: { rule: RuleDecl; uri: string; clause: TightenClause }[] = [];
  for (const r of model.rules.values()) {
    if (r.decl.kind !== 'RuleDecl') continue;
    for (const clause of r.decl.tightens ?? []) out.push({ rule: r.decl, uri: r.uri, clause });
  }
  return out;
}
