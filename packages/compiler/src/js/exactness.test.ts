// Exact boundaries: thresholds, unit conversion at the boundary, baseline multiples,
// non-terminating literals, arithmetic, elapsed times and doses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import type { IrProgram } from '@vigil/core';
import { exactScale } from '@vigil/runtime';
import { preludeHelpers } from '@vigil/runtime/prelude';
import { instantiateEngine } from '../load.js';
import { action, arith, cmp, elapsed, f, fact, mul, neg, program, q, rule, scale, T } from '@vigil/core/test';

function compile(text: string): IrProgram {
  const r = checkText(text, '/memory/exact.vigil', { readFile: () => undefined });
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return r.ir!;
}

const fired = (r: { decisions: readonly { rule: string }[] }) => r.decisions.map((d) => d.rule);

describe('thresholds', () => {
  const e = instantiateEngine(
    compile(`ruleset ex
facts {
  wbc: quantity 10*9/L
  alt: quantity U/L baseline uln
}
rule LOW "low" source "s" when wbc < 2.5 10*9/L then caution azathioprine
rule LOW-UL "low in /uL" source "s" when wbc < 2500 /uL then caution azathioprine
rule ALT-GE "alt >= 3 x baseline" source "s" when alt >= 3 x baseline then stop azathioprine
rule ALT-GT "alt > 3 x baseline" source "s" when alt > 3 x baseline then stop azathioprine
rule ALT-EQ "alt = 3 x baseline" source "s" when alt = 3 x baseline then stop azathioprine
rule ULN "alt > 2 x uln" source "s" when alt > 2 x uln then caution azathioprine
`),
  );

  it('2.5 is not below 2.5, in any accepted unit', () => {
    for (const wbc of [2.5, '2.5', '2.5 10*9/L', '2500 /uL', { value: 2500, unit: '/uL' }, '2500000 /mL', '0.0025 10*12/L']) {
      expect(fired(e.evaluate({ wbc })), JSON.stringify(wbc)).toEqual([]);
    }
  });

  it('2499 /uL is below 2.5 10*9/L, and so is the largest double below 2.5', () => {
    expect(fired(e.evaluate({ wbc: '2499 /uL' }))).toEqual(['LOW', 'LOW-UL']);
    expect(fired(e.evaluate({ wbc: '2499.999 /uL' }))).toEqual(['LOW', 'LOW-UL']);
    expect(fired(e.evaluate({ wbc: 2.4999999999999996 }))).toEqual(['LOW', 'LOW-UL']);
  });

  it('a baseline multiple at equality is exact: 99.9 against 3 x 33.3', () => {
    expect(3 * 33.3).not.toBe(99.9);
    const r = e.evaluate({ alt: 99.9, alt_baseline: 33.3 });
    expect(fired(r)).toEqual(['ALT-GE', 'ALT-EQ']);
    expect(fired(e.evaluate({ alt: 99.89999999999999, alt_baseline: 33.3 }))).toEqual([]);
    expect(fired(e.evaluate({ alt: '99.90000000000002', alt_baseline: 33.3 }))).toEqual(['ALT-GE', 'ALT-GT']);
    expect(fired(e.evaluate({ alt: '1.665 ukat/L', alt_baseline: 33.3 }))).toEqual(['ALT-GE', 'ALT-EQ']);
  });

  it('agrees with exact rational arithmetic on random baselines and multiples', () => {
    const { rat } = preludeHelpers();
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 100000 }), fc.integer({ min: 1, max: 100000 }), fc.integer({ min: -2, max: 2 }), (altC, baseC, delta) => {
        const base = baseC / 100;
        const alt = (altC + delta) / 100;
        const [an, ad] = rat(alt);
        const [bn, bd] = rat(base);
        const c = an * bd - 3n * bn * ad;
        const r = fired(e.evaluate({ alt, alt_baseline: base }));
        expect(r.includes('ALT-GE')).toBe(c >= 0n);
        expect(r.includes('ALT-GT')).toBe(c > 0n);
        expect(r.includes('ALT-EQ')).toBe(c === 0n);
      }),
      { numRuns: 300 },
    );
  });

  it('compares against uln exactly', () => {
    expect(fired(e.evaluate({ alt: 80, alt_uln: 40 }))).toEqual([]);
    expect(fired(e.evaluate({ alt: 80.01, alt_uln: 40 }))).toEqual(['ULN']);
  });
});

describe('exact arithmetic', () => {
  const x = f('x', T.quantity('mg'));
  const y = f('y', T.quantity('mg'));
  const ir = program({
    facts: [fact('x', T.quantity('mg'), { units: { g: '1000', ug: '0.001', '[third]': '1/3' } }), fact('y', T.quantity('mg')), fact('d', T.quantity('d')), fact('when', T.datetime)],
    rules: [
      rule('SUM', { when: cmp(arith('+', x, y, 'mg'), '=', q('0.3', 'mg')) }),
      rule('THIRD', { when: cmp(x, '<', q('1/3', 'mg')) }),
      rule('THIRD-EQ', { when: cmp(x, '=', q('1/3', 'mg')) }),
      rule('LONG', { when: cmp(x, '>', q('0.12345678901234567890', 'mg')) }),
      rule('SCALED', { when: cmp(scale(y, '0.001', 'g'), '>=', q('0.0025', 'g')) }),
      rule('RATIO', { when: cmp(arith('/', x, y, '1'), '=', q('1/3', '1')) }),
      rule('NEG', { when: cmp(neg(x, 'mg'), '<', q('-2', 'mg')) }),
      rule('DIFF', { when: cmp(arith('-', x, y, 'mg'), '=', q('0', 'mg')) }),
      rule('WEEKS', { when: cmp(f('d', T.quantity('d')), '>=', q('14', 'd')) }),
    ],
  });
  const e = instantiateEngine(ir);

  it('adds decimals exactly: 0.1 + 0.2 = 0.3', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(fired(e.evaluate({ x: 0.1, y: 0.2 }))).toContain('SUM');
    expect(fired(e.evaluate({ x: 0.1, y: 0.2000001 }))).not.toContain('SUM');
  });

  it('compares against non-terminating and long literals exactly', () => {
    expect(fired(e.evaluate({ x: 0.3333333333333333 }))).toContain('THIRD');
    expect(fired(e.evaluate({ x: 0.33333333333333337 }))).not.toContain('THIRD');
    expect(fired(e.evaluate({ x: 0.3333333333333333 }))).not.toContain('THIRD-EQ');
    // One third of a milligram given in a unit whose factor is 1/3: no double holds it, and x
    // is used in arithmetic (SUM), so it is refused, never rounded (THIRD-EQ would be wrong).
    expect(e.validateFacts({ x: '1 [third]' })).toEqual({
      ok: false,
      issues: [{ path: 'x', message: '"1 [third]" is 1/3 mg, which has more digits than the engine holds exactly (15 significant digits): rounded to 0.3333333333333333 mg, it could change a result computed from it; give it exactly with at most 15 significant digits in mg' }],
    });
    expect(e.validateFacts({ x: '3 [third]' })).toMatchObject({ ok: true, facts: { x: 1 } });
    expect(fired(e.evaluate({ x: 0.12345678901234568 }))).toContain('LONG');
    expect(fired(e.evaluate({ x: 0.1234567890123456 }))).not.toContain('LONG');
  });

  it('scales, divides and negates exactly', () => {
    expect(fired(e.evaluate({ y: 2.5 }))).toContain('SCALED');
    expect(fired(e.evaluate({ y: 2.4999999999999996 }))).not.toContain('SCALED');
    expect(fired(e.evaluate({ x: 1, y: 3 }))).toContain('RATIO');
    expect(fired(e.evaluate({ x: 1.1, y: 3.3 }))).toContain('RATIO');
    expect(fired(e.evaluate({ x: 1, y: 0 }))).not.toContain('RATIO');
    // Division by zero leaves the comparison unknown (d is missing too).
    expect(e.evaluate({ x: 1, y: 0 }).notEvaluable.map((n) => n.rule)).toEqual(['RATIO', 'WEEKS']);
    expect(fired(e.evaluate({ x: 2.0000000000000004 }))).toContain('NEG');
    expect(fired(e.evaluate({ x: 2 }))).not.toContain('NEG');
    expect(fired(e.evaluate({ x: 0.3, y: 0.3 }))).toContain('DIFF');
  });

  it('converts units at the boundary to the nearest double of the exact value', () => {
    expect(e.validateFacts({ x: '2.5 g', y: { value: '0.0001', unit: 'mg' } })).toMatchObject({ ok: true, facts: { x: 2500, y: 0.0001 } });
    expect(e.validateFacts({ x: { value: 3.3, unit: 'ug' } })).toMatchObject({ ok: true, facts: { x: 0.0033 } });
    expect(e.validateFacts({ x: '0.1e1 g' })).toMatchObject({ ok: true, facts: { x: 1000 } });
  });
});

describe('elapsed time', () => {
  const ir = program({
    facts: [fact('last', T.datetime), fact('start', T.date)],
    rules: [
      rule('MORE', { when: elapsed('last', '>', '2') }),
      rule('LESS', { when: elapsed('last', '<', '2') }),
      rule('WITHIN', { when: elapsed('last', '<=', '2') }),
      rule('THIRD', { when: elapsed('start', '>', '1/3') }),
    ],
  });
  const e = instantiateEngine(ir);
  const now = '2024-03-03T00:00:00Z';

  it('is exact at the boundary: exactly 48 h is neither more nor less than 2 d', () => {
    expect(fired(e.evaluate({ last: '2024-03-01T00:00:00Z' }, { now }))).toEqual(['WITHIN']);
    expect(fired(e.evaluate({ last: '2024-02-29T23:59:59.999Z' }, { now }))).toEqual(['MORE']);
    expect(fired(e.evaluate({ last: '2024-03-01T00:00:00.001Z' }, { now }))).toEqual(['LESS', 'WITHIN']);
    expect(fired(e.evaluate({ last: '2024-03-01T01:00:00+01:00' }, { now }))).toEqual(['WITHIN']);
  });

  it('rounds a non-integral threshold in milliseconds correctly', () => {
    // A third of a day is 28 800 000 ms exactly.
    expect(fired(e.evaluate({ start: '2024-03-02' }, { now: '2024-03-02T08:00:00Z' }))).toEqual([]);
    expect(fired(e.evaluate({ start: '2024-03-02' }, { now: Date.parse('2024-03-02T08:00:00Z') + 1 }))).toEqual(['THIRD']);
  });

  it('takes `now` as a Date, an ISO string or epoch milliseconds, and rejects anything else', () => {
    const t = Date.parse('2024-03-10T00:00:00Z');
    for (const n of [new Date(t), '2024-03-10T00:00:00Z', t]) expect(fired(e.evaluate({ last: '2024-03-01' }, { now: n }))).toEqual(['MORE']);
    expect(() => e.evaluate({}, { now: 'yesterday' })).toThrow(RangeError);
    expect(() => e.evaluate({}, { now: Number.NaN })).toThrow(RangeError);
  });
});

describe('doses', () => {
  const ir = program({
    facts: [fact('weight', T.quantity('kg'), { units: { g: '0.001', '[lb_av]': '0.45359237' } })],
    rules: [
      rule('D', {
        actions: [
          action('dose', ['azathioprine'], { dose: { low: mul(q('2', 'mg/kg/d'), f('weight', T.quantity('kg')), 'mg/d'), high: mul(q('3', 'mg/kg/d'), f('weight', T.quantity('kg')), 'mg/d'), ofStandard: false, unit: 'mg/d' } }),
          action('dose', ['mercaptopurine'], { dose: { low: q('1/3', '1'), ofStandard: true, unit: '1' } }),
        ],
      }),
    ],
  });
  const e = instantiateEngine(ir);

  it('computes the exact dose, rounded once', () => {
    expect(3 * 70.1).not.toBe(210.3);
    const [a, b] = e.evaluate({ weight: 70.1 }).decisions;
    expect(a!.dose).toEqual({ low: 140.2, high: 210.3, unit: 'mg/d', ofStandard: false, exact: { low: '140.2', high: '210.3' }, calculation: '2 mg/kg/d x weight 70.1 kg = 140.2 mg/d; 3 mg/kg/d x weight 70.1 kg = 210.3 mg/d' });
    expect(b!.dose).toEqual({ low: 1 / 3, unit: '1', ofStandard: true, exact: { low: '1/3' } });
    expect(e.evaluate({ weight: '154.3 [lb_av]' }).decisions[0]!.dose!.low).toBe(exactScale(154.3, '0.90718474', '1'));
  });
});

describe('the embedded helpers agree with the runtime exact helpers', () => {
  it('rational to nearest double matches exactScale', () => {
    const { rat, toNum } = preludeHelpers();
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e200, max: 1e200 }), fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (v, n, d) => {
        const [a, b] = rat(v);
        expect(toNum([a * n, b * d])).toBe(exactScale(v, String(n), String(d)));
      }),
      { numRuns: 500 },
    );
  });
});
