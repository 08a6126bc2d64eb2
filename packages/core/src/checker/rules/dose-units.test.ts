import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('dose-units', () => {
  it('reports a dose in another kind of unit than the drug, naming both units and what set it', () => {
    const d = diagnose(`rule R-1 "x" source "s" then dose prednisone 10 mg/d
rule R-2 "y" source "s" then dose prednisone <|40 mg|>`);
    expect(d.found).toEqual(d.expected('VGL4004'));
    expect(d.of('VGL4004')[0]!.message).toBe(
      "The dose '40 mg' is in mg (mass), but prednisone is dosed in mg/d (mass per time), set by its first dose (test.vigil:19): every dose of a drug must be in one unit.",
    );
  });

  it('takes the unit from the standard dose when the drug declares one', () => {
    const d = diagnose(`define standard aza = 2 mg/kg/d * weight
rule R-1 "x" source "s" then dose aza <|50 mg|>`);
    expect(d.found).toEqual(d.expected('VGL4004'));
    expect(d.of('VGL4004')[0]!.message).toContain('aza is dosed in mg/d (mass per time), set by its standard dose');
  });

  it('accepts commensurable doses of one drug: g/d, mg/d and a weight-based dose', () => {
    expect(diagnose(`define standard aza = 2 mg/kg/d * weight
rule R-1 "x" source "s" then dose aza 0.05 g/d
rule R-2 "y" source "s" then dose aza 1 mg/kg/d * weight to 2 mg/kg/d * weight
rule R-3 "z" source "s" then dose aza 30% to 70% of standard`).codes.filter((c) => c !== 'VGL5007')).toEqual([]);
  });

  it('reports a standard dose that is not a dose', () => {
    const d = diagnose(`define standard aza = <|30%|>`);
    expect(d.found).toEqual(d.expected('VGL3023'));
    expect(d.of('VGL3023')[0]!.message).toBe("The standard dose of 'aza' must be a quantity with a unit, such as '2 mg/kg/d * weight', but it is quantity in %.");
  });
});
