// Anchored monitoring schedules (`… from FACT`): each phase's start and end as offsets from
// the anchor, in whole milliseconds, computed exactly at generation time from the IR's exact
// days; the engine adds them to the anchor fact's value. A phase whose bound is an interval
// (`for 3 to 6 mo`) ends in a window, so it and the next phase get an earliest and latest date.
import type { IrSchedulePhase, IrWindow } from '@vigil/core';
import { GenerateError, parseExact, type Rational } from './escape.js';

const MS_PER_DAY = 86_400_000n;

/** Exact days as whole milliseconds; a duration that is no whole number of them is refused. */
function ms(days: string): bigint {
  const r: Rational = parseExact(days);
  const n = r.n * MS_PER_DAY;
  if (n % r.d !== 0n) throw new GenerateError(`a schedule duration of ${days} d is not a whole number of milliseconds`);
  return n / r.d;
}

/** A one-off window's [earliest, latest] due offsets in ms after the anchor. */
export function windowOffsets(w: IrWindow): [number, number] {
  return [Number(ms(w.days)), Number(ms(w.daysHigh ?? w.days))];
}

/** Per phase: [start, latest start, end, latest end] in ms after the anchor (end null for an open phase). */
export function anchorOffsets(phases: readonly IrSchedulePhase[]): [number, number, number | null, number | null][] {
  let start = 0n;
  let startHigh = 0n;
  return phases.map((p) => {
    let end: bigint | null = null;
    let endHigh: bigint | null = null;
    if (p.bound) {
      const lo = ms(p.bound.days);
      const hi = p.bound.daysHigh !== undefined ? ms(p.bound.daysHigh) : lo;
      // `for`: a length from the phase's start; `until`: a time since the schedule's start.
      [end, endHigh] = p.bound.kind === 'for' ? [start + lo, startHigh + hi] : [lo, hi];
    }
    const row: [number, number, number | null, number | null] = [Number(start), Number(startHigh), end === null ? null : Number(end), endHigh === null ? null : Number(endHigh)];
    if (end !== null && endHigh !== null) [start, startHigh] = [end, endHigh];
    return row;
  });
}

/**
 * `$anchored(phases, offsets, anchor, dateOnly)`: the decision's phases with their dates. A
 * date anchor gives dates while an offset is whole days, else a UTC date and time (a month is
 * 30.4375 d, so `for 1 mo` from a date ends at 10:30 on the 31st day: exact, as UCUM defines it).
 */
export const ANCHORED_HELPER = `function $anchorDate(v, off, dateOnly) {
  const t = v + off;
  return dateOnly && off % 86400000 === 0 ? $fmtDate(t, true) : $fmtDate(t, false);
}
function $anchored(phases, offsets, v, dateOnly) {
  const out = [];
  for (let i = 0; i < phases.length; i++) {
    const o = offsets[i], p = Object.assign({}, phases[i]);
    p.start = $anchorDate(v, o[0], dateOnly);
    if (o[1] !== o[0]) p.startLatest = $anchorDate(v, o[1], dateOnly);
    if (o[2] !== null) p.end = $anchorDate(v, o[2], dateOnly);
    if (o[3] !== null && o[3] !== o[2]) p.endLatest = $anchorDate(v, o[3], dateOnly);
    out.push(Object.freeze(p));
  }
  return Object.freeze(out);
}`;

/** `$anchoredWindow(window, offsets, anchor, dateOnly)`: a one-off window's due dates (after ANCHORED_HELPER). */
export const ANCHORED_WINDOW_HELPER = `function $anchoredWindow(w, o, v, dateOnly) {
  const out = Object.assign({}, w);
  out.due = $anchorDate(v, o[0], dateOnly);
  if (o[1] !== o[0]) out.dueLatest = $anchorDate(v, o[1], dateOnly);
  return Object.freeze(out);
}`;
