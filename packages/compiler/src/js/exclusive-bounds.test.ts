// A dose whose high end is excluded (`50 mg/d to below injurious_dose`): the decision keeps
// the bound and its exclusivity, the calculation says so, and display rounding leaves the
// high end out when it is a multiple of the step.
import { checkText } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { generateEngine } from './generate.js';
import { instantiateEngine } from '../load.js';

const RULES = `ruleset t version "1"
facts {
  injurious_dose: quantity mg/d range 0 mg/d to 1000 mg/d
  shown: boolean
}
rule R-1 "below" source "s" when injurious_dose > 50 mg/d and not shown then dose aza 50 mg/d to below injurious_dose
rule R-2 "rounded" source "s" when injurious_dose > 50 mg/d and shown then dose aza 50 mg/d to below injurious_dose rounded to 25 mg/d
`;
const r = checkText(RULES, '/memory/t.vigil');
const e = instantiateEngine(r.ir!);

describe('exclusive high end of a dose', () => {
  it('lowers to highExclusive in the IR', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ir!.rules[0]!.actions[0]!.dose!.highExclusive).toBe(true);
  });
  it('keeps the bound and its exclusivity in the decision, with the calculation', () => {
    expect(e.evaluate({ injurious_dose: '0.15 g/d', shown: false }).decisions[0]!.dose).toEqual({
      low: 50,
      high: 150,
      highExclusive: true,
      unit: 'mg/d',
      ofStandard: false,
      exact: { low: '50', high: '150' },
      calculation: '50 mg/d = 50 mg/d; below injurious_dose 150 mg/d = 150 mg/d',
    });
  });
  it('rounds for display below an excluded multiple', () => {
    expect(e.evaluate({ injurious_dose: '150 mg/d', shown: true }).decisions[0]!.dose!.rounded).toEqual({
      step: '25',
      low: '50',
      high: '125',
      text: '50 to 125 mg/d (multiples of 25 mg/d within 50 to below 150 mg/d)',
    });
    expect(e.evaluate({ injurious_dose: '140 mg/d', shown: true }).decisions[0]!.dose!.rounded!.high).toBe('125');
  });
  it('declares the field in engine.d.ts', () => {
    expect(generateEngine(r.ir!).dts).toContain('readonly highExclusive?: true;');
  });
});
