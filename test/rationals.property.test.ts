// One exact arithmetic at compile time (core's Rational, which the compiler's parseExact
// wraps) and one in generated engines (the prelude's rationals and the exact-decimal
// helpers of runtime/src/exact.ts): they must read every decimal and fraction alike, round
// to the same double, and write the same IR Exact text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '@vigil/core';
import { exactScale } from '@vigil/runtime';
import { $decToRat, $exact, $toNum } from '@vigil/runtime/prelude';
import { nearestDouble, parseExact } from '@vigil/compiler/test';

/** A decimal text: sign, up to 25 digits, a fraction part, an exponent, in every spelling the readers accept. */
const decimal = fc
  .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{0,25}$/), fc.option(fc.stringMatching(/^\d{0,25}$/)), fc.option(fc.integer({ min: -340, max: 320 })), fc.constantFrom('e', 'E'))
  .filter(([, i, f]) => i !== '' || (f !== null && f !== ''))
  .map(([sign, i, f, e, mark]) => `${sign}${i}${f === null ? '' : `.${f}`}${e === null ? '' : `${mark}${e}`}`);

const fraction = fc.tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.bigInt({ min: 1n, max: 10n ** 40n }));

const same = (a: readonly [bigint, bigint], b: Rational) => a[0] * b.den === b.num * a[1];
/** The same double; a zero's sign aside (decimals have no negative zero). */
const sameDouble = (a: number, b: number) => Object.is(a, b) || (a === 0 && b === 0);

describe('the rationals agree', () => {
  it('read a decimal text to the same exact value, and round it to the same double as Number()', () => {
    fc.assert(
      fc.property(decimal, (s) => {
        const core = Rational.parse(s);
        const engine = $decToRat(s)!;
        expect(engine).not.toBeNull();
        expect(same(engine, core)).toBe(true);
        const d = core.toNumber();
        expect(sameDouble($toNum(engine), d)).toBe(true);
        expect(sameDouble(Number(s), d)).toBe(true);
        // exact.ts: 1 x decimal(s), rounded once.
        const body = s.replace(/^\+/, '');
        if (Number.isFinite(d) && Math.abs(d) < 1e300) expect(sameDouble(exactScale(1, body, '1'), d)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('round a fraction to the same double and write the same Exact text', () => {
    fc.assert(
      fc.property(fraction, ([n, d]) => {
        const core = Rational.of(n, d);
        expect($toNum([n, d])).toBe(core.toNumber());
        expect(nearestDouble({ n, d })).toBe(core.toNumber());
        expect(sameDouble(exactScale(1, String(n), String(d)), core.toNumber())).toBe(true);
        expect($exact([n, d])).toBe(core.toExact());
        const ir = parseExact(core.toExact());
        expect([ir.n, ir.d]).toEqual([core.num, core.den]);
      }),
      { numRuns: 3000 },
    );
  });

  it('agree at the edges: ties to even, subnormals, overflow', () => {
    for (const [n, d] of [
      [2n ** 53n + 1n, 1n],
      [2n ** 53n + 3n, 1n],
      [1n, 2n ** 1075n],
      [3n, 2n ** 1075n],
      [2n ** 52n - 1n, 2n ** 1074n],
      [10n ** 309n, 1n],
      [-(10n ** 309n), 1n],
      [1n, 3n],
    ] as const) {
      expect($toNum([n, d])).toBe(Rational.of(n, d).toNumber());
    }
  });
});
