import { describe, expect, it } from 'vitest';
import { checkText } from '../pipeline.js';
import { BASE_FACTS } from '../../test-support/markers.js';
import type { IrExpr } from './ir.js';
import { boundedExact, LoweringError } from './lower.js';
import { Rational } from '../units/rational.js';

function lower(snippet: string) {
  const r = checkText(BASE_FACTS + snippet);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.ir!;
}

describe('lowering to IR', () => {
  it('converts a threshold in another unit exactly to the fact unit', () => {
    const ir = lower(`rule R-1 "x" source "s" when wbc < 2500 /uL then caution azathioprine`);
    const when = ir.rules[0]!.when as Extract<IrExpr, { kind: 'compare' }>;
    expect(when.kind).toBe('compare');
    expect(when.right).toEqual({ kind: 'quantity', value: '2.5', unit: '10*9/L', dimension: expect.any(String) });
    expect(when.text).toBe('wbc < 2500 /uL');
  });
  it('numbers atoms in source order across definitions and rules', () => {
    const ir = lower(`define low_counts = wbc < 2.5 10*9/L or platelets < 50 10*9/L
rule R-1 "x" source "s" when low_counts and tpmt in { low, absent } then contraindicate azathioprine`);
    expect(ir.atomCount).toBe(3);
    const when = ir.rules[0]!.when as Extract<IrExpr, { kind: 'and' }>;
    expect(when.args[0]).toEqual({ kind: 'ref', definition: 'low_counts', type: { kind: 'boolean' } });
    expect((when.args[1] as Extract<IrExpr, { kind: 'in' }>).atom).toBe(2);
  });
  it('expands value sets into terms with codes', () => {
    const ir = lower(`rule R-1 "x" source "s" when meds includes xoi then caution azathioprine`);
    const when = ir.rules[0]!.when as Extract<IrExpr, { kind: 'includes' }>;
    expect(when.terms).toEqual([
      { name: 'allopurinol', codes: ['rxnorm:519'] },
      { name: 'febuxostat', codes: ['rxnorm:73689'] },
    ]);
  });
  it('lowers doses, percentages and schedules to exact figures', () => {
    const ir = lower(`rule R-1 "x" source "s" when tpmt = intermediate
  then dose azathioprine 30% to 70% of standard
  then dose azathioprine 2 mg/kg/d * weight
  then monitor cbc every 1 wk for 4 wk, then every 1 mo`);
    const [pct, abs, mon] = ir.rules[0]!.actions;
    expect(pct!.dose).toMatchObject({ low: { kind: 'quantity', value: '0.3' }, high: { kind: 'quantity', value: '0.7' }, ofStandard: true, unit: '1' });
    expect(abs!.dose!.unit).toBe('mg/d');
    expect(mon!.schedule).toEqual([
      { everyDays: '7', every: '1 wk', bound: { kind: 'for', days: '28', text: '4 wk' } },
      { everyDays: '30.4375', every: '1 mo' },
    ]);
  });
  it('keeps elapsed tests in exact days and facts with their accepted units', () => {
    const ir = lower(`rule R-1 "x" source "s" when last_dose more than 48 h ago then caution azathioprine`);
    expect(ir.rules[0]!.when).toMatchObject({ kind: 'elapsed', op: '>', days: '2', ref: { fact: 'last_dose', part: 'value' } });
    const wbc = ir.facts.find((f) => f.name === 'wbc')!;
    expect(wbc.acceptedUnits).toContainEqual({ unit: '/uL', factor: '0.001' });
    expect(wbc.acceptedUnits?.[0]).toEqual({ unit: '10*9/L', factor: '1' });
  });
  it('puts the fact on the left of a comparison', () => {
    const ir = lower(`rule R-1 "x" source "s" when 2.5 10*9/L > wbc then caution azathioprine`);
    expect(ir.rules[0]!.when).toMatchObject({ kind: 'compare', op: '<', left: { kind: 'fact' } });
  });
});

describe('exact numbers an engine can keep', () => {
  it('refuses a conversion whose exact value is out of range, in check as in compile', () => {
    const r = checkText(
      'ruleset t version "1"\nfacts { q: quantity 10*-99.10*-99.10*-99/L }\nrule A "a" source "s" when q > 1 10*99.10*99.10*99/L then caution azathioprine\n',
      '/memory/extreme.vigil',
    );
    expect(r.ir).toBeUndefined();
    expect(r.diagnostics.find((d) => d.code === 'VGL6001')?.message).toMatch(/beyond the numbers an engine keeps exactly/);
  });
  it('bounds exact values by length and magnitude', () => {
    expect(boundedExact(Rational.parse('2.5'), 'x')).toBe('2.5');
    expect(boundedExact(Rational.ZERO, 'x')).toBe('0');
    expect(() => boundedExact(Rational.parse(`0.${'0'.repeat(330)}1`), 'a threshold')).toThrow(LoweringError);
    expect(() => boundedExact(Rational.parse('1'.repeat(401)), 'a threshold')).toThrow(/at most 400 characters/);
  });
});
