// exactCompareProduct decides near-equal comparisons (`alt >= 3 x baseline` with alt exactly
// three times the baseline) with integer doubles when the decimals are short, with BigInt
// otherwise. Both paths must give the BigInt reference's answer: on exact products of short
// decimals and their neighbours, with signs and zero, and on digit counts either side of the
// integer path's limits; as imported and as engines embed it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactCompareProduct } from './exact.js';
import { EXACT_HELPERS_TEXT } from './engine/engine-text.generated.js';

const embedded = new Function(`"use strict";\n${EXACT_HELPERS_TEXT}\nreturn exactCompareProduct;`)() as typeof exactCompareProduct;

/** The decimal String(x) writes, as a fraction [n, d]. */
function frac(x: number): [bigint, bigint] {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x))!;
  const digits = BigInt(m[2]! + (m[3] ?? '')) * (m[1] === '-' ? -1n : 1n);
  const e = (m[4] ? Number(m[4]) : 0) - (m[3] ?? '').length;
  return e >= 0 ? [digits * 10n ** BigInt(e), 1n] : [digits, 10n ** BigInt(-e)];
}

function reference(a: number, k: number, b: number): number {
  const [an, ad] = frac(a);
  const [kn, kd] = frac(k);
  const [bn, bd] = frac(b);
  const l = an * kd * bd;
  const r = kn * bn * ad;
  return l < r ? -1 : l > r ? 1 : 0;
}

function same(a: number, k: number, b: number): void {
  const want = reference(a, k, b);
  expect(exactCompareProduct(a, k, b)).toBe(want);
  expect(embedded(a, k, b)).toBe(want);
}

/** The decimal m × 10^e as a double. */
const decimal = (m: bigint, e: number): number => Number(`${m}e${e}`);
/** A short decimal: 1 to `digits` significant digits, at a scale facts and factors have. */
const short = (digits: number) => fc.tuple(fc.bigInt({ min: -(10n ** BigInt(digits)) + 1n, max: 10n ** BigInt(digits) - 1n }), fc.integer({ min: -8, max: 4 })).map(([m, e]) => decimal(m, e));

describe('exactCompareProduct near equality', () => {
  it('compares exact products of short decimals and their neighbours as the BigInt reference does', () => {
    fc.assert(
      fc.property(short(7), short(3), fc.integer({ min: -1, max: 1 }), (b, k, step) => {
        // a = k × b exactly as a decimal (then one unit of its last place either side).
        const [kn, kd] = frac(k);
        const [bn, bd] = frac(b);
        const n = kn * bn;
        const d = kd * bd;
        const places = d.toString().length - 1;
        const a = decimal(n + BigInt(step), -places);
        same(a, k, b);
        same(-a, k, b);
        same(a, -k, -b);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on zero and on digit counts either side of the integer path (15 digits, products past 2^53)', () => {
    for (const [a, k, b] of [
      [0, 3, 0], [0, 0, 5], [-0, 3, 0], [0, 3, 1e-7], [99.9, 3, 33.3], [835.194, 3, 278.398], [-835.194, -3, 278.398],
      [999999999999999, 1, 999999999999999], [9007199254740991, 1, 9007199254740991], [1e15, 1, 1e15],
      [1.23456789012345, 1, 1.23456789012345], [1.234567890123456, 1, 1.234567890123456], [0.000001, 1, 0.000001], [9.99e-7, 1, 9.99e-7],
      [99999999.9999999, 3, 33333333.3333333], [9999999.99999999, 999999.999999, 10.0000000000001],
    ] as const) same(a, k, b);
    fc.assert(
      fc.property(short(15), short(15), short(4), (a, b, k) => same(a, k, b)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(short(9), short(9), (b, k) => {
        same(k * b, k, b);
        same(Number((k * b).toPrecision(15)), k, b);
      }),
      { numRuns: 2000 },
    );
  });
});
