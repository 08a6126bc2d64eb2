// Exact linear arithmetic over the rationals: linear forms over fact parts, and
// Fourier–Motzkin elimination to decide a conjunction of linear constraints, explain a
// contradiction (the constraints it came from) and pick readable values for a witness.
// The rationals are dense, so elimination with strict/non-strict bookkeeping is exact.
import { Rational } from '../units/rational.js';
import { pickNice, type Interval, type PickOptions } from './nice.js';

/** Σ coefficient·variable + constant. Variables are fact-part keys (`alt`, `alt_baseline`). */
export interface LinearForm {
  readonly terms: ReadonlyMap<string, Rational>;
  readonly constant: Rational;
}

export function constantForm(c: Rational): LinearForm {
  return { terms: new Map(), constant: c };
}

export function variableForm(name: string, coefficient: Rational = Rational.ONE): LinearForm {
  return { terms: new Map([[name, coefficient]]), constant: Rational.ZERO };
}

export function scaleForm(f: LinearForm, k: Rational): LinearForm {
  const terms = new Map<string, Rational>();
  if (!k.isZero()) for (const [v, c] of f.terms) terms.set(v, c.mul(k));
  return { terms, constant: f.constant.mul(k) };
}

export function addForms(a: LinearForm, b: LinearForm): LinearForm {
  const terms = new Map(a.terms);
  for (const [v, c] of b.terms) {
    const s = (terms.get(v) ?? Rational.ZERO).add(c);
    if (s.isZero()) terms.delete(v);
    else terms.set(v, s);
  }
  return { terms, constant: a.constant.add(b.constant) };
}

export function subForms(a: LinearForm, b: LinearForm): LinearForm {
  return addForms(a, scaleForm(b, Rational.ONE.neg()));
}

/** `form > 0` (strict) or `form >= 0`, remembering which input constraints it came from. */
export interface Constraint {
  readonly form: LinearForm;
  readonly strict: boolean;
  readonly origins: ReadonlySet<number>;
}

export type LinearResult =
  | { readonly status: 'sat'; readonly values: ReadonlyMap<string, Rational> }
  | { readonly status: 'unsat'; readonly core: readonly number[] }
  | { readonly status: 'limit' };

/** Scale so that the coefficient of the first variable (in key order) is ±1: equal constraints then look equal. */
function normalize(c: Constraint): Constraint {
  const keys = [...c.form.terms.keys()].sort();
  if (keys.length === 0) return c;
  const lead = c.form.terms.get(keys[0]!)!.abs();
  if (lead.eq(Rational.ONE)) return c;
  const inv = Rational.ONE.div(lead);
  return { form: scaleForm(c.form, inv), strict: c.strict, origins: c.origins };
}

function termsKey(f: LinearForm): string {
  return [...f.terms.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([v, c]) => `${v}*${c.toExact()}`)
    .join('+');
}

/**
 * Removes dominated constraints: of two with the same variable part, `t + c > 0` with the
 * smaller c (strict on a tie) implies the other. Constant constraints are checked here.
 */
function simplify(cs: readonly Constraint[]): { kept: Constraint[] } | { conflict: ReadonlySet<number> } {
  const best = new Map<string, Constraint>();
  for (const raw of cs) {
    const c = normalize(raw);
    if (c.form.terms.size === 0) {
      const s = c.form.constant.sign();
      if (s < 0 || (s === 0 && c.strict)) return { conflict: c.origins };
      continue;
    }
    const key = termsKey(c.form);
    const prev = best.get(key);
    if (!prev) {
      best.set(key, c);
      continue;
    }
    const cmp = c.form.constant.cmp(prev.form.constant);
    if (cmp < 0 || (cmp === 0 && c.strict && !prev.strict) || (cmp === 0 && c.strict === prev.strict && c.origins.size < prev.origins.size)) best.set(key, c);
  }
  return { kept: [...best.values()] };
}

function union(a: ReadonlySet<number>, b: ReadonlySet<number>): Set<number> {
  const s = new Set(a);
  for (const x of b) s.add(x);
  return s;
}

export interface SolveLinearOptions {
  /** Variables in elimination order; values are chosen in reverse (the last one first). */
  readonly order: readonly string[];
  readonly pick?: (variable: string, interval: Interval) => Rational;
  /** Give up above this many constraints at any stage. */
  readonly maxConstraints?: number;
}

/** Decides `constraints` and, when satisfiable, picks a value for every variable in `order`. */
export function solveLinear(constraints: readonly Constraint[], options: SolveLinearOptions): LinearResult {
  const limit = options.maxConstraints ?? 4000;
  const stages: Constraint[][] = [];
  const first = simplify(constraints);
  if ('conflict' in first) return { status: 'unsat', core: [...first.conflict].sort((a, b) => a - b) };
  let current = first.kept;
  for (const x of options.order) {
    stages.push(current);
    const lower: Constraint[] = [];
    const upper: Constraint[] = [];
    const rest: Constraint[] = [];
    for (const c of current) {
      const a = c.form.terms.get(x);
      if (!a) rest.push(c);
      else if (a.sign() > 0) lower.push(c);
      else upper.push(c);
    }
    const next = rest;
    for (const l of lower) {
      const al = l.form.terms.get(x)!;
      for (const u of upper) {
        const au = u.form.terms.get(x)!.abs();
        // au·l + al·u eliminates x (both multipliers positive).
        const form = addForms(scaleForm(l.form, au), scaleForm(u.form, al));
        const terms = new Map(form.terms);
        terms.delete(x);
        next.push({ form: { terms, constant: form.constant }, strict: l.strict || u.strict, origins: union(l.origins, u.origins) });
      }
    }
    if (next.length > limit) return { status: 'limit' };
    const s = simplify(next);
    if ('conflict' in s) return { status: 'unsat', core: [...s.conflict].sort((a, b) => a - b) };
    current = s.kept;
  }
  // Every variable of the constraints must be in `order`; anything left is a caller error.
  if (current.length > 0) {
    const s = simplify(current.map((c) => ({ ...c, form: { terms: new Map(), constant: c.form.constant } })));
    if ('conflict' in s) return { status: 'unsat', core: [...s.conflict] };
  }
  const values = new Map<string, Rational>();
  for (let i = options.order.length - 1; i >= 0; i--) {
    const x = options.order[i]!;
    let iv: { lo?: Rational; loStrict: boolean; hi?: Rational; hiStrict: boolean } = { loStrict: true, hiStrict: true };
    for (const c of stages[i]!) {
      const a = c.form.terms.get(x);
      if (!a) continue;
      let rest = c.form.constant;
      for (const [v, k] of c.form.terms) {
        if (v === x) continue;
        rest = rest.add(k.mul(values.get(v) ?? Rational.ZERO));
      }
      // a·x + rest (>|>=) 0
      const bound = rest.neg().div(a);
      if (a.sign() > 0) {
        if (!iv.lo || bound.gt(iv.lo) || (bound.eq(iv.lo) && c.strict)) iv = { ...iv, lo: bound, loStrict: c.strict };
      } else if (!iv.hi || bound.lt(iv.hi) || (bound.eq(iv.hi) && c.strict)) iv = { ...iv, hi: bound, hiStrict: c.strict };
    }
    values.set(x, options.pick ? options.pick(x, iv) : pickNice(iv));
  }
  return { status: 'sat', values };
}

export type { Interval, PickOptions };
