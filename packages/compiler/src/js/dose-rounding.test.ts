// Doses shown rounded to a declared step (`rounded to 25 mg/d`): display only, the exact
// dose stays in `low`/`high`/`exact`, and a step that no multiple fits is said, not forced.
import { checkText } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { instantiateEngine } from '../load.js';
import { generateEngine } from './generate.js';

const RULES = `ruleset t version "1"
facts {
  weight: quantity kg range 0.3 kg to 400 kg
  tpmt: enum { normal, intermediate }
  allopurinol: boolean
}
define standard azathioprine = 2 mg/kg/d * weight
rule STD "standard" source "s" when tpmt = normal then dose azathioprine 2 mg/kg/d * weight rounded to 25 mg/d
rule INT "intermediate" source "s" when tpmt = intermediate then dose azathioprine 30% to 70% of standard rounded to 0.025 g/d
rule XO "allopurinol" source "s" when allopurinol then dose azathioprine 1 / 4 to 1 / 3 of standard rounded to 25 mg/d
rule PLAIN "no rounding" source "s" when tpmt = normal then dose azathioprine 50 mg/d
`;
const r = checkText(RULES, '/memory/t.vigil');
const e = instantiateEngine(r.ir!);
const dose = (facts: object, rule: string) => e.evaluate(facts).decisions.find((d) => d.rule === rule)?.dose;

describe('doses rounded for display', () => {
  it('shrinks a range to the multiples inside it, keeping the exact dose', () => {
    const d = dose({ weight: '60 kg', tpmt: 'intermediate' }, 'INT')!;
    expect(d.exact).toEqual({ low: '36', high: '84' });
    expect(d.low).toBe(36);
    expect(d.rounded).toEqual({ step: '25', low: '50', high: '75', text: '50 to 75 mg/d (multiples of 0.025 g/d within 36 to 84 mg/d)' });
  });

  it('takes one dose to the nearest multiple, a tie to the lower', () => {
    expect(dose({ weight: '70 kg', tpmt: 'normal' }, 'STD')!.rounded).toEqual({ step: '25', low: '150', text: '150 mg/d (the multiple of 25 mg/d nearest to 140 mg/d)' });
    expect(dose({ weight: '68.75 kg', tpmt: 'normal' }, 'STD')!.rounded?.low).toBe('125');
    // 132.2 lb = 59.96491… kg: 119.93 mg/d, shown as 125 mg/d, computed exactly
    const lb = dose({ weight: '132.2 [lb_av]', tpmt: 'normal' }, 'STD')!;
    expect(lb.exact?.low).toBe('119.929822628');
    expect(lb.rounded?.low).toBe('125');
  });

  it('says so when no multiple fits, and shows no number', () => {
    // 1/4 to 1/3 of 120 mg/d is 30 to 40 mg/d: no multiple of 25 within it
    const d = dose({ weight: '60 kg', allopurinol: true }, 'XO')!;
    expect(d.exact).toEqual({ low: '30', high: '40' });
    expect(d.rounded).toEqual({ step: '25', text: 'no multiple of 25 mg/d lies within 30 to 40 mg/d' });
    expect(dose({ weight: '5 kg', tpmt: 'normal' }, 'STD')!.rounded).toEqual({ step: '25', text: '10 mg/d is less than half of 25 mg/d: no multiple to show' });
  });

  it('adds nothing to a dose without a step, and declares the field in the generated types', () => {
    expect(dose({ weight: '60 kg', tpmt: 'normal' }, 'PLAIN')).not.toHaveProperty('rounded');
    expect(generateEngine(r.ir!).dts).toContain('readonly rounded?: { readonly step: string; readonly low?: string; readonly high?: string; readonly text: string };');
  });
});
