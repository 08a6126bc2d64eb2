// Cross-checks the solver against brute force: for conditions over atoms that each read
// one fact part, the region representatives cover every behaviour, so a goal set is
// satisfiable exactly when some representative satisfies it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IrExpr } from '../ir/ir.js';
import { regions } from './regions.js';
import { solve, type Goal } from './solver.js';
import { evaluate, IrBuilder } from '../../test-support/analysis.js';

const NOW = new Date('2025-03-10T00:00:00Z');

function setup() {
  const b = new IrBuilder()
    .quantity('wbc', '10*9/L')
    .enumFact('tpmt', ['normal', 'low', 'absent'])
    .set('meds')
    .boolean('pregnant')
    .date('last_dose');
  const atoms: IrExpr[] = [
    b.lt('wbc', '2.5 10*9/L'),
    b.ge('wbc', '2.5 10*9/L'),
    b.le('wbc', '3 10*9/L'),
    b.eq('wbc', '3 10*9/L'),
    b.in('tpmt', ['low', 'absent']),
    b.ne('tpmt', 'low'),
    b.includes('meds', ['allopurinol', 'febuxostat']),
    b.includes('meds', ['allopurinol']),
    b.truth('pregnant'),
    b.missing('wbc'),
    b.present('tpmt'),
    b.elapsed('last_dose', '>', '2'),
    b.elapsed('last_dose', '<=', '7'),
  ];
  return { b, atoms, program: b.build() };
}

type Shape = { k: 'atom'; i: number } | { k: 'not'; a: Shape } | { k: 'and' | 'or'; a: Shape; b: Shape };

const shape: fc.Arbitrary<Shape> = fc.letrec<{ s: Shape }>((tie) => ({
  s: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ k: fc.constant('atom' as const), i: fc.nat({ max: 12 }) }),
    fc.record({ k: fc.constant('not' as const), a: tie('s') }),
    fc.record({ k: fc.constantFrom('and' as const, 'or' as const), a: tie('s'), b: tie('s') }),
  ),
})).s;

describe('solver against brute force over region representatives', () => {
  const { b, atoms, program } = setup();
  const build = (s: Shape): IrExpr =>
    s.k === 'atom' ? atoms[s.i]! : s.k === 'not' ? b.not(build(s.a)) : s.k === 'and' ? b.and(build(s.a), build(s.b)) : b.or(build(s.a), build(s.b));
  const cells = regions(program, atoms, { now: NOW, maxCells: 100_000 });

  it('covers the space', () => {
    expect(cells.complete).toBe(true);
  });

  it('agrees on satisfiability and gives valid witnesses', () => {
    const seen = { sat: 0, unsat: 0, inconclusive: 0 };
    fc.assert(
      fc.property(fc.array(fc.tuple(shape, fc.constantFrom('true', 'false', 'unknown') as fc.Arbitrary<'true' | 'false' | 'unknown'>), { minLength: 1, maxLength: 3 }), (spec) => {
        const goals: Goal[] = spec.map(([s, want]) => ({ expr: build(s), want }));
        const r = solve(program, goals, { now: NOW });
        seen[r.status]++;
        const brute = cells.cells.some((c) => goals.every((g) => evaluate(program, g.expr, c.patient.facts, NOW) === g.want));
        if (r.status === 'inconclusive') return;
        expect(r.status).toBe(brute ? 'sat' : 'unsat');
        if (r.status === 'sat') for (const g of goals) expect(evaluate(program, g.expr, r.witness.facts, NOW)).toBe(g.want);
      }),
      { numRuns: 300, seed: 20250310 },
    );
    expect(seen.sat).toBeGreaterThan(50);
    expect(seen.unsat).toBeGreaterThan(20);
    expect(seen.inconclusive).toBe(0);
  });
});
