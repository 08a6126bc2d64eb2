// Plausible ranges at the engine's boundary: a value outside its fact's range is an input
// error (never evaluated), decided exactly at the bounds, for the value, baseline and ULN.
import { checkText } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { instantiateEngine } from '../load.js';

const RULES = `ruleset t version "1"
facts {
  weight: quantity kg range 0.3 kg to 400 kg
  change: quantity mmol/L range -20 mmol/L to 20 mmol/L
  wbc: quantity 10*9/L
  alt: quantity U/L range 0 U/L to 10000 U/L baseline uln
}
rule R-1 "x" source "s" when weight > 50 kg then dose azathioprine 2 mg/kg/d * weight because "y"
`;
const r = checkText(RULES, '/memory/t.vigil');
const e = instantiateEngine(r.ir!);

function issues(input: unknown): string[] {
  const v = e.validateFacts(input);
  return v.ok ? [] : v.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('plausible ranges at the boundary', () => {
  it('rejects negative, zero and absurd weights, naming the field, the value and the range', () => {
    expect(issues({ weight: '-70 kg' })).toEqual(['weight: -70 kg is outside the plausible range 0.3 kg to 400 kg']);
    expect(issues({ weight: 0 })).toEqual(['weight: 0 kg is outside the plausible range 0.3 kg to 400 kg']);
    expect(issues({ weight: { value: 7000, unit: 'kg' } })).toEqual(['weight: 7000 kg is outside the plausible range 0.3 kg to 400 kg']);
    expect(issues({ weight: '-3 [lb_av]' })).toEqual(['weight: -3 [lb_av] (-1.36077711 kg) is outside the plausible range 0.3 kg to 400 kg']);
  });

  it('accepts the bounds themselves, in any unit', () => {
    expect(issues({ weight: '0.3 kg' })).toEqual([]);
    expect(issues({ weight: '300 g' })).toEqual([]);
    expect(issues({ weight: '400 kg' })).toEqual([]);
  });

  it('decides exactly where the nearest double is the bound', () => {
    expect(issues({ weight: '299.99999999999999999 g' })).toHaveLength(1);
    expect(issues({ weight: '400.0000000000000000001 kg' })).toHaveLength(1);
    // Just inside the range, but more digits than a double holds, and weight makes a dose: refused, never rounded.
    expect(issues({ weight: '0.30000000000000000001 kg' })).toEqual([
      'weight: "0.30000000000000000001 kg" has more digits than the engine holds exactly (15 significant digits): rounded to 0.3 kg, it could change a result computed from it; give it exactly with at most 15 significant digits',
    ]);
    expect(issues({ weight: '0.300000000000001 kg' })).toEqual([]);
  });

  it('allows negative values where the range does, and never otherwise', () => {
    expect(issues({ change: '-20 mmol/L' })).toEqual([]);
    expect(issues({ change: '-20.5 mmol/L' })).toEqual(['change: -20.5 mmol/L is outside the plausible range -20 mmol/L to 20 mmol/L']);
    expect(issues({ wbc: -0.1 })).toEqual(['wbc: -0.1 10*9/L is negative; a quantity is never negative unless its fact declares a range that allows it']);
    expect(issues({ wbc: '-0 10*9/L' })).toEqual([]);
    expect(issues({ wbc: '-1e-400 10*9/L' })).toHaveLength(1);
  });

  it('applies to the baseline and the ULN', () => {
    expect(issues({ alt_baseline: '-1 U/L', alt_uln: '20000 U/L' })).toEqual([
      'alt_baseline: -1 U/L is outside the plausible range 0 U/L to 10000 U/L',
      'alt_uln: 20000 U/L is outside the plausible range 0 U/L to 10000 U/L',
    ]);
  });

  it('never evaluates an implausible patient', () => {
    expect(() => e.evaluate({ weight: '-70 kg' })).toThrow(/plausible range/);
  });

  it('carries the range in the IR', () => {
    expect(r.ir!.facts.find((f) => f.name === 'weight')!.range).toEqual({ low: '0.3', high: '400', declared: true });
    expect(r.ir!.facts.find((f) => f.name === 'wbc')!.range).toEqual({ low: '0', declared: false });
  });
});
