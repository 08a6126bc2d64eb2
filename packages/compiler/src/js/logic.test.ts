// Three-valued logic, rule outcomes, not-evaluable lists, overrides, ordering and traces.
import { describe, expect, it } from 'vitest';
import { instantiateEngine } from '../load.js';
import { action, and, cmp, define, defRef, f, fact, mul, not, or, presence, program, q, rule, T, truth } from '@vigil/core/test';

type V = boolean | undefined;
const VALUES: V[] = [true, false, undefined];
const and3 = (a: V, b: V): V => (a === false || b === false ? false : a === true && b === true ? true : undefined);
const or3 = (a: V, b: V): V => (a === true || b === true ? true : a === false && b === false ? false : undefined);
const not3 = (a: V): V => (a === undefined ? undefined : !a);

const boolFacts = [fact('a', T.boolean), fact('b', T.boolean), fact('c', T.boolean)];
const A = () => truth(f('a', T.boolean));
const B = () => truth(f('b', T.boolean));
const C = () => truth(f('c', T.boolean));

function input(env: Record<string, V>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
}

/** true fired, false silent, undefined not evaluable. */
function outcome(result: ReturnType<ReturnType<typeof instantiateEngine>['evaluate']>, id: string): V {
  const fired = result.decisions.some((d) => d.rule === id);
  const unknown = result.notEvaluable.some((n) => n.rule === id);
  expect(fired && unknown).toBe(false);
  return fired ? true : unknown ? undefined : false;
}

describe('three-valued logic', () => {
  const engine = instantiateEngine(
    program({
      facts: boolFacts,
      rules: [
        rule('AND', { when: and(A(), B()) }),
        rule('OR', { when: or(A(), B()) }),
        rule('NOT', { when: not(A()) }),
        rule('AND3', { when: and(A(), B(), C()) }),
        rule('OR3', { when: or(A(), B(), C()) }),
        rule('NAND', { when: not(and(A(), B())) }),
        rule('MIX', { when: or(and(A(), not(B())), C()) }),
      ],
    }),
  );

  for (const a of VALUES)
    for (const b of VALUES)
      for (const c of VALUES) {
        it(`a=${a} b=${b} c=${c}`, () => {
          const r = engine.evaluate(input({ a, b, c }));
          expect(outcome(r, 'AND')).toBe(and3(a, b));
          expect(outcome(r, 'OR')).toBe(or3(a, b));
          expect(outcome(r, 'NOT')).toBe(not3(a));
          expect(outcome(r, 'AND3')).toBe(and3(and3(a, b), c));
          expect(outcome(r, 'OR3')).toBe(or3(or3(a, b), c));
          expect(outcome(r, 'NAND')).toBe(not3(and3(a, b)));
          expect(outcome(r, 'MIX')).toBe(or3(and3(a, not3(b)), c));
        });
      }

  it('gives the same atom values with trace as the truth of each atom, and -1 only for unreached atoms', () => {
    const ir = program({
      facts: boolFacts,
      definitions: [define('unused', T.boolean, C())],
      rules: [rule('R', { when: and(A(), B()) })],
    });
    const e = instantiateEngine(ir);
    // Atom 0 is in the unused definition; 1 and 2 are a and b.
    expect(e.evaluate({ a: false, b: true }, { trace: true }).atoms).toEqual([-1, 0, 1]);
    expect(e.evaluate({ b: true }, { trace: true }).atoms).toEqual([-1, 2, 1]);
    expect(e.evaluate({ a: false }, { trace: true }).atoms).toEqual([-1, 0, 2]);
    expect(e.evaluate({ a: false }).atoms).toBeUndefined();
  });
});

describe('comparisons with missing operands', () => {
  const x = () => f('x', T.quantity('mg'));
  const y = () => f('y', T.quantity('mg'));
  const ops = ['<', '<=', '>', '>=', '=', '!='] as const;
  const ir = program({
    facts: [fact('x', T.quantity('mg')), fact('y', T.quantity('mg')), fact('e', T.enum('p', 'q'))],
    rules: [
      ...ops.map((op) => rule(`L-${op}`, { when: cmp(x(), op, q('5', 'mg')) })),
      ...ops.map((op) => rule(`F-${op}`, { when: cmp(x(), op, y()) })),
      rule('MISSING', { when: presence('x', true) }),
      rule('PRESENT', { when: presence('x', false) }),
      rule('ENUM', { when: cmp(f('e', T.enum('p', 'q')), '=', { kind: 'enumValue', value: 'p' }, 'enum') }),
    ],
  });
  const e = instantiateEngine(ir);
  const js = (op: string, a: number, b: number) =>
    op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : op === '>=' ? a >= b : op === '=' ? a === b : a !== b;

  for (const xv of [undefined, 4, 5, 6])
    for (const yv of [undefined, 5]) {
      it(`x=${xv} y=${yv}`, () => {
        const r = e.evaluate({ ...(xv !== undefined ? { x: xv } : {}), ...(yv !== undefined ? { y: yv } : {}) });
        for (const op of ops) {
          expect(outcome(r, `L-${op}`)).toBe(xv === undefined ? undefined : js(op, xv, 5));
          expect(outcome(r, `F-${op}`)).toBe(xv === undefined || yv === undefined ? undefined : js(op, xv, yv));
        }
        expect(outcome(r, 'MISSING')).toBe(xv === undefined);
        expect(outcome(r, 'PRESENT')).toBe(xv !== undefined);
        expect(outcome(r, 'ENUM')).toBe(undefined);
      });
    }
});

describe('rule outcomes', () => {
  it('fires when `when` is true and every unless is false; unknowns that matter make it not evaluable', () => {
    const e = instantiateEngine(program({ facts: boolFacts, rules: [rule('R', { when: A(), unless: [B(), C()] })] }));
    for (const a of VALUES)
      for (const b of VALUES)
        for (const c of VALUES) {
          // fires = a and not (b or c), three-valued
          const expected = and3(a, not3(or3(b, c)));
          expect(outcome(e.evaluate(input({ a, b, c })), 'R'), `a=${a} b=${b} c=${c}`).toBe(expected);
        }
  });

  it('a rule without `when` always applies', () => {
    const e = instantiateEngine(program({ facts: boolFacts, rules: [rule('ALWAYS', {}), rule('UNLESS', { unless: [A()] })] }));
    expect(outcome(e.evaluate({}), 'ALWAYS')).toBe(true);
    expect(outcome(e.evaluate({}), 'UNLESS')).toBe(undefined);
    expect(outcome(e.evaluate({ a: true }), 'UNLESS')).toBe(false);
    expect(outcome(e.evaluate({ a: false }), 'UNLESS')).toBe(true);
  });

  it('lists the missing inputs of the unknown atoms that matter, deduplicated and sorted', () => {
    const alt = T.quantity('U/L');
    const ir = program({
      facts: [fact('alt', alt, { baseline: true, uln: true }), fact('wbc', T.quantity('10*9/L')), ...boolFacts],
      definitions: [define('low_wbc', T.boolean, cmp(f('wbc', T.quantity('10*9/L')), '<', q('2.5', '10*9/L')))],
      rules: [
        rule('R1', { when: and(cmp(f('alt', alt), '>=', mul(q('5', '1'), f('alt', alt, 'baseline'), 'U/L')), defRef('low_wbc'), truth(f('a', T.boolean))) }),
        // b is false, so the unknown c does not matter; a's absence does.
        rule('R2', { when: or(and(B(), C()), A()) }),
        rule('R3', { when: truth(f('a', T.boolean)), unless: [cmp(f('alt', alt), '>', f('alt', alt, 'uln')), B()] }),
      ],
    });
    const e = instantiateEngine(ir);
    const r = e.evaluate({ b: false });
    expect(r.notEvaluable).toEqual([
      { rule: 'R1', title: 'R1', missing: ['a', 'alt', 'alt_baseline', 'wbc'] },
      { rule: 'R2', title: 'R2', missing: ['a'] },
      // Both the `when` and the first `unless` are unknown, and either could decide.
      { rule: 'R3', title: 'R3', missing: ['a', 'alt', 'alt_uln'] },
    ]);
    const r2 = e.evaluate({ a: true, alt: 30, wbc: 2, b: false });
    expect(r2.notEvaluable).toEqual([
      { rule: 'R1', title: 'R1', missing: ['alt_baseline'] },
      { rule: 'R3', title: 'R3', missing: ['alt_uln'] },
    ]);
    // A false atom settles the `and`, whatever else is missing.
    expect(e.evaluate({ a: false }).notEvaluable.map((n) => n.rule)).toEqual(['R2']);
  });

  it('makes a rule whose dose cannot be computed not evaluable, listing the dose inputs', () => {
    const ir = program({
      facts: [fact('weight', T.quantity('kg')), fact('go', T.boolean)],
      rules: [
        rule('DOSE', {
          when: truth(f('go', T.boolean)),
          actions: [action('dose', ['azathioprine'], { dose: { low: mul(q('2', 'mg/kg/d'), f('weight', T.quantity('kg')), 'mg/d'), ofStandard: false, unit: 'mg/d' } })],
        }),
      ],
    });
    const e = instantiateEngine(ir);
    expect(e.evaluate({ go: true }).notEvaluable).toEqual([{ rule: 'DOSE', title: 'DOSE', missing: ['weight'] }]);
    expect(e.evaluate({ go: true }).decisions).toEqual([]);
    expect(e.evaluate({ go: false }).notEvaluable).toEqual([]);
    expect(e.evaluate({ go: true, weight: 70 }).decisions[0]!.dose).toEqual({ low: 140, unit: 'mg/d', ofStandard: false, exact: { low: '140' }, calculation: '2 mg/kg/d x weight 70 kg = 140 mg/d' });
  });

  it('memoises definitions: the same definition is evaluated once per patient and reused', () => {
    const ir = program({
      facts: boolFacts,
      definitions: [define('d', T.boolean, and(A(), B()))],
      rules: [rule('R1', { when: defRef('d') }), rule('R2', { when: not(defRef('d')) }), rule('R3', { when: or(defRef('d'), C()) })],
    });
    const e = instantiateEngine(ir);
    for (const a of VALUES)
      for (const b of VALUES)
        for (const c of VALUES) {
          const r = e.evaluate(input({ a, b, c }));
          const d = and3(a, b);
          expect([outcome(r, 'R1'), outcome(r, 'R2'), outcome(r, 'R3')]).toEqual([d, not3(d), or3(d, c)]);
        }
  });
});

describe('overrides and ordering', () => {
  const ir = program({
    facts: boolFacts,
    rules: [
      rule('MON', { when: A(), actions: [action('monitor', ['cbc'], { schedule: [{ everyDays: '7', every: '1 wk', bound: { kind: 'for', days: '28', text: '4 wk' } }] }), action('advise', [], { message: 'm' })] }),
      rule('CI', { when: A(), actions: [action('contraindicate', ['azathioprine'])] }),
      rule('STOP', { when: B(), actions: [action('stop', ['azathioprine'], { permanent: true })], overrides: ['CI'] }),
      rule('DOSE', { when: A(), actions: [action('dose', ['azathioprine'], { dose: { low: q('0.3', '1'), high: q('0.7', '1'), ofStandard: true, unit: '1' } })] }),
      rule('OV', { when: C(), overrides: ['DOSE', 'MON'], actions: [action('caution', ['azathioprine'])] }),
    ],
  });
  const e = instantiateEngine(ir);

  it('sorts decisions by action rank, then rule order, then action order', () => {
    const r = e.evaluate({ a: true, b: false, c: false });
    expect(r.decisions.map((d) => `${d.action}:${d.rule}`)).toEqual(['contraindicate:CI', 'dose:DOSE', 'monitor:MON', 'advise:MON']);
    expect(r.decisions[1]!.dose).toEqual({ low: 0.3, high: 0.7, unit: '1', ofStandard: true, exact: { low: '0.3', high: '0.7' } });
    expect(r.decisions[2]!.schedule).toEqual([{ every: '1 wk', everyDays: 7, bound: { kind: 'for', days: 28, text: '4 wk' } }]);
  });

  it('removes the decisions of a fired rule overridden by another fired rule and reports it', () => {
    const r = e.evaluate({ a: true, b: true, c: true });
    expect(r.decisions.map((d) => `${d.action}:${d.rule}`)).toEqual(['stop:STOP', 'caution:OV']);
    expect(r.decisions[0]!.permanent).toBe(true);
    expect(r.overridden).toEqual([
      { rule: 'CI', by: 'STOP' },
      { rule: 'DOSE', by: 'OV' },
      { rule: 'MON', by: 'OV' },
    ]);
  });

  it('does not report an override when the overridden rule did not fire, or the overriding rule did not', () => {
    expect(e.evaluate({ a: false, b: true, c: true }).overridden).toEqual([]);
    const r = e.evaluate({ a: true, b: false, c: false });
    expect(r.overridden).toEqual([]);
    // An overriding rule that is not evaluable suppresses nothing.
    const u = e.evaluate({ a: true });
    expect(u.decisions.map((d) => d.rule)).toContain('CI');
    expect(u.notEvaluable.map((n) => n.rule)).toEqual(['STOP', 'OV']);
  });
});
