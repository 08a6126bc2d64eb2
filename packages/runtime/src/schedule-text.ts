// A decision's monitoring schedule as one line of text, as written (`every 1 wk for 4 wk, then
// every 1 mo`), with an anchored schedule's dates after each phase and its anchor at the end:
// one function, so `vigil eval`, explanations and CDS Hooks cards say the same.
import type { Decision, SchedulePhaseResult } from './types.js';

function phaseDates(p: SchedulePhaseResult): string {
  if (p.start === undefined) return '';
  const start = p.startLatest !== undefined ? `${p.start} to ${p.startLatest}` : p.start;
  if (p.end === undefined) return ` (from ${start})`;
  const end = p.endLatest !== undefined ? `${p.end} to ${p.endLatest}` : p.end;
  return p.startLatest !== undefined || p.endLatest !== undefined ? ` (starts ${start}, ends ${end})` : ` (${start} to ${end})`;
}

/** A one-off window: `after 2 to 3 wk`, with its due dates when anchored. */
export function windowText(w: NonNullable<Decision['window']>, anchor?: Decision['anchor']): string {
  const due = w.due === undefined ? '' : w.dueLatest !== undefined ? ` (due ${w.due} to ${w.dueLatest})` : ` (due ${w.due})`;
  const text = `after ${w.after}${due}`;
  return anchor ? `${text} from ${anchor.fact} ${anchor.value}` : text;
}

function phasesText(schedule: readonly SchedulePhaseResult[]): string {
  return schedule.map((p) => `every ${p.every}${p.bound ? ` ${p.bound.kind} ${p.bound.text}` : ''}${phaseDates(p)}`).join(', then ');
}

/**
 * With `tightening` (the decision), a tightened schedule says by which rule and from what
 * (`every 1.5 to 3 mo (tightened twice as often by R-2, from every 3 to 6 mo)`), and a modifier
 * that is not evaluable says what it would give: the schedule is never shown as final silently.
 */
export function scheduleText(schedule: readonly SchedulePhaseResult[], anchor?: Decision['anchor'], tightening?: Pick<Decision, 'tightened' | 'tighteningUnknown'>): string {
  let text = phasesText(schedule);
  const t = tightening?.tightened;
  if (t) text += ` (tightened ${t.how} by ${t.by}, from ${phasesText(t.original)})`;
  for (const u of tightening?.tighteningUnknown ?? []) text += ` (${u.rule}, not evaluable, would tighten it ${u.how}: ${phasesText(u.schedule)})`;
  return anchor ? `${text} from ${anchor.fact} ${anchor.value}` : text;
}
