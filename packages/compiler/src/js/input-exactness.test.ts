// Exact inputs at the boundary: a quantity whose exact value in its fact's unit is not the
// decimal of a double (more than 15 significant digits, or a conversion that does not
// terminate) gives the exact answer or is refused, never a wrong answer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '@vigil/core';
import { instantiateEngine } from '../load.js';
import { arith, cmp, f, fact, program, q, rule, T } from '@vigil/core/test';

// x is only compared with constants; y is used in arithmetic, so it must be held exactly.
const UNITS: Record<string, string> = { u: '1', third: '1/3', k: '1000', m: '0.001', mo: '1/12', d: '4/1461', w: '7' };
const THRESHOLDS: Record<string, string> = { LT: '1/3', LE: '2.5', EQ: '7/12', GT: '0.1234567890123456789' };
const x = f('x', T.quantity('u'));
const y = f('y', T.quantity('u'));
const e = instantiateEngine(
  program({
    facts: [fact('x', T.quantity('u'), { units: UNITS }), fact('y', T.quantity('u'), { units: UNITS })],
    rules: [
      rule('LT', { when: cmp(x, '<', q(THRESHOLDS.LT!, 'u')) }),
      rule('LE', { when: cmp(x, '<=', q(THRESHOLDS.LE!, 'u')) }),
      rule('EQ', { when: cmp(x, '=', q(THRESHOLDS.EQ!, 'u')) }),
      rule('GT', { when: cmp(x, '>', q(THRESHOLDS.GT!, 'u')) }),
      rule('SUM', { when: cmp(arith('+', y, q('1', 'u'), 'u'), '>=', q('3', 'u')) }),
    ],
  }),
);
const REFUSED = /has more digits than the engine holds exactly \(15 significant digits\)/;

const holds = (rule: string, v: Rational): boolean => {
  const c = v.cmp(Rational.parse(THRESHOLDS[rule]!));
  return rule === 'LT' ? c < 0 : rule === 'LE' ? c <= 0 : rule === 'EQ' ? c === 0 : c > 0;
};

/** A decimal text of 1 to 22 digits, or one next to a threshold expressed in the input's unit. */
const decimalText = fc.oneof(
  fc.tuple(fc.stringMatching(/^[1-9]\d{0,21}$/), fc.integer({ min: 0, max: 22 })).map(([digits, point]) => {
    const p = Math.min(point, digits.length);
    return p === 0 ? digits : `${digits.slice(0, digits.length - p) || '0'}.${digits.slice(digits.length - p)}`;
  }),
  fc.tuple(fc.constantFrom(...Object.keys(THRESHOLDS)), fc.constantFrom(...Object.keys(UNITS)), fc.integer({ min: 14, max: 20 }), fc.integer({ min: -1, max: 1 })).map(([rule, unit, digits, nudge]) => {
    // The threshold in the input's unit, to `digits` places, nudged by one in the last place.
    const t = Rational.parse(THRESHOLDS[rule]!).div(Rational.parse(UNITS[unit]!));
    const scaled = t.mul(Rational.of(10n ** BigInt(digits)));
    const n = scaled.num / scaled.den + BigInt(nudge);
    const s = (n < 0n ? 0n : n).toString().padStart(digits + 1, '0');
    return `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
  }),
);

describe('exact inputs at the boundary', () => {
  it('gives the exact comparison result for a decimal in any unit, or refuses it naming the field', () => {
    fc.assert(
      fc.property(decimalText, fc.constantFrom(...Object.keys(UNITS)), fc.boolean(), (text, unit, asObject) => {
        const v = Rational.parse(text).mul(Rational.parse(UNITS[unit]!));
        const input = asObject ? { value: text, unit } : `${text} ${unit}`;
        const checked = e.validateFacts({ x: input });
        if (!checked.ok) {
          expect(checked.issues).toHaveLength(1);
          expect(checked.issues[0]!.path).toBe('x');
          expect(checked.issues[0]!.message).toMatch(REFUSED);
          return;
        }
        const fired = new Set(e.evaluateValidated(checked.facts).decisions.map((d) => d.rule));
        for (const rule of Object.keys(THRESHOLDS)) expect([rule, fired.has(rule)]).toEqual([rule, holds(rule, v)]);
      }),
      { numRuns: 3000 },
    );
  });

  it('holds an input used in arithmetic exactly, or refuses it', () => {
    fc.assert(
      fc.property(decimalText, fc.constantFrom(...Object.keys(UNITS)), (text, unit) => {
        const v = Rational.parse(text).mul(Rational.parse(UNITS[unit]!));
        const checked = e.validateFacts({ y: `${text} ${unit}` });
        if (!checked.ok) expect(checked.issues[0]!.message).toMatch(REFUSED);
        else expect(Rational.fromNumber((checked.facts as { y: number }).y).eq(v)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts what doubles hold exactly, and rounds where no result can change', () => {
    const ok = (input: unknown) => {
      const r = e.validateFacts(input);
      return r.ok ? r.facts : r.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(ok({ x: '123456789012345', y: 0.1 })).toEqual({ x: 123456789012345, y: 0.1 });
    expect(ok({ y: '6 mo' })).toEqual({ x: null, y: 0.5 });
    // 8 mo is 2/3 u: no threshold of x lies between 2/3 and its nearest double.
    expect(ok({ x: '8 mo' })).toEqual({ x: 0.6666666666666666, y: null });
    expect(ok({ x: '7 mo' })).toEqual([
      'x: "7 mo" is 7/12 u, which has more digits than the engine holds exactly (15 significant digits): rounded to 0.5833333333333334 u, it could compare differently with 7/12 u; give it exactly with at most 15 significant digits in u',
    ]);
    expect(ok({ y: '2.00000000000000001' })).toEqual([
      'y: "2.00000000000000001 u" has more digits than the engine holds exactly (15 significant digits): rounded to 2 u, it could change a result computed from it; give it exactly with at most 15 significant digits',
    ]);
    // A JavaScript number stands for its shortest decimal: always exact in the fact's unit.
    expect(ok({ x: 0.1 + 0.2 })).toEqual({ x: 0.30000000000000004, y: null });
  });
});
