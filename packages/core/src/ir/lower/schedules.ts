// Lowering of monitoring schedules: each phase's interval and bound in exact days, with the
// text as written; an interval (`1 to 2 wk`) keeps both ends, its low end taking the high
// end's unit when it has none.
import type { QuantityLiteral, RuleDecl, Schedule, ScheduleWindow, TightenClause } from '../../language/ast.js';
import { cadenceOf, tightenedCadence, tightenTargets } from '../../semantics/modifiers.js';
import type { SemanticModel } from '../../semantics/model.js';
import { toDays } from '../../units/units-helpers.js';
import type { IrSchedulePhase, IrTightening, IrWindow } from '../ir.js';

export function lowerSchedule(s: Schedule): IrSchedulePhase[] {
  return s.phases.map((p) => {
    const every = intervalDays(p.every, p.everyHigh);
    const phase = { everyDays: every.low, ...(every.high ? { everyDaysHigh: every.high } : {}), every: every.text };
    if (!p.bound) return phase;
    const b = intervalDays(p.bound.amount, p.bound.amountHigh);
    return { ...phase, bound: { kind: p.bound.kind, days: b.low, ...(b.high ? { daysHigh: b.high } : {}), text: b.text } };
  });
}

/** A one-off window (`after 2 to 3 wk`) in exact days, with its text as written. */
export function lowerWindow(w: ScheduleWindow): IrWindow {
  const i = intervalDays(w.amount, w.amountHigh);
  return { days: i.low, ...(i.high ? { daysHigh: i.high } : {}), text: i.text };
}

/** A duration or an interval of durations in days, exact, with its text (`1 to 2 wk`, `1 wk to 1 mo`). */
function intervalDays(low: QuantityLiteral, high: QuantityLiteral | undefined): { low: string; high?: string; text: string } {
  const unitText = (q: QuantityLiteral) => q.unit?.text ?? 'd';
  const lowUnit = low.unit || !high ? unitText(low) : unitText(high);
  const lowDays = toDays(low.value, lowUnit)!.toExact();
  if (!high) return { low: lowDays, text: `${low.value} ${lowUnit}` };
  const text = lowUnit === unitText(high) ? `${low.value} to ${high.value} ${lowUnit}` : `${low.value} ${lowUnit} to ${high.value} ${unitText(high)}`;
  return { low: lowDays, high: toDays(high.value, unitText(high))!.toExact(), text };
}

/**
 * A rule's `tightens` clauses: per monitoring action reached, its schedule with each phase's
 * cadence tightened (bounds kept). A clause whose cadence cannot be computed (not a time, a
 * factor not above one) lowers to nothing: the checker has reported it.
 */
export function lowerTightenings(model: SemanticModel, d: RuleDecl): IrTightening[] {
  const out: IrTightening[] = [];
  for (const clause of d.tightens ?? []) {
    for (const t of tightenTargets(model, d.id.value, clause)) {
      const own = lowerSchedule(t.schedule);
      const phases: IrSchedulePhase[] = [];
      for (let i = 0; i < own.length; i++) {
        const c = tightenedCadence(clause, t.schedule.phases[i]!);
        if (!c) break;
        const { everyDaysHigh: _drop, ...rest } = own[i]!;
        phases.push({ ...rest, everyDays: c.low.toExact(), ...(c.high.eq(c.low) ? {} : { everyDaysHigh: c.high.toExact() }), every: c.text });
      }
      if (phases.length === own.length) out.push({ rule: t.rule, action: t.action, schedule: phases, text: tightenText(clause) });
    }
  }
  return out;
}

/** How a clause tightens, as written: `twice as often`, `3 times as often`, `to every 1 wk`. */
export function tightenText(clause: TightenClause): string {
  if (clause.factor) return clause.factor.text === 'twice' ? 'twice as often' : `${clause.factor.text} times as often`;
  return `to every ${clause.every ? (cadenceOf(clause.every)?.text ?? '') : ''}`;
}
