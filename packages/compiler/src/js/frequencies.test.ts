// Doses with a frequency: the decision's bounds are the daily equivalent, exactly, and the
// frequency gives the amount each time, exactly, in the unit it was written in.
import { checkText } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { generateEngine } from './generate.js';
import { instantiateEngine } from '../load.js';

const RULES = `ruleset t version "1"
facts {
  flag: boolean
  weight: quantity kg range 0.3 kg to 400 kg
}
rule R-1 "bid" source "s" when flag then dose cetirizine 10 mg twice daily
rule R-2 "tiw" source "s" when flag then dose mtx 50 mg three times weekly
rule R-3 "weight" source "s" when not flag then dose cetirizine 0.1 mg/kg * weight to below 0.2 mg/kg * weight 3 times daily
rule R-4 "grams" source "s" when not flag then dose mtx 0.05 g once weekly
`;
const r = checkText(RULES, '/memory/t.vigil');
const e = instantiateEngine(r.ir!);
const doses = (facts: object) => Object.fromEntries(e.evaluate(facts).decisions.map((d) => [d.rule, d.dose]));

describe('dose frequencies in the engine', () => {
  it('gives the daily equivalent and the amount each time, exactly', () => {
    const d = doses({ flag: true });
    expect(d['R-1']).toEqual({ low: 20, unit: 'mg/d', ofStandard: false, exact: { low: '20' }, frequency: { text: 'twice daily', count: 2, periodDays: 1, amount: { low: 10, unit: 'mg', exact: { low: '10' } } } });
    expect(d['R-2']!.exact).toEqual({ low: '150/7' });
    expect(d['R-2']!.frequency).toEqual({ text: 'three times weekly', count: 3, periodDays: 7, amount: { low: 50, unit: 'mg', exact: { low: '50' } } });
  });
  it('computes weight-based amounts per patient, and keeps the unit the amount was written in', () => {
    const d = doses({ flag: false, weight: '70 kg' });
    expect(d['R-3']).toMatchObject({ low: 21, high: 42, highExclusive: true, exact: { low: '21', high: '42' }, frequency: { amount: { low: 7, high: 14, unit: 'mg', exact: { low: '7', high: '14' } } } });
    expect(d['R-4']).toMatchObject({ exact: { low: '50/7' }, unit: 'mg/d', frequency: { text: 'once weekly', amount: { low: 0.05, unit: 'g', exact: { low: '0.05' } } } });
  });
  it('declares the shape in engine.d.ts', () => {
    expect(generateEngine(r.ir!).dts).toContain('readonly frequency?: {');
  });
});
