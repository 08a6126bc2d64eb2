// Reports a fact's plausible range that cannot be one: on a fact that is not a quantity,
// a bound whose unit does not measure what the fact measures, or a low bound above the high.
import { codes } from '../../diagnostics/codes.js';
import type { RangeBound } from '../../language/ast.js';
import { describeType, rangeBoundValue } from '../../semantics/model.js';
import { dimensionLabel, parseUnit } from '../../units/units.js';
import type { Rational } from '../../units/rational.js';
import type { CheckerRule } from '../rule.js';

export function boundText(b: RangeBound): string {
  const q = b.quantity;
  return `${b.negative ? '-' : ''}${q.value}${q.unit ? ` ${q.unit.text}` : ''}`;
}

export const invalidRange: CheckerRule = {
  name: 'invalid-range',
  phase: 'semantic',
  check(ctx) {
    for (const fact of ctx.model.facts.values()) {
      const r = fact.decl.plausibleRange;
      const t = fact.type;
      // An unknown fact unit is reported by invalid-unit; a range on it says nothing more.
      if (!r || t.kind === 'error') continue;
      if (t.kind !== 'quantity') {
        ctx.report(codes.rangeNotQuantity, { uri: fact.uri, range: r.range }, { fact: fact.name, type: describeType(t) });
        continue;
      }
      const values: Rational[] = [];
      for (const bound of [r.low, r.high]) {
        const v = rangeBoundValue(bound, t.unit);
        if (v.ok) values.push(v.value);
        else if (v.reason === 'incommensurable') {
          const u = parseUnit(v.unit);
          const what = u.ok ? dimensionLabel(u.unit.dimension) : v.unit;
          ctx.report(codes.rangeBoundUnits, { uri: fact.uri, range: bound.range }, {
            bound: boundText(bound),
            fact: fact.name,
            given: bound.quantity.unit ? `in ${v.unit}` : 'a bare number',
            dimension: what,
            unit: t.unit.code,
            factDimension: dimensionLabel(t.unit.dimension),
          });
        }
        // A bound in an invalid unit is reported by invalid-unit.
      }
      if (values.length === 2 && values[0]!.gt(values[1]!)) {
        ctx.report(codes.invalidRange, { uri: fact.uri, range: r.range }, { fact: fact.name, low: boundText(r.low), high: boundText(r.high) });
      }
    }
  },
};
