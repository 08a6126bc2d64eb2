// Reports actions whose parts are not of the right kind: a dose that is no quantity, a
// percentage dose without `of standard`, schedules not in time units, advice without text.
import { actionEntry, actionLabel } from '@vigil/runtime';
import { codes, type DiagnosticCode } from '../../diagnostics/codes.js';
import type { Expr, QuantityLiteral } from '../../language/ast.js';
import { parseUnit } from '../../units/units.js';
import { timeDimension } from '../../units/units-helpers.js';
import { describeOperand, textOf } from '../helpers.js';
import type { CheckerRule } from '../rule.js';
import { intervalLowUnit } from './schedule-intervals.js';
import { withTableRules } from '../../language/tables.js';

export const invalidAction: CheckerRule = {
  name: 'invalid-action',
  phase: 'semantic',
  check(ctx) {
    const m = ctx.model;
    for (const file of m.files) {
      const uri = file.uri;
      const say = (code: DiagnosticCode, range: Expr['range'], args: Readonly<Record<string, string>> = {}) => ctx.report(code, { uri, range }, args);
      const isTime = (q: QuantityLiteral, high?: QuantityLiteral) => {
        const u = parseUnit(intervalLowUnit(q, high) ?? '1');
        return !u.ok || u.unit.dimension === timeDimension();
      };
      for (const d of withTableRules(file.document.declarations)) {
        if (d.kind !== 'RuleDecl') continue;
        for (const a of d.actions) {
          const form = actionEntry(a.verb)?.form;
          if (form === 'because' && !a.message) say(codes.actionIncomplete, a.verbRange, { verb: actionLabel(a.verb), what: `a message: ${actionLabel(a.verb)} because "…"` });
          if (form !== 'because' && a.targets.length === 0) say(codes.actionIncomplete, a.verbRange, { verb: actionLabel(a.verb), what: 'a target' });
          if (a.dose) {
            const parts = [a.dose.low, ...(a.dose.high ? [a.dose.high] : [])];
            const types = parts.map((p) => m.typeOf(p));
            types.forEach((t, i) => {
              if (t.kind !== 'quantity' && t.kind !== 'error' && t.kind !== 'symbol') say(codes.invalidAction, parts[i]!.range, { operand: describeOperand(m, uri, parts[i]!) });
            });
            const q = types.filter((t) => t.kind === 'quantity');
            if (q.length === 2 && q[0]!.kind === 'quantity' && q[1]!.kind === 'quantity' && q[0]!.unit.dimension !== q[1]!.unit.dimension)
              say(codes.doseRangeUnits, a.dose.range, { dose: textOf(m, uri, a.dose.range), low: q[0]!.unit.code, high: q[1]!.unit.code });
            const dimensionless = q.length > 0 && q.every((t) => t.kind === 'quantity' && t.unit.dimension === '1');
            if (a.dose.ofStandard && q.length && !dimensionless) say(codes.relativeDoseNotFraction, a.dose.range);
            if (!a.dose.ofStandard && dimensionless) say(codes.fractionWithoutStandard, a.dose.range);
          }
          for (const ph of a.schedule?.phases ?? []) {
            // The low end of an interval may take the high end's unit (`every 1 to 2 wk`).
            const parts: [QuantityLiteral, QuantityLiteral | undefined][] = [[ph.every, ph.everyHigh]];
            if (ph.everyHigh) parts.push([ph.everyHigh, undefined]);
            if (ph.bound) parts.push([ph.bound.amount, ph.bound.amountHigh]);
            if (ph.bound?.amountHigh) parts.push([ph.bound.amountHigh, undefined]);
            for (const [qty, high] of parts) if (!isTime(qty, high)) say(codes.scheduleNotTime, qty.range, { quantity: textOf(m, uri, qty.range) });
          }
          const w = a.schedule?.window;
          if (w) {
            if (!isTime(w.amount, w.amountHigh)) say(codes.scheduleNotTime, w.amount.range, { quantity: textOf(m, uri, w.amount.range) });
            if (w.amountHigh && !isTime(w.amountHigh)) say(codes.scheduleNotTime, w.amountHigh.range, { quantity: textOf(m, uri, w.amountHigh.range) });
          }
        }
      }
    }
  },
};
