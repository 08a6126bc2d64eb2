// Doses in the drug's unit, exact end to end: weight-based doses in any mass unit,
// relative doses resolved against the drug's standard with the calculation, and a
// standard that cannot be computed making the rule not evaluable.
import { checkText, Rational } from '@vigil/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantiateEngine } from '../load.js';

const RULES = `ruleset t version "1"
facts {
  weight: quantity kg range 0.3 kg to 400 kg
  tpmt: enum { normal, intermediate }
  allopurinol: boolean
}
define standard azathioprine = 2 mg/kg/d * weight
rule STD "standard" source "s" when tpmt = normal then dose azathioprine 1.5 mg/kg/d * weight to 2.5 mg/kg/d * weight
rule INT "intermediate" source "s" when tpmt = intermediate then dose azathioprine 30% to 70% of standard
rule XO "allopurinol" source "s" when allopurinol then dose azathioprine 1 / 4 to 1 / 3 of standard
rule FIX "fixed" source "s" when tpmt = normal then dose azathioprine 0.05 g/d
`;
const r = checkText(RULES, '/memory/t.vigil');
const e = instantiateEngine(r.ir!);
const dose = (facts: object, rule: string) => e.evaluate(facts).decisions.find((d) => d.rule === rule)?.dose;

describe('relative doses resolved against the standard', () => {
  it('gives 36 to 84 mg/d at 60 kg for 30% to 70% of standard, with the arithmetic', () => {
    expect(dose({ weight: '60 kg', tpmt: 'intermediate' }, 'INT')).toEqual({
      low: 36,
      high: 84,
      unit: 'mg/d',
      ofStandard: false,
      exact: { low: '36', high: '84' },
      relative: { low: '0.3', high: '0.7', standard: '120' },
      calculation: 'standard azathioprine = 2 mg/kg/d x weight 60 kg = 120 mg/d; 30% to 70% of standard → 36 to 84 mg/d',
    });
  });

  it('keeps fractions exact: 1/3 of 125 mg/d is 125/3 mg/d', () => {
    const d = dose({ weight: '62.5 kg', allopurinol: true }, 'XO')!;
    expect(d.exact).toEqual({ low: '31.25', high: '125/3' });
    expect(d.relative).toEqual({ low: '0.25', high: '1/3', standard: '125' });
    expect(d.high).toBe(125 / 3);
  });

  it('is the same for a weight in grams or pounds as for the same weight in kilograms', () => {
    const kg = dose({ weight: '59.96491131 kg', tpmt: 'intermediate' }, 'INT');
    expect(dose({ weight: '59964.91131 g', tpmt: 'intermediate' }, 'INT')!.exact).toEqual(kg!.exact);
    // 132.2 lb is exactly 59.964911314 kg.
    const lb = dose({ weight: '132.2 [lb_av]', tpmt: 'intermediate' }, 'INT')!;
    expect(lb.exact).toEqual({ low: '35.9789467884', high: '83.9508758396' });
    expect(dose({ weight: '59.964911314 kg', tpmt: 'intermediate' }, 'INT')!.exact).toEqual(lb.exact);
  });

  it('reports the rule not evaluable, missing weight, when the standard cannot be computed', () => {
    const res = e.evaluate({ tpmt: 'intermediate' });
    expect(res.decisions.map((d) => d.rule)).toEqual([]);
    expect(res.notEvaluable).toContainEqual({ rule: 'INT', title: 'intermediate', missing: ['weight'] });
  });

  it('converts every dose into the drug unit at compile time: 0.05 g/d is 50 mg/d', () => {
    expect(dose({ weight: '70 kg', tpmt: 'normal' }, 'FIX')).toEqual({ low: 50, unit: 'mg/d', ofStandard: false, exact: { low: '50' } });
    expect(r.ir!.rules.find((x) => x.id === 'FIX')!.actions[0]!.dose!.unit).toBe('mg/d');
  });

  it('equals the exact rational computation for random weights in kg, g and [lb_av]', () => {
    const units: [string, Rational][] = [
      ['kg', Rational.ONE],
      ['g', Rational.parse('0.001')],
      ['[lb_av]', Rational.parse('0.45359237')],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 800000 }), fc.integer({ min: 0, max: 2 }), (milli, u) => {
        const [unit, factor] = units[u]!;
        const value = Rational.of(BigInt(milli), 1000n);
        const kg = value.mul(factor);
        fc.pre(kg.ge(Rational.parse('0.3')) && kg.le(Rational.of(400n)));
        const d = dose({ weight: `${value.toExact()} ${unit}`, tpmt: 'intermediate' }, 'INT')!;
        const standard = kg.mul(Rational.of(2n));
        expect(d.exact).toEqual({ low: standard.mul(Rational.parse('0.3')).toExact(), high: standard.mul(Rational.parse('0.7')).toExact() });
        expect(d.relative!.standard).toBe(standard.toExact());
        expect(d.low).toBe(standard.mul(Rational.parse('0.3')).toNumber());
      }),
      { numRuns: 200 },
    );
  });
});
