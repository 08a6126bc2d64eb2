// Tests for the exact rational type: parsing, the Exact text form, correctly rounded
// conversion to doubles, display, and field laws checked with fast-check.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rational } from './rational.js';

const R = (s: string) => Rational.parse(s);

const bigintArb = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
const rationalArb = fc
  .tuple(bigintArb, fc.bigInt({ min: 1n, max: 10n ** 20n }))
  .map(([n, d]) => Rational.of(n, d));
const nonZeroRationalArb = rationalArb.filter((r) => !r.isZero());
const runs = { numRuns: 300 };

describe('Rational.parse', () => {
  it('reads integers, decimals, fractions and exponents exactly', () => {
    expect(R('12').toExact()).toBe('12');
    expect(R('2.5').eq(Rational.of(5n, 2n))).toBe(true);
    expect(R('-0.125').eq(Rational.of(-1n, 8n))).toBe(true);
    expect(R('1/3').toExact()).toBe('1/3');
    expect(R('6/4').toExact()).toBe('1.5');
    expect(R('-7/21').toExact()).toBe('-1/3');
    expect(R('1e-3').toExact()).toBe('0.001');
    expect(R('2.5E+4').toExact()).toBe('25000');
    expect(R('.5').toExact()).toBe('0.5');
    expect(R('0.000').isZero()).toBe(true);
    expect(R('-0').sign()).toBe(0);
  });

  it('rejects malformed text', () => {
    for (const bad of ['', '.', 'abc', '1/0', '1.2.3', '1/2/3', '0x10', '1 000', 'e5', '--1', '1/-2']) {
      expect(Rational.tryParse(bad), bad).toBeUndefined();
    }
    expect(() => R('nope')).toThrow();
  });
});

describe('Rational.of', () => {
  it('reduces and normalises the sign', () => {
    const r = Rational.of(10n, -4n);
    expect(r.num).toBe(-5n);
    expect(r.den).toBe(2n);
    expect(Rational.of(0n, -7n).eq(Rational.ZERO)).toBe(true);
    expect(Rational.of(6, 3).eq(Rational.of(2n))).toBe(true);
    expect(() => Rational.of(1n, 0n)).toThrow();
  });
});

describe('Rational.fromNumber', () => {
  it('reads the shortest decimal of the double', () => {
    expect(Rational.fromNumber(0.1).eq(Rational.of(1n, 10n))).toBe(true);
    expect(Rational.fromNumber(2.4999999999999996).toExact()).toBe('2.4999999999999996');
    expect(Rational.fromNumber(1e-7).toExact()).toBe('0.0000001');
    expect(Rational.fromNumber(1.5e21).toExact()).toBe('1500000000000000000000');
    expect(Rational.fromNumber(-0).isZero()).toBe(true);
  });
  it('rejects NaN and infinities', () => {
    expect(() => Rational.fromNumber(NaN)).toThrow();
    expect(() => Rational.fromNumber(Infinity)).toThrow();
    expect(() => Rational.fromNumber(-Infinity)).toThrow();
  });
});

describe('arithmetic', () => {
  it('computes exactly', () => {
    expect(R('0.1').add(R('0.2')).toExact()).toBe('0.3');
    expect(R('3').mul(R('33.3')).eq(R('99.9'))).toBe(true);
    expect(R('1').div(R('3')).mul(R('3')).eq(Rational.ONE)).toBe(true);
    expect(R('2500').mul(R('1/1000')).toExact()).toBe('2.5');
    expect(R('2').pow(-3).toExact()).toBe('0.125');
    expect(R('-2.5').abs().toExact()).toBe('2.5');
    expect(R('2.5').neg().sign()).toBe(-1);
    expect(() => Rational.ONE.div(Rational.ZERO)).toThrow();
  });

  it('orders values', () => {
    expect(R('1/3').lt(R('0.3334'))).toBe(true);
    expect(R('1/3').gt(R('0.3333'))).toBe(true);
    expect(R('0.5').le(R('1/2'))).toBe(true);
    expect(R('0.5').ge(R('1/2'))).toBe(true);
    expect(R('-1').cmp(R('1'))).toBe(-1);
    expect(Rational.min(R('2'), R('1/2')).toExact()).toBe('0.5');
    expect(Rational.max(R('2'), R('1/2')).toExact()).toBe('2');
  });

  it('satisfies the field laws', () => {
    fc.assert(
      fc.property(rationalArb, rationalArb, rationalArb, (a, b, c) => {
        expect(a.add(b).eq(b.add(a))).toBe(true);
        expect(a.mul(b).eq(b.mul(a))).toBe(true);
        expect(a.add(b).add(c).eq(a.add(b.add(c)))).toBe(true);
        expect(a.mul(b).mul(c).eq(a.mul(b.mul(c)))).toBe(true);
        expect(a.mul(b.add(c)).eq(a.mul(b).add(a.mul(c)))).toBe(true);
        expect(a.add(Rational.ZERO).eq(a)).toBe(true);
        expect(a.mul(Rational.ONE).eq(a)).toBe(true);
        expect(a.sub(a).isZero()).toBe(true);
        expect(a.add(b).sub(b).eq(a)).toBe(true);
      }),
      runs,
    );
  });

  it('has multiplicative inverses and a consistent order', () => {
    fc.assert(
      fc.property(nonZeroRationalArb, rationalArb, (a, b) => {
        expect(a.mul(a.inv()).eq(Rational.ONE)).toBe(true);
        expect(b.div(a).mul(a).eq(b)).toBe(true);
        expect(a.cmp(b)).toBe((0 - b.cmp(a)) as -1 | 0 | 1); // 0 - x, not -x: -0 is not 0 to toBe
        expect(a.sub(b).sign()).toBe(a.cmp(b));
      }),
      runs,
    );
  });
});

describe('toExact', () => {
  it('writes terminating values as decimals and others as fractions', () => {
    expect(Rational.of(5n, 2n).toExact()).toBe('2.5');
    expect(Rational.of(-1n, 8n).toExact()).toBe('-0.125');
    expect(Rational.of(1n, 3n).toExact()).toBe('1/3');
    expect(Rational.of(-487n, 16n).toExact()).toBe('-30.4375');
    expect(Rational.of(1n, 60000n).toExact()).toBe('1/60000');
    expect(Rational.of(1n, 1024n).toExact()).toBe('0.0009765625');
    expect(Rational.of(1000n).toExact()).toBe('1000');
  });

  it('round-trips through parse', () => {
    fc.assert(
      fc.property(rationalArb, (a) => {
        const text = a.toExact();
        expect(Rational.parse(text).eq(a)).toBe(true);
        expect(text.includes('/')).toBe(!a.isTerminating());
        expect(/e/i.test(text)).toBe(false);
      }),
      runs,
    );
  });
});

describe('toNumber', () => {
  it('rounds correctly', () => {
    expect(Rational.of(1n, 3n).toNumber()).toBe(1 / 3);
    expect(Rational.of(1n, 10n).toNumber()).toBe(0.1);
    expect(R('2.5').toNumber()).toBe(2.5);
    expect(R('-99.9').toNumber()).toBe(-99.9);
    // Halfway between 2^53 and 2^53 + 2: ties to even.
    expect(R('9007199254740993').toNumber()).toBe(9007199254740992);
    expect(R('9007199254740995').toNumber()).toBe(9007199254740996);
    expect(R('1e400').toNumber()).toBe(Infinity);
    expect(R('-1e400').toNumber()).toBe(-Infinity);
    expect(R('5e-324').toNumber()).toBe(5e-324);
    expect(R('2e-324').toNumber()).toBe(0);
    expect(R('3e-324').toNumber()).toBe(5e-324);
    expect(R('2.2250738585072014e-308').toNumber()).toBe(2.2250738585072014e-308);
    expect(R('1.7976931348623157e308').toNumber()).toBe(1.7976931348623157e308);
  });

  it('round-trips every finite double through fromNumber', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(Rational.fromNumber(x).toNumber(), x === 0 ? 0 : x)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with Number() on decimals of up to 20 significant digits', () => {
    const decimalArb = fc
      .tuple(fc.bigInt({ min: -(10n ** 20n) + 1n, max: 10n ** 20n - 1n }), fc.integer({ min: -330, max: 300 }))
      .map(([m, e]) => `${m}e${e}`);
    fc.assert(
      fc.property(decimalArb, (text) => {
        expect(R(text).toNumber()).toBe(Number(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with floating division for small fractions', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (n, d) => {
        expect(Rational.of(n, d).toNumber()).toBe(n / d);
      }),
      runs,
    );
  });
});

describe('toDecimalString', () => {
  it('rounds for display', () => {
    expect(Rational.of(1n, 3n).toDecimalString()).toBe('0.333333');
    expect(Rational.of(2n, 3n).toDecimalString()).toBe('0.666667');
    expect(Rational.of(10n, 3n).toDecimalString()).toBe('3.333333');
    expect(Rational.of(-1n, 3n).toDecimalString(2)).toBe('-0.33');
    expect(Rational.of(1n, 3000n).toDecimalString()).toBe('0.000333333');
    expect(R('2.5').toDecimalString()).toBe('2.5');
    expect(R('1000').toDecimalString()).toBe('1000');
    expect(R('0.125').toDecimalString(2)).toBe('0.13');
    expect(R('-0.125').toDecimalString(2)).toBe('-0.13');
    expect(Rational.ZERO.toDecimalString()).toBe('0');
    expect(R('0.9999999').toDecimalString()).toBe('1');
  });
});
