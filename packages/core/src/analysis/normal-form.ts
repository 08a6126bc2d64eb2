// Three-valued normal form: a condition together with the truth value wanted of it
// (true, false or unknown) becomes a disjunction of conjunctions of literal constraints
// on fact parts. Definitions are expanded. The translation is exact for everything the
// literals can say; atoms it cannot model (arithmetic between facts beyond linear, text
// ordering, …) become opaque booleans that are free once their facts are present.
//
//   T(not a) = F(a)          F(not a) = T(a)           U(not a) = U(a)
//   T(a and b) = T(a)·T(b)   F(a and b) = F(a) + F(b)  U(a and b) = U(a)·¬F(b) + T(a)·U(b)
//   T(a or b)  = T(a) + T(b) F(a or b)  = F(a)·F(b)    U(a or b)  = U(a)·¬T(b) + F(a)·U(b)
//   a comparison is T or F only when its facts are present, U iff one of them is missing.
import type { IrAtom, IrDefinition, IrExpr, IrProgram } from '../ir/ir.js';
import { irChildren, isIrAtom, walkIr } from '../ir/walk.js';
import { Rational } from '../units/rational.js';
import {
  addForms,
  constantForm,
  scaleForm,
  subForms,
  variableForm,
  type LinearForm,
} from './linear.js';
import { partKey, type PartRegistry } from './parts.js';

export type Truth = 'true' | 'false' | 'unknown';

/** What a literal stands for in the source: an atom and the truth value it was given. */
export interface Origin {
  /** Atom id, or -1 for a condition that is no atom (a `true` literal, a synthetic goal). */
  readonly atom: number;
  readonly text: string;
  readonly value: Truth;
}

export type LiteralBody =
  | { readonly kind: 'presence'; readonly part: string; readonly present: boolean }
  /** `form op 0`. */
  | { readonly kind: 'linear'; readonly form: LinearForm; readonly op: '>' | '>=' | '=' }
  /** The part's value is one of `values` (or none of them, when negated). Booleans use "true"/"false". */
  | { readonly kind: 'value'; readonly part: string; readonly values: readonly string[]; readonly negated: boolean }
  | { readonly kind: 'member'; readonly part: string; readonly term: string; readonly member: boolean }
  | { readonly kind: 'opaque'; readonly atom: number; readonly value: boolean }
  /** A constant falsehood (e.g. `2 < 1`). */
  | { readonly kind: 'never' };

export type Literal = LiteralBody & {
  readonly origin: Origin;
  /** Equal keys: the same constraint. */
  readonly key: string;
  /** Boolean-valued literals: the variable and value, for cheap contradiction checks. */
  readonly flag?: readonly [string, boolean];
};

export type Conj = readonly Literal[];

export interface Dnf {
  readonly conjs: readonly Conj[];
  /** Combinations dropped as contradictory while building, by their two clashing literals (a few, for explanations). */
  readonly dead: readonly Conj[];
}

/** The expansion outgrew its bound, or met something it cannot read. */
export class AnalysisLimit extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisLimit';
  }
}

const MAX_DEAD = 8;
const FALSE_DNF: Dnf = { conjs: [], dead: [] };
const TRUE_DNF: Dnf = { conjs: [[]], dead: [] };

// Keys identify equal forms; rationals are kept reduced, so numerator/denominator is canonical
// (and far cheaper than the decimal text). Forms are immutable: one key per form object.
const formKeys = new WeakMap<LinearForm, string>();

function formKey(f: LinearForm): string {
  let key = formKeys.get(f);
  if (key === undefined) {
    const terms = [...f.terms.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    key = '';
    for (const [v, c] of terms) key += `${c.num}/${c.den}*${v}+`;
    key += `${f.constant.num}/${f.constant.den}`;
    formKeys.set(f, key);
  }
  return key;
}

// Literals are built field by field: spreading bodies of six shapes into one object site is
// megamorphic and was the analysis' single largest cost.
export function literal(body: LiteralBody, origin: Origin): Literal {
  switch (body.kind) {
    case 'presence':
      return { kind: 'presence', part: body.part, present: body.present, origin, key: `p:${body.part}:${body.present}`, flag: [`p:${body.part}`, body.present] };
    case 'linear':
      return { kind: 'linear', form: body.form, op: body.op, origin, key: `l:${body.op}:${formKey(body.form)}` };
    case 'value':
      return { kind: 'value', part: body.part, values: body.values, negated: body.negated, origin, key: `v:${body.part}:${body.negated}:${body.values.join(',')}` };
    case 'member':
      return {
        kind: 'member',
        part: body.part,
        term: body.term,
        member: body.member,
        origin,
        key: `m:${body.part}:${body.term}:${body.member}`,
        flag: [`m:${body.part}\u0000${body.term}`, body.member],
      };
    case 'opaque':
      return { kind: 'opaque', atom: body.atom, value: body.value, origin, key: `o:${body.atom}:${body.value}`, flag: [`o:${body.atom}`, body.value] };
    case 'never':
      return { kind: 'never', origin, key: `n:${origin.atom}` };
  }
}

/** Concatenates two conjunctions, dropping duplicates; reports two literals that contradict on a boolean variable. */
export function mergeConj(a: Conj, b: Conj): { conj: Conj } | { clash: Conj } {
  if (a.length === 0) return { conj: b };
  if (b.length === 0) return { conj: a };
  const seen = new Set<string>();
  const flags = new Map<string, Literal>();
  const out: Literal[] = [];
  for (const part of [a, b]) {
    for (const lit of part) {
      if (seen.has(lit.key)) continue;
      if (lit.flag) {
        const other = flags.get(lit.flag[0]);
        if (other && other.flag![1] !== lit.flag[1]) return { clash: [other, lit] };
        flags.set(lit.flag[0], lit);
      }
      seen.add(lit.key);
      out.push(lit);
    }
  }
  return { conj: out };
}

function negate(t: Truth): Truth {
  return t === 'true' ? 'false' : t === 'false' ? 'true' : 'unknown';
}

export class NormalForm {
  private readonly definitions = new Map<string, IrDefinition>();
  private readonly cache = new WeakMap<object, Partial<Record<Truth, Dnf>>>();
  private readonly linearCache = new WeakMap<object, LinearForm | null>();
  private readonly partsCache = new WeakMap<object, ReadonlySet<string>>();

  constructor(
    program: IrProgram,
    private readonly parts: PartRegistry,
    /** Most conjunctions any intermediate form may have. */
    readonly maxConjunctions: number,
    /** Fact parts known present (true) or missing (false): cases that contradict them are dropped early. */
    private readonly assume?: ReadonlyMap<string, boolean>,
  ) {
    for (const d of program.definitions) this.definitions.set(d.name, d);
  }

  // ---------------------------------------------------------------- combinators

  private union(a: Dnf, b: Dnf): Dnf {
    if (a.conjs.length + b.conjs.length > this.maxConjunctions) this.overflow();
    return { conjs: [...a.conjs, ...b.conjs], dead: [...a.dead, ...b.dead].slice(0, MAX_DEAD) };
  }

  private product(a: Dnf, b: Dnf): Dnf {
    const conjs: Conj[] = [];
    const dead: Conj[] = [...a.dead, ...b.dead].slice(0, MAX_DEAD);
    for (const x of a.conjs) {
      for (const y of b.conjs) {
        const m = mergeConj(x, y);
        if ('clash' in m) {
          if (dead.length < MAX_DEAD) dead.push(m.clash);
        } else {
          conjs.push(m.conj);
          if (conjs.length > this.maxConjunctions) this.overflow();
        }
      }
    }
    return { conjs, dead };
  }

  private overflow(): never {
    throw new AnalysisLimit(`the condition expands to more than ${this.maxConjunctions} cases`);
  }

  private definition(name: string): IrDefinition {
    const d = this.definitions.get(name);
    if (!d) throw new AnalysisLimit(`unknown definition '${name}'`);
    return d;
  }

  // ---------------------------------------------------------------- conditions

  /** The patients (as literal conjunctions) for whom `e` has truth value `want`. */
  dnf(e: IrExpr, want: Truth): Dnf {
    let entry = this.cache.get(e);
    const hit = entry?.[want];
    if (hit) return hit;
    const result = this.compute(e, want);
    if (!entry) {
      entry = {};
      this.cache.set(e, entry);
    }
    entry[want] = result;
    return result;
  }

  private notFalse(e: IrExpr): Dnf {
    const u = this.dnf(e, 'unknown');
    return u.conjs.length === 0 ? this.dnf(e, 'true') : this.union(this.dnf(e, 'true'), u);
  }

  private notTrue(e: IrExpr): Dnf {
    const u = this.dnf(e, 'unknown');
    return u.conjs.length === 0 ? this.dnf(e, 'false') : this.union(this.dnf(e, 'false'), u);
  }

  private compute(e: IrExpr, want: Truth): Dnf {
    switch (e.kind) {
      case 'not':
        return this.dnf(e.arg, negate(want));
      case 'and':
      case 'or': {
        // For `and`: the deciding value is false, the neutral one true; for `or` the reverse.
        const decide: Truth = e.kind === 'and' ? 'false' : 'true';
        const neutral: Truth = e.kind === 'and' ? 'true' : 'false';
        if (want === decide) {
          let acc = FALSE_DNF;
          for (const a of e.args) acc = this.union(acc, this.dnf(a, decide));
          return acc;
        }
        if (want === neutral) {
          let acc = TRUE_DNF;
          for (const a of e.args) acc = this.product(acc, this.dnf(a, neutral));
          return acc;
        }
        // Unknown: the first unknown argument is i; those before are neutral, those after not deciding.
        let acc = FALSE_DNF;
        for (let i = 0; i < e.args.length; i++) {
          const unknown = this.dnf(e.args[i]!, 'unknown');
          if (unknown.conjs.length === 0) continue;
          let term = TRUE_DNF;
          for (let j = 0; j < i && term.conjs.length > 0; j++) term = this.product(term, this.dnf(e.args[j]!, neutral));
          term = this.product(term, unknown);
          for (let j = i + 1; j < e.args.length; j++) {
            term = this.product(term, e.kind === 'and' ? this.notFalse(e.args[j]!) : this.notTrue(e.args[j]!));
          }
          acc = this.union(acc, term);
        }
        return acc;
      }
      case 'ref':
        return this.dnf(this.definition(e.definition).expr, want);
      case 'boolean':
        return want === 'unknown' ? FALSE_DNF : (want === 'true') === e.value ? TRUE_DNF : FALSE_DNF;
      case 'fact':
        if (e.type.kind === 'boolean') return this.restrict(this.booleanFact(e, want, { atom: -1, text: e.ref.fact, value: want }));
        throw new AnalysisLimit(`'${e.ref.fact}' is not a condition`);
      case 'compare':
      case 'in':
      case 'includes':
      case 'presence':
      case 'elapsed':
      case 'truth':
        return this.restrict(this.atom(e, want));
      default:
        throw new AnalysisLimit(`a ${e.kind} expression is not a condition`);
    }
  }

  /** Drops the cases that contradict the assumed presence of fact parts. */
  private restrict(d: Dnf): Dnf {
    const assume = this.assume;
    if (!assume || assume.size === 0) return d;
    const conjs: Conj[] = [];
    const dead: Conj[] = [...d.dead];
    for (const c of d.conjs) {
      const bad = c.find((l) => l.kind === 'presence' && assume.has(l.part) && assume.get(l.part) !== l.present);
      if (!bad) conjs.push(c);
      else if (dead.length < MAX_DEAD) {
        const part = (bad as Extract<Literal, { kind: 'presence' }>).part;
        const present = assume.get(part)!;
        dead.push([bad, literal({ kind: 'presence', part, present }, { atom: -1, text: `${this.parts.get(part)?.display ?? part} is ${present ? 'present' : 'missing'}`, value: 'true' })]);
      }
    }
    return conjs.length === d.conjs.length ? d : { conjs, dead };
  }

  // ---------------------------------------------------------------- atoms

  private atom(a: IrAtom, want: Truth): Dnf {
    const origin: Origin = { atom: a.atom, text: a.text, value: want };
    switch (a.kind) {
      case 'presence': {
        if (want === 'unknown') return FALSE_DNF;
        const part = this.parts.resolve(a.ref).key;
        // `is missing` is true iff missing; `is present` iff present.
        const present = a.missing !== (want === 'true');
        return this.single([literal({ kind: 'presence', part, present }, origin)]);
      }
      case 'elapsed': {
        const part = this.parts.resolve(a.ref, { kind: 'datetime' }).key;
        if (want === 'unknown') return this.missingAny([part], origin);
        const d = subForms(variableForm(part), constantForm(Rational.parse(a.days)));
        const holds = want === 'true';
        let lit: LiteralBody;
        if (a.op === '>') lit = holds ? { kind: 'linear', form: d, op: '>' } : { kind: 'linear', form: scaleForm(d, Rational.ONE.neg()), op: '>=' };
        else if (a.op === '<') lit = holds ? { kind: 'linear', form: scaleForm(d, Rational.ONE.neg()), op: '>' } : { kind: 'linear', form: d, op: '>=' };
        else lit = holds ? { kind: 'linear', form: scaleForm(d, Rational.ONE.neg()), op: '>=' } : { kind: 'linear', form: d, op: '>' };
        return this.single([this.present(part, origin), literal(lit, origin)]);
      }
      case 'in': {
        const s = a.subject;
        if (s.kind !== 'fact' || s.type.kind === 'set' || s.type.kind === 'quantity') return this.opaque(a, want, origin);
        const part = this.parts.resolve(s.ref, s.type).key;
        if (want === 'unknown') return this.missingAny([part], origin);
        const negated = a.negated === (want === 'true');
        return this.single([this.present(part, origin), literal({ kind: 'value', part, values: a.values, negated }, origin)]);
      }
      case 'includes': {
        const s = a.subject;
        if (s.kind !== 'fact' || s.type.kind !== 'set') return this.opaque(a, want, origin);
        const part = this.parts.resolve(s.ref, s.type).key;
        if (want === 'unknown') return this.missingAny([part], origin);
        const present = this.present(part, origin);
        if (want === 'true') {
          return {
            conjs: a.terms.map((t) => [present, literal({ kind: 'member', part, term: t.name, member: true }, origin)]),
            dead: a.terms.length === 0 ? [[literal({ kind: 'never' }, origin)]] : [],
          };
        }
        return this.single([present, ...a.terms.map((t) => literal({ kind: 'member', part, term: t.name, member: false }, origin))]);
      }
      case 'truth': {
        const arg = a.arg;
        if (arg.kind === 'fact' && arg.type.kind === 'boolean') return this.booleanFact(arg, want, origin);
        if (arg.kind === 'ref' || arg.kind === 'and' || arg.kind === 'or' || arg.kind === 'not' || arg.kind === 'boolean' || isIrAtom(arg)) return this.dnf(arg, want);
        return this.opaque(a, want, origin);
      }
      case 'compare':
        return this.compare(a as Extract<IrAtom, { kind: 'compare' }>, want, origin);
    }
  }

  private compare(a: Extract<IrAtom, { kind: 'compare' }>, want: Truth, origin: Origin): Dnf {
    const { left, right, op } = a;
    if (a.operandType === 'quantity' || a.operandType === 'date') {
      const l = this.linear(left);
      const r = this.linear(right);
      if (!l || !r) return this.opaque(a, want, origin);
      const parts = [...this.partsOf(a)];
      if (want === 'unknown') return this.missingAny(parts, origin);
      const presentAll = parts.map((p) => this.present(p, origin));
      const d = subForms(l, r);
      const effective = want === 'true' ? op : negateOp(op);
      const neg = scaleForm(d, Rational.ONE.neg());
      const bodies: LiteralBody[][] =
        effective === '>' ? [[{ kind: 'linear', form: d, op: '>' }]]
        : effective === '>=' ? [[{ kind: 'linear', form: d, op: '>=' }]]
        : effective === '<' ? [[{ kind: 'linear', form: neg, op: '>' }]]
        : effective === '<=' ? [[{ kind: 'linear', form: neg, op: '>=' }]]
        : effective === '=' ? [[{ kind: 'linear', form: d, op: '=' }]]
        : [[{ kind: 'linear', form: d, op: '>' }], [{ kind: 'linear', form: neg, op: '>' }]];
      const conjs: Conj[] = [];
      const dead: Conj[] = [];
      for (const bs of bodies) {
        const lits: Literal[] = [...presentAll];
        let ok = true;
        for (const b of bs) {
          if (b.kind === 'linear' && b.form.terms.size === 0) {
            // No variable left (constants, or `x - x`): decided now.
            const s = b.form.constant.sign();
            if (b.op === '>' ? s > 0 : b.op === '>=' ? s >= 0 : s === 0) continue;
            ok = false;
            break;
          }
          lits.push(literal(b, origin));
        }
        if (ok) conjs.push(lits);
        else if (dead.length < MAX_DEAD) dead.push([literal({ kind: 'never' }, origin)]);
      }
      return { conjs, dead };
    }
    if (op !== '=' && op !== '!=') return this.opaque(a, want, origin);
    if (a.operandType === 'boolean') {
      const lc = left.kind === 'boolean' ? left.value : undefined;
      const rc = right.kind === 'boolean' ? right.value : undefined;
      if (lc !== undefined && rc !== undefined) {
        if (want === 'unknown') return FALSE_DNF;
        return ((lc === rc) === (op === '=')) === (want === 'true') ? TRUE_DNF : { conjs: [], dead: [[literal({ kind: 'never' }, origin)]] };
      }
      const c = lc ?? rc;
      const other = lc !== undefined ? right : left;
      if (c === undefined) return this.opaque(a, want, origin);
      // `x = true` is x; `x = false` and `x != true` are not x.
      const same = (op === '=') === c;
      const w = same ? want : negate(want);
      if (other.kind === 'fact' && other.type.kind === 'boolean') return this.booleanFact(other, w, origin);
      if (other.kind === 'ref' || other.kind === 'and' || other.kind === 'or' || other.kind === 'not' || isIrAtom(other)) return this.dnf(other, w);
      return this.opaque(a, want, origin);
    }
    // enum, code, text: a fact against a constant.
    const constant = (e: IrExpr): string | undefined => (e.kind === 'enumValue' || e.kind === 'text' ? e.value : undefined);
    const lc = constant(left);
    const rc = constant(right);
    if (lc !== undefined && rc !== undefined) {
      if (want === 'unknown') return FALSE_DNF;
      return ((lc === rc) === (op === '=')) === (want === 'true') ? TRUE_DNF : { conjs: [], dead: [[literal({ kind: 'never' }, origin)]] };
    }
    const c = lc ?? rc;
    const other = lc !== undefined ? right : left;
    if (c === undefined || other.kind !== 'fact') return this.opaque(a, want, origin);
    const part = this.parts.resolve(other.ref, other.type).key;
    if (want === 'unknown') return this.missingAny([part], origin);
    const negated = (op === '=') !== (want === 'true');
    return this.single([this.present(part, origin), literal({ kind: 'value', part, values: [c], negated }, origin)]);
  }

  private booleanFact(e: Extract<IrExpr, { kind: 'fact' }>, want: Truth, origin: Origin): Dnf {
    const part = this.parts.resolve(e.ref, e.type).key;
    if (want === 'unknown') return this.missingAny([part], origin);
    return this.single([this.present(part, origin), literal({ kind: 'value', part, values: [want], negated: false }, origin)]);
  }

  /** An atom the literals cannot express: a free boolean once its facts are present. */
  private opaque(a: IrAtom, want: Truth, origin: Origin): Dnf {
    const parts = [...this.partsOf(a)];
    if (want === 'unknown') return this.missingAny(parts, origin);
    return this.single([...parts.map((p) => this.present(p, origin)), literal({ kind: 'opaque', atom: a.atom, value: want === 'true' }, origin)]);
  }

  private single(lits: Literal[]): Dnf {
    return { conjs: [lits], dead: [] };
  }

  private present(part: string, origin: Origin): Literal {
    return literal({ kind: 'presence', part, present: true }, origin);
  }

  private missingAny(parts: readonly string[], origin: Origin): Dnf {
    return { conjs: parts.map((p) => [literal({ kind: 'presence', part: p, present: false }, origin)]), dead: [] };
  }

  // ---------------------------------------------------------------- values

  /** A quantity (or date) expression as a linear form over fact parts, or null when it is not linear. Dates are `-days since`. */
  linear(e: IrExpr): LinearForm | null {
    const hit = this.linearCache.get(e);
    if (hit !== undefined) return hit;
    const r = this.computeLinear(e);
    this.linearCache.set(e, r);
    return r;
  }

  private computeLinear(e: IrExpr): LinearForm | null {
    switch (e.kind) {
      case 'fact': {
        const info = this.parts.resolve(e.ref, e.type);
        if (info.domain === 'quantity') return variableForm(info.key);
        if (info.domain === 'date') return variableForm(info.key, Rational.ONE.neg());
        return null;
      }
      case 'quantity':
        return constantForm(Rational.parse(e.value));
      case 'scale': {
        const a = this.linear(e.arg);
        return a && scaleForm(a, Rational.parse(e.factor));
      }
      case 'negate': {
        const a = this.linear(e.arg);
        return a && scaleForm(a, Rational.ONE.neg());
      }
      case 'arith': {
        const l = this.linear(e.left);
        const r = this.linear(e.right);
        if (!l || !r) return null;
        switch (e.op) {
          case '+':
            return addForms(l, r);
          case '-':
            return subForms(l, r);
          case '*':
            if (l.terms.size === 0) return scaleForm(r, l.constant);
            if (r.terms.size === 0) return scaleForm(l, r.constant);
            return null;
          case '/':
            if (r.terms.size === 0 && !r.constant.isZero()) return scaleForm(l, Rational.ONE.div(r.constant));
            return null;
        }
        return null;
      }
      case 'ref':
        return this.linear(this.definition(e.definition).expr);
      default:
        return null;
    }
  }

  /** The fact parts an expression reads, through definitions. */
  partsOf(e: IrExpr): ReadonlySet<string> {
    const hit = this.partsCache.get(e);
    if (hit) return hit;
    const out = new Set<string>();
    const add = (s: ReadonlySet<string>) => {
      for (const p of s) out.add(p);
    };
    switch (e.kind) {
      case 'fact':
        out.add(this.parts.resolve(e.ref, e.type).key);
        break;
      case 'presence':
        out.add(this.parts.resolve(e.ref).key);
        break;
      case 'elapsed':
        out.add(this.parts.resolve(e.ref, { kind: 'datetime' }).key);
        break;
      case 'ref':
        add(this.partsOf(this.definition(e.definition).expr));
        break;
      default:
        for (const c of irChildren(e)) add(this.partsOf(c));
        break;
    }
    this.partsCache.set(e, out);
    return out;
  }

  /** Every atom reachable from `e`, through definitions, each once. */
  atomsOf(e: IrExpr, out: Map<number, IrAtom> = new Map(), seen: Set<string> = new Set()): Map<number, IrAtom> {
    walkIr(e, (x) => void (isIrAtom(x) && out.set(x.atom, x)), { definitions: this.definitions, entered: seen });
    return out;
  }
}


function negateOp(op: '=' | '!=' | '<' | '<=' | '>' | '>='): '=' | '!=' | '<' | '<=' | '>' | '>=' {
  switch (op) {
    case '=':
      return '!=';
    case '!=':
      return '=';
    case '<':
      return '>=';
    case '<=':
      return '>';
    case '>':
      return '<=';
    case '>=':
      return '<';
  }
}

export { partKey };
