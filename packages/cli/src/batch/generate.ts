// Synthetic patients for a rule set: seeded, and drawn around every threshold the rules
// test, so that a few thousand records exercise each side of each comparison.
import { irChildren, Rational, type IrExpr, type IrFact, type IrProgram } from '@vigil/core';

/** mulberry32: a small, fast, seedable 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the rules test about one input key. */
interface KeyProfile {
  /** Thresholds in the fact's unit. */
  thresholds: number[];
  /** `value op k × <part>` comparisons: the other part and the multiplier. */
  ratios: { part: 'baseline' | 'uln' | 'value'; k: number }[];
  /** Elapsed-time thresholds in days (date facts). */
  days: number[];
  /** Codes and terms the rules look for (code and set-of-code facts). */
  terms: string[];
}

export interface FactPlan {
  readonly facts: readonly IrFact[];
  readonly profiles: ReadonlyMap<string, KeyProfile>;
}

function num(exact: string): number {
  const slash = exact.indexOf('/');
  return slash < 0 ? Number(exact) : Number(exact.slice(0, slash)) / Number(exact.slice(slash + 1));
}

/** A constant quantity expression's value in its unit, when it is one. */
function constant(e: IrExpr): number | undefined {
  switch (e.kind) {
    case 'quantity':
      return num(e.value);
    case 'scale': {
      const v = constant(e.arg);
      return v === undefined ? undefined : v * num(e.factor);
    }
    case 'negate': {
      const v = constant(e.arg);
      return v === undefined ? undefined : -v;
    }
    case 'arith': {
      const l = constant(e.left);
      const r = constant(e.right);
      if (l === undefined || r === undefined) return undefined;
      return e.op === '+' ? l + r : e.op === '-' ? l - r : e.op === '*' ? l * r : l / r;
    }
    default:
      return undefined;
  }
}

/** `fact` or `scale(fact)`: the key and the factor from the fact's unit to the expression's. */
function factSide(e: IrExpr): { key: string; fact: string; part: 'value' | 'baseline' | 'uln'; factor: number } | undefined {
  if (e.kind === 'fact') return { key: e.ref.part === 'value' ? e.ref.fact : `${e.ref.fact}_${e.ref.part}`, fact: e.ref.fact, part: e.ref.part, factor: 1 };
  if (e.kind === 'scale') {
    const inner = factSide(e.arg);
    return inner ? { ...inner, factor: inner.factor * num(e.factor) } : undefined;
  }
  return undefined;
}

/** `k × fact.part` (either order) as the multiplier and the fact side. */
function ratioSide(e: IrExpr): { side: NonNullable<ReturnType<typeof factSide>>; k: number } | undefined {
  if (e.kind === 'scale') {
    const r = ratioSide(e.arg);
    return r ? { side: r.side, k: r.k * num(e.factor) } : undefined;
  }
  if (e.kind !== 'arith' || e.op !== '*') return undefined;
  const [a, b] = [constant(e.left), constant(e.right)];
  if (a !== undefined) {
    const side = factSide(e.right);
    return side ? { side, k: a * side.factor } : undefined;
  }
  if (b !== undefined) {
    const side = factSide(e.left);
    return side ? { side, k: b * side.factor } : undefined;
  }
  return undefined;
}

/** Walks the IR and records every threshold, ratio, time window and term per input key. */
export function planFacts(ir: IrProgram): FactPlan {
  const profiles = new Map<string, KeyProfile>();
  const profile = (key: string): KeyProfile => {
    let p = profiles.get(key);
    if (!p) profiles.set(key, (p = { thresholds: [], ratios: [], days: [], terms: [] }));
    return p;
  };
  const visit = (e: IrExpr): void => {
    if (e.kind === 'compare' && e.operandType === 'quantity') {
      for (const [a, b] of [[e.left, e.right], [e.right, e.left]] as const) {
        const side = factSide(a);
        if (!side) continue;
        const c = constant(b);
        if (c !== undefined && side.factor !== 0) profile(side.key).thresholds.push(c / side.factor);
        const r = ratioSide(b);
        if (r && side.factor !== 0 && r.side.fact === side.fact) profile(side.key).ratios.push({ part: r.side.part, k: r.k / side.factor });
      }
    } else if (e.kind === 'compare' && e.operandType === 'code') {
      for (const [a, b] of [[e.left, e.right], [e.right, e.left]] as const) {
        const side = factSide(a);
        if (side && (b.kind === 'text' || b.kind === 'enumValue')) profile(side.key).terms.push(b.value);
      }
    } else if (e.kind === 'includes') {
      const side = factSide(e.subject);
      if (side) for (const t of e.terms) profile(side.key).terms.push(t.name, ...t.codes);
    } else if (e.kind === 'elapsed') {
      profile(e.ref.fact).days.push(num(e.days));
    }
    for (const c of irChildren(e)) visit(c);
  };
  for (const d of ir.definitions) visit(d.expr);
  for (const r of ir.rules) {
    if (r.when) visit(r.when);
    for (const u of r.unless) visit(u);
  }
  for (const p of profiles.values()) {
    p.thresholds = [...new Set(p.thresholds.filter(Number.isFinite))];
    p.days = [...new Set(p.days)];
    p.terms = [...new Set(p.terms)];
  }
  return { facts: ir.facts, profiles };
}

export interface GenerateOptions {
  readonly seed: number;
  /** Dates are drawn relative to this instant. */
  readonly now: Date;
  /** Probability that a fact is left out (default 0.05). */
  readonly missing?: number;
}

function decimals(x: number): number {
  const s = String(x);
  const i = s.indexOf('.');
  return i < 0 || s.includes('e') ? 0 : Math.min(s.length - i - 1, 6);
}

/** A decimal of at most 15 significant digits: what an engine holds exactly. */
function heldExactly(r: Rational): boolean {
  if (!r.isTerminating()) return false;
  const digits = r.toExact().replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return digits.length <= 15;
}

/** A tidy decimal: at most 6 significant digits. */
function tidy(x: number): number {
  return Number(x.toPrecision(6));
}

const DAY = 86_400_000;

/** A generator of patients for the plan; the same seed gives the same sequence. */
export function patientGenerator(plan: FactPlan, options: GenerateOptions): () => Record<string, unknown> {
  const rand = mulberry32(options.seed);
  const missing = options.missing ?? 0.05;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const empty: KeyProfile = { thresholds: [], ratios: [], days: [], terms: [] };

  /** A value in the fact's unit near one of the thresholds (at, just below, just above), or spread around them. */
  const near = (p: KeyProfile, fallback: number): number => {
    if (p.thresholds.length === 0) return tidy(rand() * fallback);
    const t = pick(p.thresholds);
    const r = rand();
    if (r < 0.65) {
      const step = 10 ** -Math.max(decimals(t), 0);
      const which = Math.floor(rand() * 3) - 1;
      return tidy(Math.max(0, t + which * step));
    }
    return tidy(rand() * 2 * (Math.abs(t) || fallback));
  };

  /** The fact's plausible range as doubles (the engine refuses values outside it). */
  const bounds = (fact: IrFact): [number, number] => {
    const r = fact.range;
    return [r ? num(r.low) : 0, r?.high !== undefined ? num(r.high) : Infinity];
  };
  const inRange = (fact: IrFact, v: number): boolean => {
    const [lo, hi] = bounds(fact);
    return v >= lo && v <= hi;
  };
  /** A value inside the plausible range: kept when it is, else drawn inside it. */
  const plausible = (fact: IrFact, v: number): number => {
    if (inRange(fact, v)) return v;
    const [lo, hi] = bounds(fact);
    const x = tidy(lo + rand() * ((Number.isFinite(hi) ? hi : lo + 100) - lo));
    return inRange(fact, x) ? x : lo;
  };

  const quantity = (fact: IrFact, value: number): unknown => {
    if (fact.type.kind !== 'quantity') return value;
    const own = fact.type.unit;
    const others = (fact.acceptedUnits ?? []).filter((u) => u.unit !== own);
    const r = rand();
    if (others.length > 0 && r < 0.1) {
      const u = pick(others);
      const v = tidy(value / num(u.factor));
      // Rounding in another unit must not carry the value out of its range, and the value
      // in the fact's unit must be one the engine holds exactly (it refuses others).
      if (inRange(fact, v * num(u.factor)) && heldExactly(Rational.fromNumber(v).mul(Rational.parse(u.factor)))) return `${v} ${u.unit}`;
    }
    if (r < 0.3) return { value, unit: own };
    return own === '1' ? value : `${value} ${own}`;
  };

  return () => {
    const patient: Record<string, unknown> = {};
    for (const fact of plan.facts) {
      if (rand() < missing) continue;
      const p = plan.profiles.get(fact.name) ?? empty;
      const t = fact.type;
      switch (t.kind) {
        case 'boolean':
          patient[fact.name] = rand() < 0.5;
          break;
        case 'enum':
          patient[fact.name] = pick(t.values);
          break;
        case 'text':
          patient[fact.name] = pick(['', 'note', 'seen in clinic']);
          break;
        case 'code':
          patient[fact.name] = p.terms.length > 0 && rand() < 0.8 ? pick(p.terms) : `snomed:${Math.floor(rand() * 1e6)}`;
          break;
        case 'date':
        case 'datetime': {
          const days = p.days.length > 0 && rand() < 0.8 ? pick(p.days) + (Math.floor(rand() * 3) - 1) : Math.floor(rand() * 400);
          const at = new Date(options.now.getTime() - days * DAY - (t.kind === 'datetime' ? Math.floor(rand() * 24) * 3_600_000 : 0));
          patient[fact.name] = t.kind === 'date' ? at.toISOString().slice(0, 10) : at.toISOString().replace('.000Z', 'Z');
          break;
        }
        case 'set': {
          const element = t.element;
          const pool = element.kind === 'enum' ? element.values : p.terms.length > 0 ? p.terms : ['rxnorm:0'];
          const out = new Set<string>();
          const count = Math.floor(rand() * 4);
          for (let i = 0; i < count; i++) out.add(pick(pool));
          if (element.kind !== 'enum' && rand() < 0.3) out.add(`rxnorm:${Math.floor(rand() * 1e6)}`);
          patient[fact.name] = [...out];
          break;
        }
        case 'quantity': {
          const ulnProfile = plan.profiles.get(`${fact.name}_uln`) ?? empty;
          const baseProfile = plan.profiles.get(`${fact.name}_baseline`) ?? empty;
          const typical = p.thresholds.length > 0 ? Math.max(...p.thresholds.map(Math.abs)) : 100;
          const parts: Partial<Record<'baseline' | 'uln', number>> = {};
          if (fact.uln) parts.uln = ulnProfile.thresholds.length > 0 ? near(ulnProfile, typical) : tidy(typical * (0.5 + rand()) || 40);
          if (fact.baseline) parts.baseline = baseProfile.thresholds.length > 0 ? near(baseProfile, typical) : tidy((parts.uln ?? typical) * (0.3 + rand() * 0.7) || 20);
          let value: number;
          const ratio = p.ratios.filter((r) => r.part !== 'value' && parts[r.part] !== undefined);
          if (ratio.length > 0 && rand() < 0.5) {
            const r = pick(ratio);
            const base = r.k * parts[r.part as 'baseline' | 'uln']!;
            value = tidy(Math.max(0, base * (1 + (Math.floor(rand() * 3) - 1) * 0.01)));
          } else value = near(p, typical);
          value = plausible(fact, value);
          if (parts.baseline !== undefined) parts.baseline = plausible(fact, parts.baseline);
          if (parts.uln !== undefined) parts.uln = plausible(fact, parts.uln);
          if (t.unit === 'd') patient[fact.name] = rand() < 0.5 ? `${value} d` : `${tidy(value / 7)} wk`;
          else patient[fact.name] = quantity(fact, value);
          if (parts.baseline !== undefined && rand() >= missing) patient[`${fact.name}_baseline`] = quantity(fact, parts.baseline);
          if (parts.uln !== undefined && rand() >= missing) patient[`${fact.name}_uln`] = quantity(fact, parts.uln);
          break;
        }
      }
    }
    return patient;
  };
}
