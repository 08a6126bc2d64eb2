import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('dose-rounding', () => {
  it('reports a step in a unit the dose cannot be given in, naming both', () => {
    const d = diagnose(`define standard aza = 2 mg/kg/d * weight
rule R-1 "x" source "s" then dose aza 30% to 70% of standard rounded to <|25 mg|>`);
    expect(d.found).toEqual(d.expected('VGL4010'));
    expect(d.of('VGL4010')[0]!.message).toBe('The dose cannot be rounded to 25 mg: mg (mass) is not a unit of the dose, which is given in mg/d (mass per time).');
  });

  it('reports a zero step and a fraction of an undeclared standard', () => {
    const d = diagnose(`rule R-1 "x" source "s" then dose pred 10 mg/d rounded to <|0 mg/d|>
rule R-2 "y" source "s" then dose aza 30% to 70% of standard rounded to <|25 mg/d|>`);
    expect(d.found).toEqual(d.expected('VGL4010'));
    expect(d.of('VGL4010').map((x) => x.message)).toEqual([
      'The dose cannot be rounded to 0 mg/d: the step must be more than zero.',
      'The dose cannot be rounded to 25 mg/d: the dose is a fraction of the standard dose of aza, which the rule set does not declare (`define standard aza = …`).',
    ]);
  });

  it('accepts a step in any unit of the dose: g/d for a drug dosed in mg/d, a weight-based dose', () => {
    expect(diagnose(`define standard aza = 2 mg/kg/d * weight
rule R-1 "x" source "s" then dose aza 30% to 70% of standard rounded to 25 mg/d
rule R-2 "y" source "s" then dose aza 1 mg/kg/d * weight to 2 mg/kg/d * weight rounded to 0.025 g/d
rule R-3 "z" source "s" then dose pred 10 mg/d to 30 mg/d rounded to 5 mg/d`).codes.filter((c) => c !== 'VGL5007')).toEqual([]);
  });
});
