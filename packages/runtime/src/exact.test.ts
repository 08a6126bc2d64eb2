// Tests for the exact-decimal helpers, run both as imported and as re-created from their
// source text (the way generated engines embed them: engine-text.generated.ts), against a
// BigInt reference.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as imported from './exact.js';
import { EXACT_HELPERS } from './exact.js';
import { EXACT_HELPERS_TEXT } from './engine/engine-text.generated.js';

type Helpers = typeof EXACT_HELPERS;

/** Re-creates every helper from its source text alone, in an empty scope. */
function embedded(): Helpers {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(EXACT_HELPERS)) {
    const source = fn.toString();
    expect(source).not.toMatch(/\bimport\b|\brequire\(|\bexports?\b/);
    out[name] = new Function(`"use strict"; return (${source});`)();
  }
  // The helpers engines embed come from the generated engine text (types erased), not toString.
  Object.assign(out, new Function(`"use strict";\n${EXACT_HELPERS_TEXT}\nreturn { exactScale, exactCompareProduct, exactCompareFraction };`)());
  return out as unknown as Helpers;
}

// ---- BigInt reference, independent of the implementation

function decimalOf(x: number): [bigint, number] {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x))!;
  const frac = m[3] ?? '';
  const digits = BigInt(m[2]! + frac);
  return [m[1] === '-' ? -digits : digits, (m[4] ? Number(m[4]) : 0) - frac.length];
}

/** A fraction n/d (d > 0) as [numerator, denominator]. */
type Frac = [bigint, bigint];

function fracOf(x: number): Frac {
  const [m, e] = decimalOf(x);
  return e >= 0 ? [m * 10n ** BigInt(e), 1n] : [m, 10n ** BigInt(-e)];
}

function cmpFrac(a: Frac, b: Frac): -1 | 0 | 1 {
  const l = a[0] * b[1];
  const r = b[0] * a[1];
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Nearest double to n/d: 40 significant digits plus a sticky digit, then Number(). */
function refDouble([n, d]: Frac): number {
  if (n === 0n) return 0;
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let k = 0;
  while ((abs * 10n ** BigInt(k)) / d < 10n ** 40n) k++;
  const scaled = abs * 10n ** BigInt(k);
  const q = scaled / d;
  const sticky = scaled % d === 0n ? '0' : '1';
  const v = Number(`${q}${sticky}e${-k - 1}`);
  return negative ? -v : v;
}

const decimalArb = fc
  .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: -12, max: 12 }))
  .map(([m, e]) => Number(`${m}e${e}`));
const shortDecimalArb = fc
  .tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 0, max: 4 }))
  .map(([m, e]) => Number(`${m}e-${e}`));

for (const [label, h] of [
  ['imported', imported as Helpers],
  ['embedded from source', embedded()],
] as const) {
  describe(`exact helpers (${label})`, () => {
    it('exactScale converts units exactly', () => {
      expect(h.exactScale(2500, '1', '1000')).toBe(2.5);
      expect(h.exactScale(2.1, '1000', '1')).toBe(2100);
      expect(h.exactScale(0.1, '3', '1')).toBe(0.3);
      expect(h.exactScale(48, '1', '24')).toBe(2);
      expect(h.exactScale(1, '1', '3')).toBe(1 / 3);
      expect(h.exactScale(2, '487', '16')).toBe(60.875);
      expect(h.exactScale(7, '1', '1')).toBe(7);
      expect(h.exactScale(-1.5, '2.5', '1')).toBe(-3.75);
      expect(h.exactScale(0, '1', '60000')).toBe(0);
      expect(h.exactScale(1e-300, '1', '1e300')).toBe(0);
      expect(h.exactScale(1e300, '1e300', '1')).toBe(Infinity);
      expect(() => h.exactScale(1, '1', '0')).toThrow();
    });

    it('exactScale matches the BigInt reference', () => {
      fc.assert(
        fc.property(decimalArb, fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (v, p, q) => {
          const [n, d] = fracOf(v);
          expect(h.exactScale(v, String(p), String(q))).toBe(refDouble([n * BigInt(p), d * BigInt(q)]));
        }),
        { numRuns: 400 },
      );
    });

    it('exactCompare orders doubles', () => {
      expect(h.exactCompare(1, 2)).toBe(-1);
      expect(h.exactCompare(2.5, 2.5)).toBe(0);
      expect(h.exactCompare(3, -3)).toBe(1);
    });

    it('exactCompareProduct compares on decimals', () => {
      expect(3 * 33.3).not.toBe(99.9);
      expect(h.exactCompareProduct(99.9, 3, 33.3)).toBe(0);
      expect(h.exactCompareProduct(99.89999999999999, 3, 33.3)).toBe(-1);
      expect(h.exactCompareProduct(99.90000000000002, 3, 33.3)).toBe(1);
      expect(h.exactCompareProduct(0.3, 3, 0.1)).toBe(0);
      expect(h.exactCompareProduct(200, 5, 40)).toBe(0);
      expect(h.exactCompareProduct(199, 5, 40)).toBe(-1);
      expect(h.exactCompareProduct(0, 0, 1e308)).toBe(0);
      expect(h.exactCompareProduct(1, 5e-324, 1e300)).toBe(1);
    });

    it('exactCompareProduct matches the BigInt reference near equality', () => {
      fc.assert(
        fc.property(shortDecimalArb, shortDecimalArb, fc.integer({ min: -2, max: 2 }), (k, b, nudge) => {
          const [kn, kd] = fracOf(k);
          const [bn, bd] = fracOf(b);
          const product: Frac = [kn * bn, kd * bd];
          // The double nearest to the exact product, moved by a few ulps.
          let a = refDouble(product);
          for (let i = 0; i < Math.abs(nudge); i++) a = nextAfter(a, nudge > 0 ? Infinity : -Infinity);
          expect(h.exactCompareProduct(a, k, b)).toBe(cmpFrac(fracOf(a), product));
        }),
        { numRuns: 500 },
      );
      fc.assert(
        fc.property(decimalArb, decimalArb, decimalArb, (a, k, b) => {
          const [kn, kd] = fracOf(k);
          const [bn, bd] = fracOf(b);
          expect(h.exactCompareProduct(a, k, b)).toBe(cmpFrac(fracOf(a), [kn * bn, kd * bd]));
        }),
        { numRuns: 300 },
      );
    });

    it('exactCompareFraction compares with non-terminating thresholds', () => {
      expect(h.exactCompareFraction(0.3333333333333333, '1', '3')).toBe(-1);
      expect(h.exactCompareFraction(0.33333333333333337, '1', '3')).toBe(1);
      expect(h.exactCompareFraction(2.5, '5', '2')).toBe(0);
      expect(h.exactCompareFraction(-1, '-1', '1')).toBe(0);
      expect(h.exactCompareFraction(1, '1', '-2')).toBe(1);
      fc.assert(
        fc.property(decimalArb, fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (a, p, q) => {
          expect(h.exactCompareFraction(a, String(p), String(q))).toBe(cmpFrac(fracOf(a), [BigInt(p), BigInt(q)]));
          const near = refDouble([BigInt(p), BigInt(q)]);
          expect(h.exactCompareFraction(near, String(p), String(q))).toBe(cmpFrac(fracOf(near), [BigInt(p), BigInt(q)]));
        }),
        { numRuns: 300 },
      );
    });
  });
}

/** The adjacent double towards `direction`. */
function nextAfter(x: number, direction: number): number {
  if (Number.isNaN(x) || x === direction) return x;
  if (x === 0) return direction > 0 ? 5e-324 : -5e-324;
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, x);
  let bits = buffer.getBigUint64(0);
  bits += (x < direction) === (x > 0) ? 1n : -1n;
  buffer.setBigUint64(0, bits);
  return buffer.getFloat64(0);
}
