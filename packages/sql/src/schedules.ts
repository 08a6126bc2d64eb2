// Anchored monitoring schedules (`monitor cbc every 1 wk for 4 wk, then every 1 mo from
// started`) in SQL. Each phase's start and end are the anchor fact's instant plus a whole
// number of milliseconds, the offsets the JS engine uses (anchorOffsets: UCUM days, a month
// 30.4375 d, exact); the query adds them to the anchor's epoch milliseconds in BIGINT, so
// the dates are the engine's to the millisecond. A rule that fires without its anchor is not
// evaluable, the anchor named among its missing facts (compile.ts treats the anchor as a
// fact the action reads, as the engine does). The dates are written as the engine writes
// them (`$fmtDate`: an ISO date while a date anchor's offset is whole days, else an ISO
// instant in UTC), here from the instants the query returns.
import type { IrAction, IrRule } from '@vigil/core';
import { anchorOffsets, schedulePhaseResult } from '@vigil/compiler';
import { SqlCompileError } from './quote.js';

const MS_PER_DAY = 86_400_000;

/** Which of a phase's dates an offset is. */
type DateKey = 'start' | 'startLatest' | 'end' | 'endLatest';

/** One anchored action: the offsets (ms after the anchor) of the dates its decision carries, in the order the query returns them. */
export interface AnchoredAction {
  readonly action: number;
  readonly fact: string;
  readonly dateOnly: boolean;
  /** Per date the decision writes: its phase, key and offset. */
  readonly dates: readonly { readonly phase: number; readonly key: DateKey; readonly offset: number }[];
}

/** The anchored actions of a rule (action order). */
export function anchoredActions(r: IrRule): AnchoredAction[] {
  const out: AnchoredAction[] = [];
  r.actions.forEach((a, j) => {
    if (!a.anchor) return;
    if (!a.schedule || a.schedule.length === 0) throw new SqlCompileError(`rule ${JSON.stringify(r.id)}: an anchor without a monitoring schedule`);
    const dates: { phase: number; key: DateKey; offset: number }[] = [];
    anchorOffsets(a.schedule).forEach(([start, startLatest, end, endLatest], phase) => {
      // The engine's $anchored: a latest date only where it differs from the earliest.
      dates.push({ phase, key: 'start', offset: start });
      if (startLatest !== start) dates.push({ phase, key: 'startLatest', offset: startLatest });
      if (end !== null) dates.push({ phase, key: 'end', offset: end });
      if (endLatest !== null && endLatest !== end) dates.push({ phase, key: 'endLatest', offset: endLatest });
    });
    for (const d of dates) if (!Number.isSafeInteger(d.offset)) throw new SqlCompileError(`rule ${JSON.stringify(r.id)}: a schedule offset of ${d.offset} ms is not a safe integer`);
    out.push({ action: j, fact: a.anchor.fact, dateOnly: a.anchor.type === 'date', dates });
  });
  return out;
}

/**
 * The epoch-millisecond expressions (BIGINT) of an anchored action, in the order of
 * `AnchoredAction.dates`, after the anchor's own: `anchorMs` plus each offset.
 */
export function anchoredInstants(a: AnchoredAction, anchorMs: string): string[] {
  return [anchorMs, ...a.dates.map((d) => (d.offset === 0 ? anchorMs : `(${anchorMs} + CAST(${String(d.offset)} AS BIGINT))`))];
}

/** An instant as the engine's $fmtDate writes it. */
function fmtDate(ms: number, dateOnly: boolean): string {
  const s = new Date(ms).toISOString();
  return dateOnly ? s.slice(0, 10) : s;
}

function instant(text: string | undefined, rule: string): number {
  const n = text === undefined || !/^-?\d+$/.test(text) ? NaN : Number(text);
  if (!Number.isSafeInteger(n)) throw new SqlCompileError(`the database returned a malformed schedule date for rule ${JSON.stringify(rule)}: ${String(text)}`);
  return n;
}

/**
 * The decision's `schedule` and `anchor` properties from the instants the query returned
 * (anchor first, then the dates), as the engine's $anchored builds them.
 */
export function anchoredSchedule(rule: string, action: IrAction, a: AnchoredAction, instants: readonly string[]): { schedule: unknown[]; anchor: { fact: string; value: string } } {
  if (instants.length !== a.dates.length + 1) throw new SqlCompileError(`the database returned ${instants.length} schedule dates for rule ${JSON.stringify(rule)}, expected ${a.dates.length + 1}`);
  const anchor = instant(instants[0], rule);
  const phases: Record<string, unknown>[] = action.schedule!.map((p) => ({ ...schedulePhaseResult(p) }));
  a.dates.forEach((d, k) => {
    phases[d.phase]![d.key] = fmtDate(instant(instants[k + 1], rule), a.dateOnly && d.offset % MS_PER_DAY === 0);
  });
  return { schedule: phases, anchor: { fact: a.fact, value: fmtDate(anchor, a.dateOnly) } };
}
