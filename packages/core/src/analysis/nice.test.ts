import { describe, expect, it } from 'vitest';
import { Rational } from '../units/rational.js';
import { solveLinear, variableForm, constantForm, addForms, scaleForm } from './linear.js';
import { pickNice, type Interval } from './nice.js';

const r = (s: string) => Rational.parse(s);
const iv = (lo: string | undefined, loStrict: boolean, hi: string | undefined, hiStrict: boolean): Interval => ({
  ...(lo !== undefined ? { lo: r(lo) } : {}),
  loStrict,
  ...(hi !== undefined ? { hi: r(hi) } : {}),
  hiStrict,
});
const pick = (i: Interval, integer = false) => pickNice(i, { integer }).toExact();

describe('pickNice', () => {
  it('takes closed ends and steps just inside open ones', () => {
    expect(pick(iv(undefined, true, '2.5', true))).toBe('2.4');
    expect(pick(iv(undefined, true, '2.5', false))).toBe('2.5');
    expect(pick(iv('3', true, undefined, true))).toBe('3.1');
    expect(pick(iv('40', true, undefined, true))).toBe('41');
    expect(pick(iv('0', true, undefined, true))).toBe('1');
    expect(pick(iv('0.05', true, undefined, true))).toBe('0.051');
    expect(pick(iv(undefined, true, undefined, true))).toBe('1');
  });

  it('refines the step until it fits', () => {
    expect(pick(iv('2.5', true, '2.51', true))).toBe('2.501');
    expect(pick(iv('1/3', true, '0.34', true))).toBe('0.334');
    expect(pick(iv('-2', true, '-1.99', true))).toBe('-1.999');
  });

  it('prefers whole numbers when asked', () => {
    expect(pick(iv('2', true, undefined, true), true)).toBe('3');
    expect(pick(iv('0.5', false, '7', false), true)).toBe('7');
    expect(pick(iv('2.2', true, '2.8', true), true)).toBe('2.3');
  });
});

describe('solveLinear', () => {
  const x = variableForm('x');
  const y = variableForm('y');
  it('eliminates through a chain and explains the clash', () => {
    // x > y, y > 3, x < 3
    const cs = [
      { form: addForms(x, scaleForm(y, r('-1'))), strict: true, origins: new Set([0]) },
      { form: addForms(y, constantForm(r('-3'))), strict: true, origins: new Set([1]) },
      { form: addForms(scaleForm(x, r('-1')), constantForm(r('3'))), strict: true, origins: new Set([2]) },
    ];
    expect(solveLinear(cs, { order: ['x', 'y'] })).toEqual({ status: 'unsat', core: [0, 1, 2] });
    const sat = solveLinear(cs.slice(0, 2), { order: ['x', 'y'] });
    expect(sat.status).toBe('sat');
    if (sat.status === 'sat') expect([sat.values.get('x')!.toExact(), sat.values.get('y')!.toExact()]).toEqual(['3.2', '3.1']);
  });
});
