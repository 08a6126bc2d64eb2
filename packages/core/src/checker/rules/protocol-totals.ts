// Checks, exactly and in any commensurable units, that a protocol's step doses add up to its
// target dose and its observation times to its stated duration.
import { codes } from '../../diagnostics/codes.js';
import type { QuantityLiteral } from '../../language/ast.js';
import { Rational } from '../../units/rational.js';
import { conversionFactor, parseUnit } from '../../units/units.js';
import { timeDimension } from '../../units/units-helpers.js';
import type { CheckerRule } from '../rule.js';

function fmt(r: Rational, unit: string): string {
  return `${r.toDecimalString(6)} ${unit}`;
}

export const protocolTotals: CheckerRule = {
  name: 'protocol-totals',
  phase: 'semantic',
  check(ctx) {
    for (const sym of ctx.model.rules.values()) {
      const p = sym.decl;
      if (p.kind !== 'ProtocolDecl') continue;
      const uri = sym.uri;
      if (!p.target) {
        ctx.report(codes.protocolWithoutTarget, { uri, range: p.id.range }, { protocol: p.id.value });
        continue;
      }
      const sum = (parts: readonly QuantityLiteral[], total: QuantityLiteral, what: string, mustBeTime: boolean): void => {
        const unit = total.unit?.text ?? '1';
        const tu = parseUnit(unit);
        if (!tu.ok) return; // invalid-unit reports it
        if (mustBeTime && tu.unit.dimension !== timeDimension()) {
          ctx.report(codes.protocolDurationNotTime, { uri, range: total.range }, { duration: `${total.value} ${unit}` });
          return;
        }
        let acc = Rational.ZERO;
        for (const q of parts) {
          const f = conversionFactor(q.unit?.text ?? '1', tu.unit);
          if (!f) {
            if (parseUnit(q.unit?.text ?? '1').ok)
              ctx.report(codes.protocolStepUnits, { uri, range: q.range }, { what, quantity: `${q.value} ${q.unit?.text ?? ''}`, unit });
            return;
          }
          acc = acc.add(Rational.parse(q.value).mul(f));
        }
        const target = Rational.parse(total.value);
        if (!acc.eq(target))
          ctx.report(codes.protocolTotals, { uri, range: total.range }, {
            protocol: p.id.value,
            what,
            sum: fmt(acc, unit),
            target: fmt(target, unit),
            direction: acc.gt(target) ? 'over' : 'short',
            difference: fmt(acc.sub(target).abs(), unit),
          });
      };
      sum(p.steps.map((s) => s.dose), p.target.dose, 'dose', false);
      sum(p.steps.map((s) => s.observe), p.target.duration, 'observation time', true);
    }
  },
};
