// Titration and taper schedules in the engine: the decision's range, and where the schedule
// starts, its step and limit exactly, the interval and the number of steps to the limit.
import { checkText } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { generateEngine } from './generate.js';
import { instantiateEngine } from '../load.js';

const RULES = `ruleset t version "1"
facts {
  flag: boolean
  weight: quantity kg range 0.3 kg to 400 kg
}
rule R-1 "titrate" source "s" when flag then dose aza start 1 mg/kg/d * weight, increase by 0.5 mg/kg/d * weight every 4 wk to 2.5 mg/kg/d * weight
rule R-2 "taper" source "s" when not flag then dose pred start 30 mg/d, decrease by 7 mg/d every 1 wk to 10 mg/d
`;
const r = checkText(RULES, '/memory/t.vigil');
const e = instantiateEngine(r.ir!);

describe('titration schedules in the engine', () => {
  it('a weight-based titration: start, step and limit for the patient, exactly, and the steps', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const d = e.evaluate({ flag: true, weight: '70 kg' }).decisions[0]!.dose!;
    expect(d).toMatchObject({ low: 70, high: 175, unit: 'mg/d', exact: { low: '70', high: '175' } });
    expect(d.titration).toEqual({ direction: 'increase', start: '70', step: '35', limit: '175', every: '4 wk', everyDays: 28, steps: 3 });
  });
  it('a taper starts at the high end; a last partial step stops at the limit', () => {
    const d = e.evaluate({ flag: false }).decisions[0]!.dose!;
    expect(d).toMatchObject({ low: 10, high: 30 });
    expect(d.titration).toEqual({ direction: 'decrease', start: '30', step: '7', limit: '10', every: '1 wk', everyDays: 7, steps: 3 });
  });
  it('is not evaluable without the weight the schedule needs', () => {
    expect(e.evaluate({ flag: true }).notEvaluable).toEqual([{ rule: 'R-1', title: 'titrate', missing: ['weight'] }]);
  });
  it('declares the shape in engine.d.ts', () => {
    expect(generateEngine(r.ir!).dts).toContain('readonly titration?: {');
  });
});
