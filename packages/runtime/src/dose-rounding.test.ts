import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundDose, type ExactRational } from './dose-rounding.js';

const r = (n: number, d = 1): ExactRational => [BigInt(n), BigInt(d)];

describe('roundDose', () => {
  it('shrinks a range to the multiples inside it', () => {
    expect(roundDose(r(36), r(84), r(25))).toEqual([r(50), r(75)]);
    expect(roundDose(r(50), r(75), r(25))).toEqual([r(50), r(75)]);
    // 1/4 to 1/3 of 140 mg/d: 35 to 140/3
    expect(roundDose(r(35), r(140, 3), r(25))).toBeNull();
    expect(roundDose(r(35), r(140, 3), r(5))).toEqual([r(35), r(45)]);
    expect(roundDose(r(36), r(74), r(25))).toEqual([r(50)]);
  });

  it('takes one dose to the nearest multiple, a tie to the lower, never to zero', () => {
    expect(roundDose(r(140), null, r(25))).toEqual([r(150)]);
    expect(roundDose(r(135), null, r(25))).toEqual([r(125)]);
    expect(roundDose(r(1375, 10), null, r(25))).toEqual([r(125)]);
    expect(roundDose(r(1376, 10), null, r(25))).toEqual([r(150)]);
    expect(roundDose(r(12), null, r(25))).toBeNull();
    expect(roundDose(r(13), null, r(25))).toEqual([r(25)]);
  });

  it('leaves out an excluded high end that is a multiple, and only that one', () => {
    expect(roundDose(r(50), r(150), r(25), true)).toEqual([r(50), r(125)]);
    expect(roundDose(r(50), r(150), r(25))).toEqual([r(50), r(150)]);
    expect(roundDose(r(50), r(140), r(25), true)).toEqual([r(50), r(125)]);
    expect(roundDose(r(50), r(75), r(25), true)).toEqual([r(50)]);
    expect(roundDose(r(50), r(50), r(25), true)).toBeNull();
    expect(roundDose(r(36), r(150, 2), r(25), true)).toEqual([r(50)]);
  });

  it('works with fractional steps and steps in other units once converted (0.025 g/d = 25 mg/d)', () => {
    expect(roundDose(r(36), r(84), r(25, 1000))).toEqual([
      [36000n, 1000n],
      [84000n, 1000n],
    ]);
    expect(roundDose(r(1, 3), r(2, 3), r(1, 4))).toEqual([[2n, 4n]]);
  });

  it('property: every multiple shown lies within the range, and no multiple is left out at either end', () => {
    const rat = fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 1000 }));
    fc.assert(
      fc.property(rat, rat, fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 100 })), (a, b, s) => {
        const [lo, hi] = a[0] / a[1] <= b[0] / b[1] ? [a, b] : [b, a];
        const step = r(s[0], s[1]);
        const out = roundDose(r(lo[0], lo[1]), r(hi[0], hi[1]), step);
        const val = (x: ExactRational) => Number(x[0]) / Number(x[1]);
        const st = s[0] / s[1];
        if (out === null) {
          // No positive multiple within [lo, hi]: the first multiple at or above lo is above hi.
          const k = Math.max(1, Math.ceil((lo[0] * s[1]) / (lo[1] * s[0]) - 1e-12));
          expect(k * st).toBeGreaterThan(val(r(hi[0], hi[1])) - 1e-9);
          return;
        }
        for (const x of out) {
          // multiples of the step, exactly
          expect((x[0] * BigInt(s[1])) % (x[1] * BigInt(s[0]))).toBe(0n);
          expect(val(x)).toBeGreaterThanOrEqual(lo[0] / lo[1] - 1e-9);
          expect(val(x)).toBeLessThanOrEqual(hi[0] / hi[1] + 1e-9);
        }
        expect(val(out[0]!) - st).toBeLessThan(Math.max(lo[0] / lo[1], 1e-12) + 1e-9);
        expect(val(out[out.length - 1]!) + st).toBeGreaterThan(hi[0] / hi[1] - 1e-9);
      }),
      { numRuns: 500 },
    );
  });
});
