// Three-valued logic through the compiled engine, exhaustively against a reference truth
// table: and/or/not over true/false/missing, and comparisons with missing operands.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import type { IrProgram } from '@vigil/core';
import { loadCompiler, type TestEngine } from './support.js';

const compiler = await loadCompiler();

/** true, false, or undefined for unknown. */
type T3 = boolean | undefined;
const and3 = (a: T3, b: T3): T3 => (a === false || b === false ? false : a === true && b === true ? true : undefined);
const or3 = (a: T3, b: T3): T3 => (a === true || b === true ? true : a === false && b === false ? false : undefined);
const not3 = (a: T3): T3 => (a === undefined ? undefined : !a);

type Formula = { k: 'var'; v: 'a' | 'b' | 'c' } | { k: 'not'; x: Formula } | { k: 'and' | 'or'; l: Formula; r: Formula };

function show(f: Formula): string {
  switch (f.k) {
    case 'var':
      return f.v;
    case 'not':
      return `not (${show(f.x)})`;
    default:
      return `(${show(f.l)}) ${f.k} (${show(f.r)})`;
  }
}

function ref(f: Formula, env: Record<string, T3>): T3 {
  switch (f.k) {
    case 'var':
      return env[f.v];
    case 'not':
      return not3(ref(f.x, env));
    case 'and':
      return and3(ref(f.l, env), ref(f.r, env));
    case 'or':
      return or3(ref(f.l, env), ref(f.r, env));
  }
}

function build(rules: readonly string[], facts: string, extra = ''): { engine: TestEngine; ir: IrProgram } {
  const text = `ruleset tv\nfacts {\n${facts}\n}\n${extra}\n${rules.map((when, i) => `rule TV-${i} "r${i}" source "s" when ${when} then advise because "m${i}"`).join('\n')}\n`;
  const r = checkText(text, '/memory/tv.vigil', { readFile: () => undefined });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('; '));
  return { engine: compiler!.instantiateEngine(r.ir!), ir: r.ir! };
}

/** Per rule: true (fired), false (silent), undefined (not evaluable). */
function outcomes(engine: TestEngine, count: number, input: Record<string, unknown>): T3[] {
  const result = engine.evaluate(input, { now: '2026-11-22T00:00:00Z' });
  const fired = new Set(result.decisions.map((d) => d.rule));
  const unknown = new Set(result.notEvaluable.map((n) => n.rule));
  return Array.from({ length: count }, (_, i) => {
    const id = `TV-${i}`;
    expect(fired.has(id) && unknown.has(id)).toBe(false);
    return fired.has(id) ? true : unknown.has(id) ? undefined : false;
  });
}

const BOOL_FACTS = '  a: boolean\n  b: boolean\n  c: boolean';
const VALUES: T3[] = [true, false, undefined];
const envs: Record<string, T3>[] = VALUES.flatMap((a) => VALUES.flatMap((b) => VALUES.map((c) => ({ a, b, c }))));
const toInput = (env: Record<string, T3>) => Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));

describe.skipIf(!compiler)('three-valued logic', () => {
  it('and, or, not match the truth table for every combination of true, false and missing', () => {
    const formulas: Formula[] = [];
    const A: Formula = { k: 'var', v: 'a' };
    const B: Formula = { k: 'var', v: 'b' };
    const C: Formula = { k: 'var', v: 'c' };
    formulas.push(A, { k: 'not', x: A }, { k: 'and', l: A, r: B }, { k: 'or', l: A, r: B }, { k: 'not', x: { k: 'and', l: A, r: B } }, { k: 'not', x: { k: 'or', l: A, r: B } });
    formulas.push({ k: 'and', l: { k: 'or', l: A, r: B }, r: C }, { k: 'or', l: { k: 'and', l: A, r: B }, r: { k: 'not', x: C } }, { k: 'and', l: A, r: { k: 'not', x: A } }, { k: 'or', l: A, r: { k: 'not', x: A } });
    const { engine } = build(formulas.map(show), BOOL_FACTS);
    for (const env of envs) {
      expect({ env, got: outcomes(engine, formulas.length, toInput(env)) }).toEqual({ env, got: formulas.map((f) => ref(f, env)) });
    }
  });

  it('random formulas over three facts match the reference on all 27 patients', () => {
    const formula: fc.Arbitrary<Formula> = fc.letrec<{ f: Formula }>((tie) => ({
      f: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom<Formula>({ k: 'var', v: 'a' }, { k: 'var', v: 'b' }, { k: 'var', v: 'c' }),
        fc.record({ k: fc.constant('not' as const), x: tie('f') }),
        fc.record({ k: fc.constantFrom('and' as const, 'or' as const), l: tie('f'), r: tie('f') }),
      ),
    })).f;
    fc.assert(
      fc.property(fc.array(formula, { minLength: 1, maxLength: 8 }), (fs) => {
        const { engine } = build(fs.map(show), BOOL_FACTS);
        for (const env of envs) expect(outcomes(engine, fs.length, toInput(env))).toEqual(fs.map((f) => ref(f, env)));
      }),
      { numRuns: 25 },
    );
  });

  it('comparisons with missing operands are unknown; is missing / is present never are', () => {
    const facts = '  qx: quantity mg\n  qy: quantity mg\n  e: enum { p, q, r }\n  s: set of code\n  t: text';
    const conds: { when: string; f: (x?: number, y?: number, e?: string, s?: string[]) => T3 }[] = [];
    const cmp = (op: string, a?: number, b?: number): T3 => {
      if (a === undefined || b === undefined) return undefined;
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : op === '>=' ? a >= b : op === '=' ? a === b : a !== b;
    };
    for (const op of ['<', '<=', '>', '>=', '=', '!=']) {
      conds.push({ when: `qx ${op} 5 mg`, f: (x) => cmp(op, x, 5) });
      conds.push({ when: `qx ${op} qy`, f: (x, y) => cmp(op, x, y) });
      conds.push({ when: `qx + qy ${op} 10 mg`, f: (x, y) => cmp(op, x === undefined || y === undefined ? undefined : x + y, 10) });
    }
    conds.push({ when: 'e = p', f: (_x, _y, e) => (e === undefined ? undefined : e === 'p') });
    conds.push({ when: 'e != p', f: (_x, _y, e) => (e === undefined ? undefined : e !== 'p') });
    conds.push({ when: 'e in { p, q }', f: (_x, _y, e) => (e === undefined ? undefined : e === 'p' || e === 'q') });
    conds.push({ when: 'e not in { p, q }', f: (_x, _y, e) => (e === undefined ? undefined : !(e === 'p' || e === 'q')) });
    conds.push({ when: 's includes { aa, bb }', f: (_x, _y, _e, s) => (s === undefined ? undefined : s.includes('aa') || s.includes('bb')) });
    conds.push({ when: 'qx is missing', f: (x) => x === undefined });
    conds.push({ when: 'qx is present', f: (x) => x !== undefined });
    conds.push({ when: 'qx < 5 mg or e = p', f: (x, _y, e) => or3(cmp('<', x, 5), e === undefined ? undefined : e === 'p') });
    conds.push({ when: 'qx < 5 mg and e = p', f: (x, _y, e) => and3(cmp('<', x, 5), e === undefined ? undefined : e === 'p') });
    conds.push({ when: 'not (qx >= 5 mg) and qx is present', f: (x) => and3(not3(cmp('>=', x, 5)), x !== undefined) });
    conds.push({ when: 'qx is missing or qx > qy', f: (x, y) => or3(x === undefined, cmp('>', x, y)) });
    const { engine } = build(conds.map((c) => c.when), facts, 'valueset terms { aa snomed "1", bb snomed "2" }');
    const xs = [undefined, 4, 5, 6];
    const es = [undefined, 'p', 'q', 'r'];
    const ss = [undefined, [], ['aa'], ['cc'], ['cc', 'bb']];
    for (const x of xs)
      for (const y of xs)
        for (const e of es)
          for (const s of ss) {
            const input: Record<string, unknown> = {};
            if (x !== undefined) input.qx = `${x} mg`;
            if (y !== undefined) input.qy = { value: y * 1000, unit: 'ug' };
            if (e !== undefined) input.e = e;
            if (s !== undefined) input.s = s;
            expect({ input, got: outcomes(engine, conds.length, input) }).toEqual({ input, got: conds.map((c) => c.f(x, y, e, s)) });
          }
  });
});
