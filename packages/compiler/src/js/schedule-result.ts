// A monitoring phase as a decision reports it: the IR's exact days as the nearest doubles, and,
// for an interval (`every 1 to 2 wk`) or days that do not terminate (`every 8 h`), both ends
// exactly beside them. One function, so the JS engine and the SQL back end report alike.
import type { IrSchedulePhase, IrWindow } from '@vigil/core';
import type { SchedulePhaseResult, WindowResult } from '@vigil/runtime';
import { nearestDouble, parseExact } from './escape.js';

export function schedulePhaseResult(p: IrSchedulePhase): SchedulePhaseResult {
  const days = (x: string) => nearestDouble(parseExact(x));
  const exact: { everyDays: string; everyDaysHigh?: string; boundDays?: string; boundDaysHigh?: string } = { everyDays: p.everyDays };
  if (p.everyDaysHigh !== undefined) exact.everyDaysHigh = p.everyDaysHigh;
  if (p.bound) exact.boundDays = p.bound.days;
  if (p.bound?.daysHigh !== undefined) exact.boundDaysHigh = p.bound.daysHigh;
  const needsExact = p.everyDaysHigh !== undefined || p.bound?.daysHigh !== undefined || Object.values(exact).some((e) => e.includes('/'));
  return {
    every: p.every,
    everyDays: days(p.everyDays),
    ...(p.everyDaysHigh !== undefined ? { everyDaysHigh: days(p.everyDaysHigh) } : {}),
    ...(p.bound
      ? { bound: { kind: p.bound.kind, days: days(p.bound.days), ...(p.bound.daysHigh !== undefined ? { daysHigh: days(p.bound.daysHigh) } : {}), text: p.bound.text } }
      : {}),
    ...(needsExact ? { exact } : {}),
  };
}

/** A one-off window as a decision reports it: both ends as doubles, and exactly for an interval or a fraction. */
export function windowResult(w: IrWindow): WindowResult {
  const days = (x: string) => nearestDouble(parseExact(x));
  const needsExact = w.daysHigh !== undefined || w.days.includes('/');
  return {
    after: w.text,
    days: days(w.days),
    ...(w.daysHigh !== undefined ? { daysHigh: days(w.daysHigh) } : {}),
    ...(needsExact ? { exact: { days: w.days, ...(w.daysHigh !== undefined ? { daysHigh: w.daysHigh } : {}) } } : {}),
  };
}
