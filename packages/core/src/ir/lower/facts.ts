// Facts to IR, with the units each accepts at the boundary and its plausible range.
import { declarationNodes } from '../../language/node-index.js';
import { commonUnitsFor } from '../../units/common-units.js';
import { conversionFactor } from '../../units/units.js';
import type { IrFact } from '../ir.js';
import { irType, MAX_EXACT_LENGTH, type LowerContext } from './common.js';

export function lowerFacts(ctx: LowerContext): IrFact[] {
  const { model } = ctx;
  // A set (in order of first mention): a unit written in 2,000 rules is tried once per fact, not 2,000 times.
  const mentioned = new Set<string>();
  for (const f of model.files) for (const n of declarationNodes(f.document, 'Unit')) mentioned.add(n.text);
  return [...model.facts.values()].map((f) => {
    const type = irType(f.type);
    const base = { name: f.name, type, description: f.decl.description?.value, baseline: f.baseline, uln: f.uln, ...(f.optional ? { optional: true } : {}), location: ctx.loc(f.uri, f.decl.name.range) };
    if (f.type.kind !== 'quantity') return base;
    const own = f.type.unit;
    const accepted = new Map<string, string>([[own.code, '1']]);
    // Dimensionless facts accept plain numbers and percentages only: mg/kg is dimensionless too.
    const candidates = own.dimension === '1' ? ['1', '%'] : [...commonUnitsFor(own.dimension), ...mentioned];
    for (const code of candidates) {
      if (accepted.has(code)) continue;
      const factor = conversionFactor(code, own);
      // A factor too long for an engine to keep is left out: that unit is then refused, never misread.
      if (factor && !factor.isZero() && factor.toExact().length <= MAX_EXACT_LENGTH) accepted.set(code, factor.toExact());
    }
    const r = f.plausibleRange;
    const range = r ? { range: { low: r.low.toExact(), ...(r.high ? { high: r.high.toExact() } : {}), declared: r.declared } } : {};
    return { ...base, acceptedUnits: [...accepted].map(([unit, factor]) => ({ unit, factor })), ...range };
  });
}
