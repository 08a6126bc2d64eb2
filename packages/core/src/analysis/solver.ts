// The constraint solver: does some patient give every goal (a condition with a wanted
// truth value: true, false or unknown) its value? Goals go to three-valued normal form
// (normal-form.ts); each combination of one conjunction per goal is checked with
// per-variable domains: presence per fact part, value sets for enums, codes, text and
// booleans, membership booleans per (set, term), and exact linear arithmetic
// (Fourier–Motzkin) for quantities, baseline/ULN relations and days since dates.
//
// Exactness: `sat` comes with a witness that satisfies every goal unless the result is
// `approximate` (an opaque atom was read as a free boolean). `unsat` is exact when not
// `approximate`; with opaque atoms it is a relaxation that is not claimed as exact,
// because opaque atoms may behave in ways the literals do not capture (division by zero,
// text ordering). Growing past the bounds gives `inconclusive`, never a guess.
import type { IrExpr, IrProgram, IrRule } from '../ir/ir.js';
import { doseInputsPresent } from './dose-inputs.js';
import { Rational } from '../units/rational.js';
import { solveLinear, type Constraint } from './linear.js';
import { FULL, pickNice, type Interval } from './nice.js';
import { pickPlausible, type PlausibleValues } from './plausible.js';
import {
  AnalysisLimit,
  literal,
  mergeConj,
  NormalForm,
  type Conj,
  type Dnf,
  type Literal,
  type Origin,
  type Truth,
} from './normal-form.js';
import { PartRegistry } from './parts.js';
import { buildWitness, toDate, type Model, type Witness } from './witness.js';

export interface Goal {
  readonly expr: IrExpr;
  readonly want: Truth;
}

export type SolveResult =
  | { readonly status: 'sat'; readonly witness: Witness; readonly approximate: boolean }
  | {
      readonly status: 'unsat';
      /** Why, in source terms: `wbc < 2 10*9/L and wbc > 3 10*9/L cannot both hold`. */
      readonly reason: string;
      /** Opaque atoms were involved: the claim is not exact. */
      readonly approximate: boolean;
    }
  | { readonly status: 'inconclusive'; readonly reason: string };

export interface SolveOptions {
  /** Evaluation time that dates in witnesses are relative to; default midnight UTC today. */
  readonly now?: Date | string | number;
  /** Most conjunctions a goal may expand to (default 4096). */
  readonly maxConjunctions?: number;
  /** Most combinations of conjunctions checked in one solve (default 4 × maxConjunctions). */
  readonly maxChecks?: number;
  /** Plausible ranges and typical values of quantity parts: witnesses' quantities are chosen inside and near them. */
  readonly plausible?: PlausibleValues;
}

type CheckResult = { readonly ok: true; readonly model: Model } | { readonly ok: false; readonly core: Conj } | { readonly ok: 'limit' };

/** Solver over one program; caches normal forms, so reuse it for many queries. */
export class Analyzer {
  readonly parts: PartRegistry;
  readonly normal: NormalForm;
  readonly now: Date;
  private readonly maxChecks: number;
  private readonly plausible: PlausibleValues | undefined;
  private readonly fireCache = new WeakMap<IrRule, IrExpr>();
  private readonly actsCache = new WeakMap<IrRule, IrExpr>();

  constructor(
    readonly program: IrProgram,
    options: SolveOptions = {},
  ) {
    this.parts = new PartRegistry(program);
    const max = options.maxConjunctions ?? 4096;
    this.normal = new NormalForm(program, this.parts, max);
    this.maxChecks = options.maxChecks ?? 4 * max;
    this.now = toDate(options.now);
    this.plausible = options.plausible;
  }

  /** The goal in normal form; throws AnalysisLimit past the bound. */
  compile(goal: Goal): Dnf {
    return this.normal.dnf(goal.expr, goal.want);
  }

  /**
   * Does some patient give every goal its wanted value? With `assume`, only patients with
   * those fact parts present (true) or missing (false) are considered; assuming presence
   * up front keeps `unknown` goals over large conditions small.
   */
  solve(goals: readonly Goal[], assume?: ReadonlyMap<string, boolean>): SolveResult {
    let dnfs: Dnf[];
    try {
      if (assume && assume.size > 0) {
        const nf = new NormalForm(this.program, this.parts, this.normal.maxConjunctions, assume);
        const origin = (part: string, present: boolean) => ({ atom: -1, text: `${this.parts.get(part)?.display ?? part} is ${present ? 'present' : 'missing'}`, value: 'true' as const });
        const fixed: Conj = [...assume].map(([part, present]) => literal({ kind: 'presence', part, present }, origin(part, present)));
        dnfs = [{ conjs: [fixed], dead: [] }, ...goals.map((g) => nf.dnf(g.expr, g.want))];
        return this.solveCompiled(dnfs, [{ expr: { kind: 'boolean', value: true }, want: 'true' }, ...goals]);
      }
      dnfs = goals.map((g) => this.compile(g));
    } catch (e) {
      if (e instanceof AnalysisLimit) return { status: 'inconclusive', reason: e.message };
      throw e;
    }
    return this.solveCompiled(dnfs, goals);
  }

  /** Solves goals already in normal form (all must hold together). */
  solveCompiled(dnfs: readonly Dnf[], goals?: readonly Goal[]): SolveResult {
    const approximate = dnfs.some((d) => d.conjs.some((c) => c.some((l) => l.kind === 'opaque')));
    const cores: Conj[] = [];
    for (const d of dnfs) cores.push(...d.dead);
    const emptyIndex = dnfs.findIndex((d) => d.conjs.length === 0);
    if (emptyIndex >= 0) {
      const d = dnfs[emptyIndex]!;
      const goal = goals?.[emptyIndex];
      const fallback = goal ? `${describeExpr(goal.expr)} can never be ${goal.want}` : 'a condition can never hold';
      return this.unsat(() => (d.dead.length > 0 ? this.explain(d.dead) : fallback), approximate);
    }
    let checks = 0;
    let limited = false;
    const search = (i: number, acc: Conj): { model: Model; conj: Conj } | undefined => {
      if (i === dnfs.length) {
        if (++checks > this.maxChecks) throw new AnalysisLimit(`more than ${this.maxChecks} combinations of cases`);
        const r = this.check(acc);
        if (r.ok === true) return { model: r.model, conj: acc };
        if (r.ok === 'limit') limited = true;
        else if (cores.length < 16) cores.push(r.core);
        return undefined;
      }
      for (const c of dnfs[i]!.conjs) {
        const m = mergeConj(acc, c);
        if ('clash' in m) {
          if (cores.length < 16) cores.push(m.clash);
          continue;
        }
        const found = search(i + 1, m.conj);
        if (found) return found;
      }
      return undefined;
    };
    let found: { model: Model; conj: Conj } | undefined;
    try {
      found = search(0, []);
    } catch (e) {
      if (e instanceof AnalysisLimit) return { status: 'inconclusive', reason: e.message };
      throw e;
    }
    if (found) {
      const approx = found.conj.some((l) => l.kind === 'opaque');
      // Built when read: most callers (the unreachable-rule check) only want the status.
      const { model } = found;
      let witness: Witness | undefined;
      const parts = this.parts;
      const now = this.now;
      const plausible = this.plausible;
      // A present quantity no condition constrains takes its typical value.
      const free = plausible ? (key: string) => (plausible.has(key) ? pickPlausible(FULL, plausible.get(key), { fallback: Rational.ONE }) : undefined) : undefined;
      return {
        status: 'sat',
        get witness(): Witness {
          return (witness ??= buildWitness(model, parts, now, approx, free));
        },
        approximate: approx,
      };
    }
    if (limited) return { status: 'inconclusive', reason: 'the arithmetic relations between facts are too many to decide' };
    return this.unsat(() => this.explain(cores), approximate);
  }

  /** An unsat result whose reason is worked out (minimising the clashes) only when read. */
  private unsat(explain: () => string, approximate: boolean): SolveResult {
    let reason: string | undefined;
    return {
      status: 'unsat',
      get reason(): string {
        return (reason ??= explain());
      },
      approximate,
    };
  }

  /** `when` true and every `unless` false: the condition under which a rule fires. */
  fireCondition(rule: IrRule): IrExpr {
    let e = this.fireCache.get(rule);
    if (!e) {
      e = fireCondition(rule);
      this.fireCache.set(rule, e);
    }
    return e;
  }

  /**
   * The rule fires and its actions can be given: the fire condition and every fact its
   * doses read present (without the weight, a weight-based dose rule is not evaluable).
   * Two-valued in the dose inputs, so ask it for `true` only; `fireCondition` keeps the
   * three-valued meaning.
   */
  actsCondition(rule: IrRule): IrExpr {
    let e = this.actsCache.get(rule);
    if (!e) {
      const fire = this.fireCondition(rule);
      const inputs = doseInputsPresent(rule, this.program);
      e = inputs.length === 0 ? fire : { kind: 'and', args: [fire, ...inputs] };
      this.actsCache.set(rule, e);
    }
    return e;
  }

  /** Fact parts (`wbc`, `alt_baseline`) that an expression reads, through definitions. */
  dependsOn(expr: IrExpr): string[] {
    return [...this.normal.partsOf(expr)];
  }

  // ---------------------------------------------------------------- one conjunction

  /** Decides one conjunction of literals; on failure names the literals that clash. */
  check(conj: Conj): CheckResult {
    const flags = new Map<string, Literal>();
    const values = new Map<string, Literal[]>();
    const linear: { lit: Literal; index: number }[] = [];
    for (const lit of conj) {
      if (lit.kind === 'never') return { ok: false, core: [lit] };
      if (lit.flag) {
        const other = flags.get(lit.flag[0]);
        if (other && other.flag![1] !== lit.flag[1]) return { ok: false, core: [other, lit] };
        flags.set(lit.flag[0], lit);
      }
      if (lit.kind === 'value') {
        const list = values.get(lit.part);
        if (list) list.push(lit);
        else values.set(lit.part, [lit]);
      } else if (lit.kind === 'linear') linear.push({ lit, index: linear.length });
    }
    const present = new Map<string, boolean>();
    const members = new Map<string, string[]>();
    for (const lit of conj) {
      if (lit.kind === 'presence') present.set(lit.part, lit.present);
      else if (lit.kind === 'member') {
        if (!members.has(lit.part)) members.set(lit.part, []);
        if (lit.member) members.get(lit.part)!.push(lit.term);
      }
    }
    const chosen = new Map<string, string>();
    for (const [part, lits] of values) {
      const v = this.pickValue(part, lits);
      if (v === undefined) return { ok: false, core: this.minimalValueCore(part, lits) };
      chosen.set(part, v);
    }
    const numbers = new Map<string, Rational>();
    if (linear.length > 0) {
      const constraints: Constraint[] = [];
      const vars = new Set<string>();
      for (const { lit, index } of linear) {
        if (lit.kind !== 'linear') continue;
        for (const v of lit.form.terms.keys()) vars.add(v);
        const origins = new Set([index]);
        if (lit.op === '=') {
          constraints.push({ form: lit.form, strict: false, origins });
          constraints.push({ form: { terms: new Map([...lit.form.terms].map(([v, c]) => [v, c.neg()])), constant: lit.form.constant.neg() }, strict: false, origins });
        } else constraints.push({ form: lit.form, strict: lit.op === '>', origins });
      }
      const rank = (v: string): number => {
        const info = this.parts.get(v);
        // Eliminated first, chosen last: measured values; then dates; baselines and ULNs are chosen first.
        return !info ? 0 : info.part !== 'value' ? 2 : info.domain === 'date' ? 1 : 0;
      };
      const order = [...vars].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
      const r = solveLinear(constraints, { order, pick: (v, iv) => this.pickNumber(v, iv) });
      if (r.status === 'limit') return { ok: 'limit' };
      if (r.status === 'unsat') return { ok: false, core: r.core.map((i) => linear[i]!.lit) };
      for (const [k, v] of r.values) numbers.set(k, v);
    }
    return { ok: true, model: { present, numbers, values: chosen, members } };
  }

  private pickNumber(part: string, iv: Interval): Rational {
    const info = this.parts.get(part);
    if (info?.domain === 'date') return pickNice(iv, { integer: true, fallback: Rational.ZERO });
    return pickPlausible(iv, this.plausible?.get(part), { fallback: Rational.ONE });
  }

  /** A value allowed by every literal on one part, or undefined. */
  private pickValue(part: string, lits: readonly Literal[]): string | undefined {
    const info = this.parts.get(part);
    let allowed: string[] | undefined = info?.values ? [...info.values] : undefined;
    const excluded = new Set<string>();
    for (const l of lits) {
      if (l.kind !== 'value') continue;
      if (l.negated) for (const v of l.values) excluded.add(v);
      else allowed = allowed ? allowed.filter((v) => l.values.includes(v)) : [...l.values];
    }
    if (allowed) return allowed.find((v) => !excluded.has(v));
    for (let i = 1; ; i++) {
      const v = i === 1 ? 'other' : `other_${i}`;
      if (!excluded.has(v)) return v;
    }
  }

  private minimalValueCore(part: string, lits: readonly Literal[]): Conj {
    let core = [...lits];
    for (let i = core.length - 1; i >= 0 && core.length > 1; i--) {
      const without = core.filter((_, j) => j !== i);
      if (this.pickValue(part, without) === undefined) core = without;
    }
    return core;
  }

  /** Shrinks a contradictory conjunction to a minimal contradictory subset (greedy). */
  private minimize(core: Conj): Conj {
    let cur = [...core];
    for (let i = cur.length - 1; i >= 0 && cur.length > 1; i--) {
      const without = cur.filter((_, j) => j !== i);
      const r = this.check(without);
      if (r.ok === false) cur = without;
    }
    return cur;
  }

  private explain(cores: readonly Conj[]): string {
    const sentences: string[] = [];
    const seen = new Set<string>();
    for (const core of cores) {
      const sentence = describeCore(this.minimize(core));
      if (seen.has(sentence)) continue;
      seen.add(sentence);
      sentences.push(sentence);
      if (sentences.length === 3) break;
    }
    if (sentences.length === 0) return 'no patient satisfies the condition';
    return sentences.join('; ') + (cores.length > sentences.length && sentences.length === 3 ? '; …' : '');
  }
}

/** `when` true and every `unless` false, as one condition: three-valued, it is unknown exactly when the rule is not evaluable. */
export function fireCondition(rule: IrRule): IrExpr {
  const args: IrExpr[] = [];
  if (rule.when) args.push(rule.when);
  for (const u of rule.unless) args.push({ kind: 'not', arg: u });
  if (args.length === 0) return { kind: 'boolean', value: true };
  if (args.length === 1) return args[0]!;
  return { kind: 'and', args };
}

function describeOrigin(o: Origin): string {
  switch (o.value) {
    case 'true':
      return o.text;
    case 'false':
      return `not (${o.text})`;
    case 'unknown':
      return `${o.text} being unknown`;
  }
}

function describeCore(core: Conj): string {
  const seen = new Set<string>();
  const parts: { atom: number; text: string }[] = [];
  for (const l of core) {
    const text = describeOrigin(l.origin);
    if (seen.has(text)) continue;
    seen.add(text);
    parts.push({ atom: l.origin.atom, text });
  }
  parts.sort((a, b) => a.atom - b.atom);
  const texts = parts.map((p) => p.text);
  if (texts.length === 1) return `${texts[0]} can never hold`;
  if (texts.length === 2) return `${texts[0]} and ${texts[1]} cannot both hold`;
  return `${texts.slice(0, -1).join(', ')} and ${texts[texts.length - 1]} cannot all hold`;
}

function describeExpr(e: IrExpr): string {
  if ('text' in e && typeof e.text === 'string' && 'atom' in e) return e.text;
  if (e.kind === 'ref') return e.definition;
  if (e.kind === 'boolean') return String(e.value);
  return 'the condition';
}

const shared = new WeakMap<IrProgram, Analyzer>();

/** One analyzer per program, shared by the checker rules so normal forms are built once. */
export function analyzerFor(program: IrProgram): Analyzer {
  let a = shared.get(program);
  if (!a) {
    a = new Analyzer(program);
    shared.set(program, a);
  }
  return a;
}

/** Does some patient give every goal its wanted truth value? */
export function solve(program: IrProgram, goals: readonly Goal[], options: SolveOptions = {}): SolveResult {
  return new Analyzer(program, options).solve(goals);
}

export type { Truth, Witness };
