import { describe, expect, it } from 'vitest';
import { checkText } from '../../pipeline.js';
import { Rational } from '../../units/rational.js';
import { diagnose } from '../test-util.js';

const facts = (decls: string) => `ruleset t version "1"\nfacts {\n${decls}\n}\n`;

describe('invalid-range', () => {
  it('reports a low bound above the high one, at the range', () => {
    const d = diagnose(facts('  weight: quantity kg <|range 400 kg to 0.3 kg|> optional'), false);
    expect(d.found).toEqual(d.expected('VGL3006'));
    expect(d.of('VGL3006')[0]!.message).toBe("The range of 'weight' is empty: its low bound 400 kg is above its high bound 0.3 kg.");
  });

  it('compares bounds exactly across units: 400 g to 0.3 kg is empty, 300 g to 0.3 kg is not', () => {
    expect(diagnose(facts('  weight: quantity kg range 400 g to 0.3 kg optional'), false).codes).toEqual(['VGL3006']);
    expect(diagnose(facts('  weight: quantity kg range 300 g to 0.3 kg optional'), false).codes).toEqual([]);
  });

  it('reports a bound in an incommensurable unit, naming both units', () => {
    const d = diagnose(facts('  weight: quantity kg range <|0.3 m|> to 400 kg optional'), false);
    expect(d.found).toEqual(d.expected('VGL4005'));
    expect(d.of('VGL4005')[0]!.message).toBe("The range bound '0.3 m' of 'weight' is in m (length), but 'weight' is in kg (mass): the units are not commensurable.");
  });

  it('reports a bare number as a bound of a quantity with a unit', () => {
    const d = diagnose(facts('  weight: quantity kg range 0.3 kg to <|400|> optional'), false);
    expect(d.found).toEqual(d.expected('VGL4005'));
    expect(d.of('VGL4005')[0]!.message).toContain("'400' of 'weight' is a bare number");
  });

  it('reports a range on a fact that is not a quantity', () => {
    const d = diagnose(facts('  tpmt: enum { low, high } <|range 0 to 1|> optional'), false);
    expect(d.found).toEqual(d.expected('VGL3018'));
    expect(d.of('VGL3018')[0]!.message).toBe("Only a quantity fact can declare a range; 'tpmt' is enum { low, high }.");
  });

  it('leaves an invalid bound unit to invalid-unit', () => {
    expect(diagnose(facts('  weight: quantity kg range 0.3 <|kgg|> to 400 kg optional'), false).codes).toEqual(['VGL4001']);
  });
});

describe('the plausible range in the semantic model', () => {
  const model = (decls: string) => checkText(facts(decls), '/memory/t.vigil').model!;

  it('carries exact bounds in the fact unit', () => {
    const r = model('  weight: quantity kg range 300 g to 400 kg optional').facts.get('weight')!.plausibleRange!;
    expect(r.low.eq(Rational.of(3n, 10n))).toBe(true);
    expect(r.high!.eq(Rational.of(400n))).toBe(true);
    expect(r).toMatchObject({ unit: 'kg', declared: true });
  });

  it('keeps negative bounds', () => {
    const r = model('  change: quantity mmol/L range -20 mmol/L to 20 mmol/L optional').facts.get('change')!.plausibleRange!;
    expect(r.low.eq(Rational.of(-20n))).toBe(true);
  });

  it('gives undeclared quantity facts the default: never negative, no upper bound', () => {
    const m = model('  wbc: quantity 10*9/L optional\n  tpmt: enum { low } optional');
    expect(m.facts.get('wbc')!.plausibleRange).toMatchObject({ high: undefined, unit: '10*9/L', declared: false });
    expect(m.facts.get('wbc')!.plausibleRange!.low.isZero()).toBe(true);
    expect(m.facts.get('tpmt')!.plausibleRange).toBeUndefined();
  });

  it('has no range where the declared one is rejected', () => {
    expect(model('  weight: quantity kg range 400 kg to 1 kg optional').facts.get('weight')!.plausibleRange).toBeUndefined();
  });
});
