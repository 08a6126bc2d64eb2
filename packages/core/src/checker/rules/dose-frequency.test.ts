import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('dose-frequency', () => {
  it('reports a count that is no whole number of administrations (VGL3033)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then dose a 10 mg <|1.5|> times daily then dose b 10 mg <|some|> times daily then dose c 10 mg <|0|> times weekly`);
    expect(d.found).toEqual(d.expected('VGL3033'));
    expect(d.of('VGL3033')[1]!.message).toBe("'some' in 'some times daily' is not a whole number of administrations; write once, twice, a whole number or a number word up to twelve ('3 times', 'three times').");
  });
  it('reports a rate or a fraction of the standard given with a frequency (VGL4020)', () => {
    const d = diagnose(`define standard aza = 2 mg/kg/d * weight
rule R-1 "x" source "s" when pregnant then dose pred <|10 mg/d|> twice daily
rule R-2 "y" source "s" when pregnant then dose aza 30% to 70% <|twice daily|> of standard`);
    expect(d.of('VGL4020').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL4020'));
    expect(d.of('VGL4020')[0]!.message).toBe("A dose given 'twice daily' needs an amount per administration: '10 mg/d' is mg/d (mass per time), a rate; give the amount each administration (e.g. '10 mg twice daily').");
  });
  it('reports display rounding of a dose with a frequency (VGL4021), and no unit error beside it', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then dose pred 10 mg twice daily rounded to <|5 mg|>`);
    expect(d.found).toEqual(d.expected('VGL4021'));
  });
  it('checks the daily equivalent against the drug\'s unit (VGL4004)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then dose pred 10 mg/d
rule R-2 "y" source "s" when not pregnant then dose pred <|10 mL twice daily|>`);
    expect(d.of('VGL4004').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL4004'));
    expect(d.of('VGL4004')[0]!.message).toContain("is in mL/d");
  });
  it('is quiet for amounts given with a frequency, in any unit of the drug', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then dose pred 10 mg/d
rule R-2 "y" source "s" when not pregnant then dose pred 0.01 g twice daily
rule R-3 "z" source "s" when pregnant then dose mtx 2.5 mg/kg * weight three times weekly`);
    expect(d.codes.filter((c) => /^VGL(30|40)/.test(c))).toEqual([]);
  });
});
