// $fmtD, the text explanations print for a number, builds it from digit tables instead of
// calling String(v); its output must be String's, character for character, for every double:
// the typed function and the text engines embed, on drawn doubles of every magnitude and on
// the decimals facts hold (few digits, at every scale), with their edges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preludeHelpers } from './prelude.js';
import { $fmtD, $places } from './prelude/numbers.js';

const embedded = preludeHelpers().fmtD!;

function same(v: number): void {
  const want = String(v);
  expect($fmtD(v)).toBe(want);
  expect(embedded(v)).toBe(want);
}

describe('$fmtD (the text of a double in explanations)', () => {
  it('is String(v) at the edges: zero, signs, the ends of its fast path, huge, tiny and not finite', () => {
    const edges = [
      0, -0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 1 / 3, -2 / 3, 0.5, 2.5, 999, 1000, 1001, 999.999, 1000.001, 123456.789,
      1e-6, 1.5e-6, 9.99e-7, 1e-7, 0.000001234567890123, 0.00000123456789012,
      999999999999999, 999999999999999.9, 99999999999999.98, 1e15, 1e15 + 1, 1e16, 2 ** 53, 2 ** 53 + 2, 1e21, 1.5e21, 1e300,
      Number.MAX_VALUE, Number.MIN_VALUE, 2.2250738585072014e-308, 5e-324, Number.EPSILON, Number.MAX_SAFE_INTEGER,
      278.398, 835.194, 835.1940000000001, 3 * 278.398, 166.3952, 3.19357, 0.643971, 1567.9,
      NaN, Infinity, -Infinity,
    ];
    for (const v of edges) {
      same(v);
      same(-v);
    }
  });

  it('is String(v) for any double', () => {
    fc.assert(fc.property(fc.double(), (v) => same(v)), { numRuns: 5000 });
    fc.assert(fc.property(fc.double({ min: -1e16, max: 1e16 }), (v) => same(v)), { numRuns: 5000 });
    fc.assert(fc.property(fc.double({ min: -1e-5, max: 1e-5 }), (v) => same(v)), { numRuns: 2000 });
  });

  it('is String(v) for decimals of 1 to 17 digits at every scale, and the doubles next to them', () => {
    const digits = fc.integer({ min: 1, max: 17 }).chain((n) => fc.bigInt({ min: 1n, max: 10n ** BigInt(n) - 1n }));
    fc.assert(
      fc.property(digits, fc.integer({ min: -25, max: 25 }), fc.boolean(), fc.integer({ min: -2, max: 2 }), (m, e, neg, step) => {
        const v = Number(`${neg ? '-' : ''}${m}e${e}`);
        same(v);
        same(nextTo(v, step));
      }),
      { numRuns: 5000 },
    );
  });

  it('is String(v) for fractions and sums that carry floating-point noise', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1e6 }), (n, d) => {
        same(n / d);
        same(n * 0.1 + d * 0.01);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes its fast path for the few-digit values facts hold, and leaves the rest to String', () => {
    expect($places(3.19357)).toBe(5);
    expect($places(49)).toBe(0);
    expect($places(0.000001)).toBe(6);
    expect($places(0)).toBe(-1);
    expect($places(9.99e-7)).toBe(-1);
    expect($places(0.1 + 0.2)).toBe(-1);
    expect($places(1e15)).toBe(-1);
  });
});

/** The double `steps` representable values above (or below) v. */
function nextTo(v: number, steps: number): number {
  if (!Number.isFinite(v) || steps === 0) return v;
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, v);
  const bits = b.getBigUint64(0);
  const up = (v > 0 || Object.is(v, 0)) === steps > 0;
  b.setBigUint64(0, up ? bits + BigInt(Math.abs(steps)) : bits - BigInt(Math.abs(steps)));
  return b.getFloat64(0);
}
