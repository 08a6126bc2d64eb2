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

export function scheduleText(schedule: readonly SchedulePhaseResult[], anchor?: Decision['anchor']): string {
  const phases = schedule.map((p) => `every ${p.every}${p.bound ? ` ${p.bound.kind} ${p.bound.text}` : ''}${phaseDates(p)}`).join(', then ');
  return anchor ? `${phases} from ${anchor.fact} ${anchor.value}` : phases;
}
