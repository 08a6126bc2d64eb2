// Test support for the analysis: a small builder of IR programs (atoms get ids, source
// text and distinct locations) and a reference evaluator of IR conditions over a patient
// in facts-file form, used to confirm that witnesses satisfy their goals.
import type {
  IrAction,
  IrActionVerb,
  IrAtom,
  IrDefinition,
  IrExpr,
  IrFact,
  IrFactRef,
  IrLocation,
  IrProgram,
  IrRule,
  IrTerm,
  IrType,
  IrValueSet,
} from '../src/ir/ir.js';
import { runRules } from '../src/checker/index.js';
import type { CheckerRule } from '../src/checker/rule.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { checkText } from '../src/pipeline.js';
import { REQUIRED_FACTS, mark } from './markers.js';
import { Rational } from '../src/units/rational.js';
import { IR_VERSION } from '../src/ir/ir.js';
import { includes, isIn, presence, showIr, truth } from './ir-builders.js';
import type { Truth } from '../src/analysis/normal-form.js';

/**
 * Runs one logic checker rule over a snippet appended to REQUIRED_FACTS. `<|…|>` marks the
 * ranges expected to be reported.
 */
export function runLogicRule(rule: CheckerRule, snippet: string): { diagnostics: Diagnostic[]; found: [number, number][]; expected: [number, number][]; program: IrProgram } {
  const m = mark(REQUIRED_FACTS + snippet);
  const result = checkText(m.text, '/memory/test.vigil');
  if (!result.ir) throw new Error(`snippet does not compile: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  const diagnostics = runRules([rule], result.model, result.ir);
  return {
    diagnostics,
    found: diagnostics.map((d) => [d.range.start.offset, d.range.end.offset]),
    expected: m.ranges.map((r) => [r.start, r.end]),
    program: result.ir,
  };
}

type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
type Operand = IrExpr | string;

export interface RuleSpec {
  readonly when?: IrExpr;
  readonly unless?: readonly IrExpr[];
  /** `[verb, target]` pairs. */
  readonly actions?: readonly (readonly [IrActionVerb, string])[];
  readonly overrides?: readonly string[];
}

export class IrBuilder {
  private readonly facts: IrFact[] = [];
  private readonly valueSets: IrValueSet[] = [];
  private readonly definitions: IrDefinition[] = [];
  private readonly rules: IrRule[] = [];
  private atomCount = 0;
  private line = 0;

  constructor(private readonly uri = 'test.vigil') {}

  loc(): IrLocation {
    const line = this.line++;
    return { uri: this.uri, start: { line, character: 0, offset: line * 100 }, end: { line, character: 10, offset: line * 100 + 10 } };
  }

  // ---------------------------------------------------------------- declarations

  private fact(name: string, type: IrType, opts: { baseline?: boolean; uln?: boolean } = {}): this {
    this.facts.push({ name, type, baseline: opts.baseline ?? false, uln: opts.uln ?? false, location: this.loc() });
    return this;
  }
  quantity(name: string, unit: string, opts: { baseline?: boolean; uln?: boolean } = {}): this {
    return this.fact(name, { kind: 'quantity', unit, dimension: unit }, opts);
  }
  enumFact(name: string, values: readonly string[]): this {
    return this.fact(name, { kind: 'enum', values });
  }
  boolean(name: string): this {
    return this.fact(name, { kind: 'boolean' });
  }
  date(name: string, kind: 'date' | 'datetime' = 'datetime'): this {
    return this.fact(name, { kind });
  }
  code(name: string): this {
    return this.fact(name, { kind: 'code' });
  }
  text(name: string): this {
    return this.fact(name, { kind: 'text' });
  }
  set(name: string, element: IrType = { kind: 'code' }): this {
    return this.fact(name, { kind: 'set', element });
  }
  valueSet(name: string, members: readonly string[]): this {
    this.valueSets.push({ name, members: members.map((m) => ({ name: m, codes: [] })), location: this.loc() });
    return this;
  }

  private typeOf(name: string): IrType {
    const f = this.facts.find((x) => x.name === name);
    if (!f) throw new Error(`undeclared fact ${name}`);
    return f.type;
  }

  // ---------------------------------------------------------------- values

  /** `wbc`, `alt.baseline`, `alt.uln`. */
  f(name: string): IrExpr {
    const [fact, part] = name.split('.') as [string, string | undefined];
    const ref: IrFactRef = { fact, part: part === 'baseline' ? 'baseline' : part === 'uln' ? 'uln' : 'value' };
    return { kind: 'fact', ref, type: this.typeOf(fact) };
  }
  /** `q('2.5 10*9/L')`, `q('5')`. */
  q(text: string): IrExpr {
    const [value, ...unit] = text.trim().split(/\s+/);
    const u = unit.join(' ') || '1';
    return { kind: 'quantity', value: value!, unit: u, dimension: u };
  }
  times(k: string, e: IrExpr): IrExpr {
    const u = unitOf(e);
    return { kind: 'arith', op: '*', left: this.q(k), right: e, unit: u, dimension: u };
  }
  arith(op: '+' | '-' | '*' | '/', left: IrExpr, right: IrExpr): IrExpr {
    const u = unitOf(left);
    return { kind: 'arith', op, left, right, unit: u, dimension: u };
  }
  scale(arg: IrExpr, factor: string, unit: string): IrExpr {
    return { kind: 'scale', arg, factor, unit, dimension: unit };
  }
  define(name: string, expr: IrExpr, type: IrType = { kind: 'boolean' }): IrExpr {
    this.definitions.push({ name, type, expr, location: this.loc() });
    return { kind: 'ref', definition: name, type };
  }

  // ---------------------------------------------------------------- atoms

  private atom<T extends Omit<IrAtom, 'atom' | 'location'>>(body: T): T & { atom: number; location: IrLocation } {
    return { ...body, atom: this.atomCount++, location: this.loc() };
  }
  /** An atom from the shared builders, given the next id and a location of its own. */
  private number(a: IrAtom): IrAtom {
    return { ...a, atom: this.atomCount++, location: this.loc() };
  }

  private operand(o: Operand, other?: IrExpr): IrExpr {
    if (typeof o !== 'string') return o;
    if (/^-?[0-9]/.test(o)) return this.q(o);
    if (o === 'true' || o === 'false') return { kind: 'boolean', value: o === 'true' };
    const f = this.facts.find((x) => x.name === o.split('.')[0]);
    if (f) return this.f(o);
    if (other && other.kind === 'fact' && other.type.kind === 'text') return { kind: 'text', value: o };
    return { kind: 'enumValue', value: o };
  }

  cmp(l: Operand, op: CompareOp, r: Operand): IrExpr {
    const left = this.operand(l);
    const right = this.operand(r, left);
    const t = left.kind === 'fact' ? left.type : right.kind === 'fact' ? right.type : left.kind === 'boolean' ? { kind: 'boolean' as const } : { kind: 'quantity' as const };
    const operandType: 'quantity' | 'enum' | 'boolean' | 'text' | 'code' | 'date' =
      left.kind === 'quantity' || right.kind === 'quantity' || t.kind === 'quantity' || left.kind === 'arith' || right.kind === 'arith'
        ? 'quantity'
        : t.kind === 'datetime' || t.kind === 'date'
          ? 'date'
          : t.kind === 'set'
            ? 'code'
            : (t.kind as 'enum' | 'boolean' | 'text' | 'code');
    return this.atom({ kind: 'compare' as const, op, left, right, operandType, text: `${showIr(left)} ${op} ${showIr(right)}` });
  }
  lt(l: Operand, r: Operand): IrExpr {
    return this.cmp(l, '<', r);
  }
  le(l: Operand, r: Operand): IrExpr {
    return this.cmp(l, '<=', r);
  }
  gt(l: Operand, r: Operand): IrExpr {
    return this.cmp(l, '>', r);
  }
  ge(l: Operand, r: Operand): IrExpr {
    return this.cmp(l, '>=', r);
  }
  eq(l: Operand, r: Operand): IrExpr {
    return this.cmp(l, '=', r);
  }
  ne(l: Operand, r: Operand): IrExpr {
    return this.cmp(l, '!=', r);
  }
  in(fact: string, values: readonly string[], negated = false): IrExpr {
    return this.number(isIn(this.f(fact), [...values], negated));
  }
  /** Terms by name, or one value-set name. */
  includes(fact: string, terms: readonly string[] | string): IrExpr {
    const list: readonly IrTerm[] =
      typeof terms === 'string'
        ? (this.valueSets.find((v) => v.name === terms)?.members ?? [{ name: terms, codes: [] }])
        : terms.map((t) => ({ name: t, codes: [] }));
    const shown = typeof terms === 'string' ? terms : terms.length === 1 ? terms[0]! : `{ ${terms.join(', ')} }`;
    return this.atom({ kind: 'includes', subject: this.f(fact), terms: list, text: `${fact} includes ${shown}` });
  }
  missing(fact: string): IrExpr {
    return this.number(presence(fact, true));
  }
  present(fact: string): IrExpr {
    return this.number(presence(fact, false));
  }
  /** `last_dose more than 2 d ago` is `elapsed('last_dose', '>', '2')`. */
  elapsed(fact: string, op: '>' | '<' | '<=', days: string): IrExpr {
    const text = op === '>' ? `${fact} more than ${days} d ago` : op === '<' ? `${fact} less than ${days} d ago` : `${fact} within ${days} d`;
    return this.atom({ kind: 'elapsed' as const, ref: { fact, part: 'value' as const }, op, days, text });
  }
  truth(arg: Operand): IrExpr {
    return this.number(truth(typeof arg === 'string' ? this.f(arg) : arg));
  }
  and(...args: IrExpr[]): IrExpr {
    return { kind: 'and', args };
  }
  or(...args: IrExpr[]): IrExpr {
    return { kind: 'or', args };
  }
  not(arg: IrExpr): IrExpr {
    return { kind: 'not', arg };
  }

  // ---------------------------------------------------------------- rules

  rule(id: string, spec: RuleSpec): this {
    const actions: IrAction[] = (spec.actions ?? [['recommend', 'x']]).map(([verb, target]) => ({ verb, targets: [target], permanent: false, location: this.loc() }));
    this.rules.push({
      id,
      title: id,
      sources: ['test'],
      overrides: spec.overrides ?? [],
      ...(spec.when ? { when: spec.when } : {}),
      unless: spec.unless ?? [],
      actions,
      location: this.loc(),
    });
    return this;
  }

  build(): IrProgram {
    return {
      irVersion: IR_VERSION,
      ruleset: { name: 'test' },
      facts: [...this.facts],
      valueSets: [...this.valueSets],
      definitions: [...this.definitions],
      rules: [...this.rules],
      protocols: [],
      atomCount: this.atomCount,
    };
  }
}

function unitOf(e: IrExpr): string {
  return 'unit' in e && typeof e.unit === 'string' ? e.unit : e.kind === 'fact' && e.type.kind === 'quantity' ? e.type.unit : '1';
}

// ------------------------------------------------------------------ reference evaluator

const MISSING = Symbol('missing');
type Value = Rational | string | boolean | readonly string[] | { readonly ms: number } | typeof MISSING;

function readQuantity(raw: unknown, unit: string): Rational {
  if (typeof raw === 'number') return Rational.fromNumber(raw);
  if (typeof raw !== 'string') throw new Error(`not a quantity: ${JSON.stringify(raw)}`);
  const [num, ...rest] = raw.trim().split(/\s+/);
  const u = rest.join(' ');
  if (u !== '' && u !== unit) throw new Error(`unit ${u} is not ${unit}`);
  return Rational.parse(num!);
}

/** Three-valued value of a condition for a patient in facts-file form, as the language reference defines it. */
export function evaluate(program: IrProgram, expr: IrExpr, facts: Readonly<Record<string, unknown>>, now: Date): Truth {
  const defs = new Map(program.definitions.map((d) => [d.name, d]));
  const factDecl = new Map(program.facts.map((f) => [f.name, f]));

  const read = (ref: IrFactRef): Value => {
    const key = ref.part === 'value' ? ref.fact : `${ref.fact}_${ref.part}`;
    if (!(key in facts) || facts[key] === undefined || facts[key] === null) return MISSING;
    const raw = facts[key];
    const t = factDecl.get(ref.fact)?.type;
    if (!t) throw new Error(`unknown fact ${ref.fact}`);
    switch (t.kind) {
      case 'quantity':
        return readQuantity(raw, t.unit);
      case 'date':
      case 'datetime':
        return { ms: new Date(String(raw)).getTime() };
      case 'set':
        return (raw as unknown[]).map(String);
      case 'boolean':
        if (typeof raw !== 'boolean') throw new Error(`not a boolean: ${String(raw)}`);
        return raw;
      default:
        return String(raw);
    }
  };

  const value = (e: IrExpr): Value => {
    switch (e.kind) {
      case 'fact':
        return read(e.ref);
      case 'quantity':
        return Rational.parse(e.value);
      case 'boolean':
        return e.value;
      case 'text':
      case 'enumValue':
        return e.value;
      case 'scale': {
        const v = value(e.arg);
        return v === MISSING ? v : (v as Rational).mul(Rational.parse(e.factor));
      }
      case 'negate': {
        const v = value(e.arg);
        return v === MISSING ? v : (v as Rational).neg();
      }
      case 'arith': {
        const l = value(e.left);
        const r = value(e.right);
        if (l === MISSING || r === MISSING) return MISSING;
        const a = l as Rational;
        const b = r as Rational;
        return e.op === '+' ? a.add(b) : e.op === '-' ? a.sub(b) : e.op === '*' ? a.mul(b) : a.div(b);
      }
      case 'ref': {
        const d = defs.get(e.definition)!;
        if (d.type.kind === 'boolean') {
          const t = cond(d.expr);
          return t === 'unknown' ? MISSING : t === 'true';
        }
        return value(d.expr);
      }
      default: {
        const t = cond(e);
        return t === 'unknown' ? MISSING : t === 'true';
      }
    }
  };

  const tv = (b: boolean): Truth => (b ? 'true' : 'false');

  const cond = (e: IrExpr): Truth => {
    switch (e.kind) {
      case 'and': {
        const vs = e.args.map(cond);
        return vs.includes('false') ? 'false' : vs.includes('unknown') ? 'unknown' : 'true';
      }
      case 'or': {
        const vs = e.args.map(cond);
        return vs.includes('true') ? 'true' : vs.includes('unknown') ? 'unknown' : 'false';
      }
      case 'not': {
        const v = cond(e.arg);
        return v === 'true' ? 'false' : v === 'false' ? 'true' : 'unknown';
      }
      case 'ref':
        return cond(defs.get(e.definition)!.expr);
      case 'boolean':
        return tv(e.value);
      case 'fact': {
        const v = read(e.ref);
        return v === MISSING ? 'unknown' : tv(v === true);
      }
      case 'truth': {
        const v = value(e.arg);
        return v === MISSING ? 'unknown' : tv(v === true);
      }
      case 'presence': {
        const missing = read(e.ref) === MISSING;
        return tv(missing === e.missing);
      }
      case 'elapsed': {
        const v = read(e.ref);
        if (v === MISSING) return 'unknown';
        const days = Rational.of(now.getTime() - (v as { ms: number }).ms, 86_400_000);
        const k = Rational.parse(e.days);
        return tv(e.op === '>' ? days.gt(k) : e.op === '<' ? days.lt(k) : days.le(k));
      }
      case 'in': {
        const v = value(e.subject);
        if (v === MISSING) return 'unknown';
        return tv(e.values.includes(String(v)) !== e.negated);
      }
      case 'includes': {
        const v = value(e.subject);
        if (v === MISSING) return 'unknown';
        const set = v as readonly string[];
        return tv(e.terms.some((t) => set.includes(t.name) || t.codes.some((c) => set.includes(c))));
      }
      case 'compare': {
        const l = value(e.left);
        const r = value(e.right);
        if (l === MISSING || r === MISSING) return 'unknown';
        let c: number;
        if (l instanceof Rational && r instanceof Rational) c = l.cmp(r);
        else if (typeof l === 'object' && 'ms' in l && typeof r === 'object' && 'ms' in r) c = Math.sign(l.ms - r.ms);
        else {
          if (e.op !== '=' && e.op !== '!=') throw new Error(`cannot order ${String(l)} and ${String(r)}`);
          c = l === r ? 0 : 1;
        }
        switch (e.op) {
          case '=':
            return tv(c === 0);
          case '!=':
            return tv(c !== 0);
          case '<':
            return tv(c < 0);
          case '<=':
            return tv(c <= 0);
          case '>':
            return tv(c > 0);
          case '>=':
            return tv(c >= 0);
        }
      }
      // eslint-disable-next-line no-fallthrough
      default:
        throw new Error(`not a condition: ${e.kind}`);
    }
  };

  return cond(expr);
}
