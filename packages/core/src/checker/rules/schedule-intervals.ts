// Reports a schedule's duration interval (`every 1 to 2 wk`, `for 3 to 6 mo`) that runs
// backwards (an error: no duration lies in it) or whose ends are equal (a warning: it says
// one duration twice). The low end may leave its unit to the high end: `1 to 2 wk`.
import { codes } from '../../diagnostics/codes.js';
import type { QuantityLiteral } from '../../language/ast.js';
import { toDays } from '../../units/units-helpers.js';
import { textOf } from '../helpers.js';
import type { CheckerRule } from '../rule.js';
import { withTableRules } from '../../language/tables.js';

/** The unit an interval's low end is in: its own, else the high end's. */
export function intervalLowUnit(low: QuantityLiteral, high: QuantityLiteral | undefined): string | undefined {
  return low.unit?.text ?? high?.unit?.text;
}

export const scheduleIntervals: CheckerRule = {
  name: 'schedule-intervals',
  phase: 'semantic',
  check(ctx) {
    const m = ctx.model;
    for (const file of m.files) {
      const uri = file.uri;
      const check = (low: QuantityLiteral, high: QuantityLiteral | undefined) => {
        if (!high) return;
        const lowUnit = intervalLowUnit(low, high);
        const a = lowUnit ? toDays(low.value, lowUnit) : undefined;
        const b = high.unit ? toDays(high.value, high.unit.text) : undefined;
        // Not a time (or no unit): schedule-not-time reports it.
        if (!a || !b) return;
        const range = { start: low.range.start, end: high.range.end };
        const interval = textOf(m, uri, range);
        const c = a.cmp(b);
        if (c > 0) ctx.report(codes.intervalReversed, { uri, range }, { interval, low: `${low.value} ${lowUnit}`, high: `${high.value} ${high.unit!.text}` });
        else if (c === 0) ctx.report(codes.intervalEqualEnds, { uri, range }, { interval });
      };
      for (const d of withTableRules(file.document.declarations)) {
        if (d.kind !== 'RuleDecl') continue;
        for (const a of d.actions)
          for (const p of a.schedule?.phases ?? []) {
            check(p.every, p.everyHigh);
            if (p.bound) check(p.bound.amount, p.bound.amountHigh);
          }
        // A one-off window's `after 2 to 3 wk` and a modifier's `to every 1 to 2 wk` are intervals too.
        for (const a of d.actions) if (a.schedule?.window) check(a.schedule.window.amount, a.schedule.window.amountHigh);
        for (const t of d.tightens ?? []) if (t.every) check(t.every.every, t.every.everyHigh);
      }
    }
  },
};
