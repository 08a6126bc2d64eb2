import { describe, expect, it } from 'vitest';
import type { IrExpr, IrProgram } from '../ir/ir.js';
import { Analyzer, solve, type Goal, type SolveResult } from './solver.js';
import { evaluate, IrBuilder } from '../../test-support/analysis.js';

const NOW = new Date('2025-03-10T00:00:00Z');

function run(program: IrProgram, goals: Goal[]): SolveResult {
  const r = solve(program, goals, { now: NOW });
  if (r.status === 'sat' && !r.approximate) {
    for (const g of goals) expect(evaluate(program, g.expr, r.witness.facts, NOW), `${g.want} for ${r.witness.text}`).toBe(g.want);
  }
  return r;
}

const T = (expr: IrExpr): Goal => ({ expr, want: 'true' });
const F = (expr: IrExpr): Goal => ({ expr, want: 'false' });
const U = (expr: IrExpr): Goal => ({ expr, want: 'unknown' });

function base(): IrBuilder {
  return new IrBuilder()
    .quantity('wbc', '10*9/L')
    .quantity('plt', '10*9/L')
    .quantity('alt', 'U/L', { baseline: true, uln: true })
    .enumFact('tpmt', ['normal', 'intermediate', 'low', 'absent'])
    .boolean('pregnant')
    .set('medications')
    .date('last_dose', 'datetime')
    .date('diagnosed', 'date');
}

describe('intervals', () => {
  it('finds a readable value just inside an open end', () => {
    const b = base();
    const r = run(b.build(), [T(b.lt('wbc', '2.5 10*9/L'))]);
    expect(r.status).toBe('sat');
    if (r.status === 'sat') {
      expect(r.witness.facts).toEqual({ wbc: '2.4 10*9/L' });
      expect(r.witness.text).toBe('wbc=2.4 10*9/L');
    }
  });

  it('takes a closed end itself', () => {
    const b = base();
    const r = run(b.build(), [T(b.ge('wbc', '3 10*9/L'))]);
    expect(r.status === 'sat' && r.witness.facts.wbc).toBe('3 10*9/L');
  });

  it('decides open and closed boundaries exactly', () => {
    const b = base();
    const lt = b.lt('wbc', '2.5 10*9/L');
    const ge = b.ge('wbc', '2.5 10*9/L');
    const le = b.le('wbc', '2.5 10*9/L');
    const p = b.build();
    expect(run(p, [T(lt), T(ge)]).status).toBe('unsat');
    const both = run(p, [T(le), T(ge)]);
    expect(both.status === 'sat' && both.witness.facts.wbc).toBe('2.5 10*9/L');
    expect(run(p, [T(lt), F(le)]).status).toBe('unsat');
  });

  it('explains a contradiction in source terms', () => {
    const b = base();
    const r = run(b.build(), [T(b.and(b.lt('wbc', '2 10*9/L'), b.gt('wbc', '3 10*9/L')))]);
    expect(r).toMatchObject({ status: 'unsat', approximate: false, reason: 'wbc < 2 10*9/L and wbc > 3 10*9/L cannot both hold' });
  });

  it('narrows to a tight open interval', () => {
    const b = base();
    const r = run(b.build(), [T(b.gt('wbc', '2.5 10*9/L')), T(b.lt('wbc', '2.51 10*9/L'))]);
    expect(r.status === 'sat' && r.witness.facts.wbc).toBe('2.501 10*9/L');
  });

  it('handles equality and inequality', () => {
    const b = base();
    const eq = b.eq('wbc', '4 10*9/L');
    const ne = b.ne('wbc', '4 10*9/L');
    const p = b.build();
    expect(run(p, [T(eq), T(ne)]).status).toBe('unsat');
    const r = run(p, [T(ne), T(b.ge('wbc', '4 10*9/L'))]);
    expect(r.status).toBe('sat');
  });

  it('reads scaled values and linear arithmetic', () => {
    const b = base();
    // wbc in /uL converted: 2500 /uL = 2.5 10*9/L, scale 1000.
    const scaled = b.cmp(b.scale(b.f('wbc'), '1000', '/uL'), '<', b.q('2500 /uL'));
    const sum = b.cmp(b.arith('+', b.f('wbc'), b.f('plt')), '>', b.q('100 10*9/L'));
    const p = b.build();
    const r = run(p, [T(scaled), T(sum)]);
    expect(r.status).toBe('sat');
    if (r.status === 'sat') expect(r.witness.facts.wbc).toBe('2.4 10*9/L');
    expect(run(p, [T(scaled), F(b.lt('wbc', '2.5 10*9/L'))]).status).toBe('unsat');
  });
});

describe('three-valued goals', () => {
  it('a comparison is unknown exactly when a fact is missing', () => {
    const b = base();
    const a = b.lt('wbc', '2 10*9/L');
    const p = b.build();
    const r = run(p, [U(a)]);
    expect(r.status === 'sat' && r.witness.text).toBe('wbc missing');
    expect(run(p, [U(a), T(b.present('wbc'))]).status).toBe('unsat');
  });

  it('unknown and false is false; unknown or true is true', () => {
    const b = base();
    const x = b.lt('wbc', '2 10*9/L');
    const y = b.lt('plt', '50 10*9/L');
    const p = b.build();
    const r = run(p, [U(b.and(x, y))]);
    expect(r.status).toBe('sat');
    expect(run(p, [U(b.and(x, y)), F(y)]).status).toBe('unsat');
    expect(run(p, [U(b.or(x, y)), T(y)]).status).toBe('unsat');
    expect(run(p, [U(b.or(x, y)), F(y)]).status).toBe('sat');
    expect(run(p, [U(b.not(b.or(x, y)))]).status).toBe('sat');
  });

  it('presence tests are never unknown', () => {
    const b = base();
    const m = b.missing('wbc');
    const p = b.build();
    expect(run(p, [U(m)]).status).toBe('unsat');
    expect(run(p, [T(m), T(b.lt('wbc', '2 10*9/L'))])).toMatchObject({ status: 'unsat', reason: 'wbc is missing and wbc < 2 10*9/L cannot both hold' });
  });

  it('expands definitions', () => {
    const b = base();
    const cyto = b.define('cytopenia', b.or(b.lt('wbc', '2.5 10*9/L'), b.lt('plt', '50 10*9/L')));
    const p = b.build();
    const r = run(p, [T(cyto), F(b.lt('plt', '50 10*9/L'))]);
    expect(r.status === 'sat' && r.witness.facts.wbc).toBe('2.4 10*9/L');
    expect(run(p, [U(cyto), F(b.lt('wbc', '2.5 10*9/L'))]).status).toBe('sat');
  });

  it('evaluates witnesses against the reference evaluator for many mixed goals', () => {
    const b = base();
    const atoms = [
      b.lt('wbc', '2.5 10*9/L'),
      b.ge('plt', '100 10*9/L'),
      b.in('tpmt', ['low', 'absent']),
      b.includes('medications', ['allopurinol', 'febuxostat']),
      b.truth('pregnant'),
      b.elapsed('last_dose', '>', '2'),
      b.ge('alt', b.times('3', b.f('alt.uln'))),
    ];
    const p = b.build();
    const wants = ['true', 'false', 'unknown'] as const;
    let sat = 0;
    for (let i = 0; i < atoms.length; i++) {
      for (let j = i + 1; j < atoms.length; j++) {
        for (const wa of wants) {
          for (const wb of wants) {
            const e1 = b.or(atoms[i]!, b.not(atoms[j]!));
            const e2 = b.and(atoms[j]!, atoms[i]!);
            const r = run(p, [
              { expr: e1, want: wa },
              { expr: e2, want: wb },
            ]);
            expect(r.status).not.toBe('inconclusive');
            if (r.status === 'sat') sat++;
          }
        }
      }
    }
    expect(sat).toBeGreaterThan(100);
  });
});

describe('enums, codes and sets', () => {
  it('intersects allowed values', () => {
    const b = base();
    const a = b.in('tpmt', ['low', 'absent']);
    const c = b.ne('tpmt', 'absent');
    const d = b.eq('tpmt', 'normal');
    const p = b.build();
    const r = run(p, [T(a), T(c)]);
    expect(r.status === 'sat' && r.witness.facts.tpmt).toBe('low');
    expect(run(p, [T(a), T(d)]).status).toBe('unsat');
    const n = run(p, [F(a), F(d)]);
    expect(n.status === 'sat' && n.witness.facts.tpmt).toBe('intermediate');
    expect(run(p, [T(b.in('tpmt', ['low'], true)), F(b.in('tpmt', ['normal', 'intermediate', 'absent']))]).status).toBe('unsat');
  });

  it('treats codes and text as open domains', () => {
    const b = base().code('drug').text('note');
    const a = b.eq('drug', 'allopurinol');
    const c = b.ne('drug', 'allopurinol');
    const t = b.ne('note', 'x');
    const p = b.build();
    expect(run(p, [T(a), T(c)]).status).toBe('unsat');
    const r = run(p, [T(c), T(t)]);
    expect(r.status === 'sat' && r.witness.facts).toEqual({ drug: 'other', note: 'other' });
  });

  it('reasons about set membership per term', () => {
    const b = base().valueSet('xoi', ['allopurinol', 'febuxostat']);
    const any = b.includes('medications', 'xoi');
    const allo = b.includes('medications', ['allopurinol']);
    const p = b.build();
    const r = run(p, [T(any), F(allo)]);
    expect(r.status === 'sat' && r.witness.facts.medications).toEqual(['febuxostat']);
    expect(r.status === 'sat' && r.witness.text).toBe('medications=[febuxostat]');
    expect(run(p, [F(any), T(allo)]).status).toBe('unsat');
    const none = run(p, [F(any)]);
    expect(none.status === 'sat' && none.witness.facts.medications).toEqual([]);
  });

  it('handles booleans as conditions and in comparisons', () => {
    const b = base();
    const t = b.truth('pregnant');
    const f = b.eq('pregnant', 'false');
    const p = b.build();
    expect(run(p, [T(t), T(f)]).status).toBe('unsat');
    const r = run(p, [F(t)]);
    expect(r.status === 'sat' && r.witness.facts.pregnant).toBe(false);
  });
});

describe('baseline and ULN ratios', () => {
  it('chooses consistent values for a ratio', () => {
    const b = base();
    const r = run(b.build(), [T(b.ge('alt', b.times('5', b.f('alt.baseline'))))]);
    expect(r.status).toBe('sat');
    if (r.status === 'sat') expect(r.witness.facts).toEqual({ alt: '5 U/L', alt_baseline: '1 U/L' });
  });

  it('combines ratios with absolute bounds', () => {
    const b = base();
    const ratio = b.ge('alt', b.times('5', b.f('alt.baseline')));
    const cap = b.lt('alt', '100 U/L');
    const baseline = b.gt('alt.baseline', '10 U/L');
    const p = b.build();
    const r = run(p, [T(ratio), T(cap), T(baseline)]);
    expect(r.status === 'sat' && r.witness.facts).toEqual({ alt: '55 U/L', alt_baseline: '11 U/L' } as unknown);
  });

  it('finds ratios that cannot hold together', () => {
    const b = base();
    const ratio = b.ge('alt', b.times('5', b.f('alt.baseline')));
    const p = b.build();
    const r = run(p, [T(ratio), T(b.lt('alt', '100 U/L')), T(b.ge('alt.baseline', '30 U/L'))]);
    expect(r.status).toBe('unsat');
    if (r.status === 'unsat') expect(r.reason).toContain('cannot all hold');
  });

  it('relates a value to its ULN', () => {
    const b = base();
    const high = b.ge('alt', b.times('3', b.f('alt.uln')));
    const normal = b.le('alt', b.f('alt.uln'));
    const p = b.build();
    const r = run(p, [T(high), T(normal), T(b.gt('alt.uln', '0 U/L'))]);
    expect(r.status).toBe('unsat');
    const s = run(p, [T(high), F(normal)]);
    expect(s.status).toBe('sat');
  });
});

describe('elapsed time', () => {
  it('picks whole days before now', () => {
    const b = base();
    const r = run(b.build(), [T(b.elapsed('last_dose', '>', '2'))]);
    expect(r.status === 'sat' && r.witness.facts.last_dose).toBe('2025-03-07T00:00:00.000Z');
  });

  it('renders dates as dates and decides windows', () => {
    const b = base();
    const within = b.elapsed('diagnosed', '<=', '7');
    const older = b.elapsed('diagnosed', '>', '7');
    const p = b.build();
    const r = run(p, [T(within)]);
    expect(r.status === 'sat' && r.witness.facts.diagnosed).toBe('2025-03-03');
    expect(run(p, [T(within), T(older)]).status).toBe('unsat');
    const f = run(p, [F(b.elapsed('diagnosed', '<', '0.5')), F(older)]);
    expect(f.status === 'sat' && f.witness.facts.diagnosed).toBe('2025-03-03');
  });

  it('compares two dates', () => {
    const b = base().date('started', 'datetime');
    const before = b.cmp('started', '<', 'last_dose');
    const recent = b.elapsed('started', '<', '1');
    const old = b.elapsed('last_dose', '>', '3');
    const p = b.build();
    expect(run(p, [T(before), T(recent), T(old)]).status).toBe('unsat');
    expect(run(p, [T(before), T(old)]).status).toBe('sat');
  });
});

describe('limits and opaque atoms', () => {
  it('gives inconclusive past the expansion bound', () => {
    const b = base();
    const parts: IrExpr[] = [];
    for (let i = 0; i < 14; i++) parts.push(b.or(b.lt('wbc', `${i + 1} 10*9/L`), b.gt('plt', `${i + 1} 10*9/L`)));
    const p = b.build();
    const r = solve(p, [T(b.and(...parts))], { maxConjunctions: 4096 });
    expect(r.status).toBe('inconclusive');
    if (r.status === 'inconclusive') expect(r.reason).toContain('4096');
  });

  it('marks results that rely on opaque atoms as approximate', () => {
    const b = base();
    const product = b.cmp(b.arith('*', b.f('wbc'), b.f('plt')), '>', b.q('10 10*9/L'));
    const p = b.build();
    const r = run(p, [T(product)]);
    expect(r).toMatchObject({ status: 'sat', approximate: true });
    const u = run(p, [T(product), F(product)]);
    expect(u).toMatchObject({ status: 'unsat', approximate: true });
    // Missing facts still make an opaque comparison unknown, exactly.
    const m = run(p, [U(product)]);
    expect(m.status).toBe('sat');
  });

  it('reuses normal forms across queries', () => {
    const b = base();
    const a = b.lt('wbc', '2 10*9/L');
    const an = new Analyzer(b.build(), { now: NOW });
    expect(an.compile(T(a))).toBe(an.compile(T(a)));
    expect(an.solve([T(a)]).status).toBe('sat');
  });
});
