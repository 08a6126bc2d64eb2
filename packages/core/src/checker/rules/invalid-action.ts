// Reports actions whose parts are not of the right kind: a dose that is no quantity, a
// percentage dose without `of standard`, schedules not in time units, advice without text.
import { codes } from '../../diagnostics/codes.js';
import type { Expr, QuantityLiteral } from '../../language/ast.js';
import { parseUnit } from '../../units/units.js';
import { timeDimension } from '../../units/units-helpers.js';
import { describeOperand, textOf } from '../helpers.js';
import type { CheckerRule } from '../rule.js';

export const invalidAction: CheckerRule = {
  name: 'invalid-action',
  phase: 'semantic',
  check(ctx) {
    const m = ctx.model;
    for (const file of m.files) {
      const uri = file.uri;
      const say = (range: Expr['range'], message: string) => ctx.report(codes.invalidAction, { uri, range }, { message });
      const isTime = (q: QuantityLiteral) => {
        const u = parseUnit(q.unit?.text ?? '1');
        return !u.ok || u.unit.dimension === timeDimension();
      };
      for (const d of file.document.declarations) {
        if (d.kind !== 'RuleDecl') continue;
        for (const a of d.actions) {
          if (a.verb === 'advise' && !a.message) say(a.verbRange, "'advise' needs a message: advise because \"…\".");
          if (a.verb !== 'advise' && a.targets.length === 0) say(a.verbRange, `'${a.verb}' needs a target.`);
          if (a.dose) {
            const parts = [a.dose.low, ...(a.dose.high ? [a.dose.high] : [])];
            const types = parts.map((p) => m.typeOf(p));
            types.forEach((t, i) => {
              if (t.kind !== 'quantity' && t.kind !== 'error' && t.kind !== 'symbol') say(parts[i]!.range, `A dose must be a quantity, but ${describeOperand(m, uri, parts[i]!)} is not.`);
            });
            const q = types.filter((t) => t.kind === 'quantity');
            if (q.length === 2 && q[0]!.kind === 'quantity' && q[1]!.kind === 'quantity' && q[0]!.unit.dimension !== q[1]!.unit.dimension)
              say(a.dose.range, `The dose range '${textOf(m, uri, a.dose.range)}' mixes units that are not commensurable (${q[0]!.unit.code} and ${q[1]!.unit.code}).`);
            const dimensionless = q.length > 0 && q.every((t) => t.kind === 'quantity' && t.unit.dimension === '1');
            if (a.dose.ofStandard && q.length && !dimensionless) say(a.dose.range, "A dose 'of standard' must be a percentage or a fraction, e.g. '30% to 70% of standard'.");
            if (!a.dose.ofStandard && dimensionless) say(a.dose.range, "A dose given as a percentage or fraction needs 'of standard'.");
          }
          for (const ph of a.schedule?.phases ?? []) {
            for (const qty of [ph.every, ...(ph.bound ? [ph.bound.amount] : [])])
              if (!isTime(qty)) say(qty.range, `A schedule needs time units, but '${textOf(m, uri, qty.range)}' is not a time.`);
          }
        }
      }
    }
  },
};
