// Lowering of monitoring schedules: each phase's interval and bound in exact days, with the
// text as written; an interval (`1 to 2 wk`) keeps both ends, its low end taking the high
// end's unit when it has none.
import type { QuantityLiteral, Schedule } from '../../language/ast.js';
import { toDays } from '../../units/units-helpers.js';
import type { IrSchedulePhase } from '../ir.js';

export function lowerSchedule(s: Schedule): IrSchedulePhase[] {
  return s.phases.map((p) => {
    const every = intervalDays(p.every, p.everyHigh);
    const phase = { everyDays: every.low, ...(every.high ? { everyDaysHigh: every.high } : {}), every: every.text };
    if (!p.bound) return phase;
    const b = intervalDays(p.bound.amount, p.bound.amountHigh);
    return { ...phase, bound: { kind: p.bound.kind, days: b.low, ...(b.high ? { daysHigh: b.high } : {}), text: b.text } };
  });
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
