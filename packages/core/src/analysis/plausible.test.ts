import { describe, expect, it } from 'vitest';
import { Rational } from '../units/rational.js';
import { plausibleValue, typicalValue } from './plausible.js';

const r = (s: string) => Rational.parse(s);
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
