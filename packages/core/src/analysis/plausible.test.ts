import { describe, expect, it } from 'vitest';
import { Rational } from '../units/rational.js';
import { FULL, type Interval } from './nice.js';
import { middle, pickPlausible, plausibleValue, typicalValue } from './plausible.js';

const r = (s: string) => Rational.parse(s);
const pick = (iv: Interval, p: Parameters<typeof pickPlausible>[1]) => pickPlausible(iv, p, { fallback: Rational.ONE }).toExact();
const RANGE: Interval = { lo: r('0.3'), loStrict: false, hi: r('400'), hiStrict: false };

describe('pickPlausible', () => {
  it('gives a free part its typical value, else the middle of its range, else the fallback', () => {
    expect(pick(FULL, { typical: r('70') })).toBe('70');
    expect(pick(FULL, { range: RANGE })).toBe('10');
    expect(pick(FULL, undefined)).toBe('1');
    // A typical value outside the declared range is not used.
    expect(pick(FULL, { range: RANGE, typical: r('900') })).toBe('10');
  });

  it('keeps a constrained part next to its threshold, inside the range when the range allows', () => {
    expect(pick({ hi: r('50'), hiStrict: true, loStrict: true }, { range: RANGE, typical: r('70') })).toBe('49');
    expect(pick({ lo: r('2.5'), loStrict: true, hiStrict: true }, { typical: r('6') })).toBe('2.6');
    // `weight < 0.5 kg` with the range starting at 0.3 kg: inside both.
    expect(pick({ hi: r('0.5'), hiStrict: true, loStrict: true }, { range: RANGE })).toBe('0.49');
    // `weight < 0.1 kg` misses the range: the solver's constraint wins.
    expect(pick({ hi: r('0.1'), hiStrict: true, loStrict: true }, { range: RANGE })).toBe('0.09');
  });

  it('middle: geometric for a positive range, arithmetic otherwise', () => {
    expect(middle(RANGE).toExact()).toBe('10');
    expect(middle({ lo: r('-10'), loStrict: false, hi: r('30'), hiStrict: false }).toExact()).toBe('10');
  });
});

const WEIGHT = { low: r('0.3'), high: r('400') };

describe('plausible values for witnesses', () => {
  it('keeps the value near the threshold when it is plausible', () => {
    expect(plausibleValue({ hi: r('40'), hiStrict: true, loStrict: true }, WEIGHT).toExact()).toBe('39');
    expect(plausibleValue({ lo: r('40'), loStrict: false, hiStrict: true }, WEIGHT).toExact()).toBe('40');
  });

  it('takes a round value in the middle of the range for a piece no threshold bounds, not 1 kg', () => {
    expect(plausibleValue({ loStrict: true, hiStrict: true }, WEIGHT).toExact()).toBe('10');
    expect(plausibleValue({ loStrict: true, hiStrict: true }, undefined).toExact()).toBe('1');
    expect(typicalValue({ low: r('0'), high: r('500') })?.toExact()).toBe('50');
    expect(typicalValue({ low: r('0') })).toBeUndefined();
  });

  it('moves a value outside the range inside it, when the piece reaches the range', () => {
    // weight < 0.5 kg: the nice value 0.49 is plausible; weight > -5 kg: 0.3 kg, not -4.
    expect(plausibleValue({ hi: r('0.5'), hiStrict: true, loStrict: true }, WEIGHT).toExact()).toBe('0.49');
    expect(plausibleValue({ lo: r('-5'), loStrict: true, hiStrict: true }, WEIGHT).toExact()).toBe('0.3');
    // A piece wholly outside still gets a value of its own.
    expect(plausibleValue({ lo: r('500'), loStrict: false, hiStrict: true }, WEIGHT).toExact()).toBe('500');
  });
});
