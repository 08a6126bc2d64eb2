// Schedule modifiers in the engine (`tightens monitor cbc of G twice as often`). Per monitoring
// action, the modifiers that reach it, most frequent first (ordered exactly at generation; the
// checker has made any two that can apply together comparable, VGL3039). At evaluation the
// first that fired and is not overridden whole gives the schedule; the ones before it that are
// not evaluable are listed, so a schedule is never shown as final while a tighter one is unknown.
import type { IrProgram, IrSchedulePhase, IrTightening } from '@vigil/core';
import { GenerateError, parseExact, type Rational } from './escape.js';

export interface ActionTightening extends IrTightening {
  /** The modifying rule's index. */
  readonly by: number;
}

function lessOrEqual(a: Rational, b: Rational): boolean {
  return a.n * b.d <= b.n * a.d;
}

/** Whether schedule `a` is at least as frequent as `b` in every phase, at both ends. */
function atLeastAsFrequent(a: readonly IrSchedulePhase[], b: readonly IrSchedulePhase[]): boolean {
  return a.every((p, i) => {
    const q = b[i]!;
    return lessOrEqual(parseExact(p.everyDays), parseExact(q.everyDays)) && lessOrEqual(parseExact(p.everyDaysHigh ?? p.everyDays), parseExact(q.everyDaysHigh ?? q.everyDays));
  });
}

/** Per `rule_action` key, the modifiers that reach it, most frequent first (rule order among equals). */
export function tighteningsByAction(ir: IrProgram): Map<string, ActionTightening[]> {
  const index = new Map(ir.rules.map((r, i) => [r.id, i]));
  const out = new Map<string, ActionTightening[]>();
  ir.rules.forEach((r, by) => {
    for (const t of r.tightens ?? []) {
      // An IR read from a file may be hand-edited: a modifier must reach a monitoring schedule of the same shape.
      const target = index.get(t.rule);
      const action = target === undefined ? undefined : ir.rules[target]!.actions[t.action];
      if (!action?.schedule || action.schedule.length !== t.schedule.length || !Number.isInteger(t.action))
        throw new GenerateError(`rule ${JSON.stringify(r.id)} tightens action ${JSON.stringify(t.action)} of ${JSON.stringify(t.rule)}, which is no monitoring schedule of ${t.schedule.length} phase(s)`);
      if (!atLeastAsFrequent(t.schedule, action.schedule)) throw new GenerateError(`rule ${JSON.stringify(r.id)} would make the schedule of ${JSON.stringify(t.rule)} less frequent; a modifier can only tighten`);
      const key = `${target}_${t.action}`;
      const list = out.get(key) ?? [];
      // Insertion keeps the order stable: a modifier goes before the first it is strictly tighter than.
      const entry = { ...t, by };
      const at = list.findIndex((o) => atLeastAsFrequent(t.schedule, o.schedule) && !atLeastAsFrequent(o.schedule, t.schedule));
      if (at < 0) list.push(entry);
      else list.splice(at, 0, entry);
      out.set(key, list);
    }
  });
  return out;
}

/**
 * `$tight(list, sc, mk)`: the decision's `schedule`, and `tightened` / `tighteningUnknown`.
 * `list` holds [modifier rule, its schedule, how] most frequent first; `mk` dates a schedule
 * when it is anchored (the modifiers keep the bounds, so the dates stay the rule's own).
 */
export const TIGHTEN_HELPER = `function $tight(list, sc, mk) {
  let by = null, unknown = null;
  for (let n = 0; n < list.length; n++) {
    const e = list[n], s = $st[e[0]];
    if (s === 1 && $ov[e[0]] === 0) { by = e; break; }
    if (s === 2) { if (unknown === null) unknown = []; unknown.push(e); }
  }
  const o = { schedule: mk(by === null ? sc : by[1]) };
  if (by !== null) o.tightened = Object.freeze({ by: $ID[by[0]], how: by[2], original: mk(sc) });
  if (unknown !== null) o.tighteningUnknown = Object.freeze(unknown.map((u) => Object.freeze({ rule: $ID[u[0]], how: u[2], schedule: mk(u[1]) })));
  return o;
}`;
