// Plausible values for suggested patients: the range a fact declares, and the value the
// rule set's own cases typically give it (the median of the values they use) or, failing
// that, the thresholds its rules compare it with, so that a suggested case weighs what the
// author's patients weigh rather than 1 kg.
import { Rational, type IrExpr, type IrFact, type IrFactRef, type IrProgram, type Interval, type Plausible, type PlausibleValues } from '@vigil/core';

/**
 * The plausible range of a quantity fact, in the fact's unit (the same range holds for its
 * baseline and upper limit of normal), as the IR carries it: declared (`range 0.3 kg to
 * 400 kg`) or the default (never negative). This is the one place a range enters the
 * choice of values.
 */
export function declaredRange(fact: IrFact): Interval | undefined {
  const r = fact.range;
  if (!r) return undefined;
  const lo = Rational.tryParse(r.low);
  const hi = r.high !== undefined ? Rational.tryParse(r.high) : undefined;
  if (!lo || (r.high !== undefined && !hi)) return undefined;
  return { lo, loStrict: false, ...(hi ? { hi } : {}), hiStrict: false };
}

/** A patient as a key: the engine's validated facts, so that `2500 /uL` and `2.5 10*9/L` are one patient. */
export function canonicalPatient(validated: unknown): string {
  if (typeof validated !== 'object' || validated === null) return JSON.stringify(validated);
  const entries = Object.entries(validated).filter(([, v]) => v !== null && v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

/** Collects the patients of one rule set's cases and, per quantity part, the values they give it (in the fact's unit). */
export class CaseValues {
  private readonly values = new Map<string, number[]>();
  /** The cases' patients, as `canonicalPatient` gives them. */
  readonly patients = new Set<string>();

  /** `facts`: a case's facts as the engine's `validateFacts` returns them (numbers in each fact's unit). */
  record(facts: unknown): void {
    if (typeof facts !== 'object' || facts === null) return;
    this.patients.add(canonicalPatient(facts));
    for (const [k, v] of Object.entries(facts)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      const list = this.values.get(k);
      if (list) list.push(v);
      else this.values.set(k, [v]);
    }
  }

  /** The median of the values the cases gave the part (the lower middle one), if any. */
  typical(key: string): number | undefined {
    const list = this.values.get(key);
    if (!list || list.length === 0) return undefined;
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[(sorted.length - 1) >> 1];
  }
}

/** Quantity parts of a program: `weight`, `alt`, `alt_baseline`, `alt_uln`, with their fact. */
function quantityParts(ir: IrProgram): { key: string; fact: IrFact }[] {
  const out: { key: string; fact: IrFact }[] = [];
  for (const f of ir.facts) {
    if (f.type.kind !== 'quantity') continue;
    out.push({ key: f.name, fact: f });
    if (f.baseline) out.push({ key: `${f.name}_baseline`, fact: f });
    if (f.uln) out.push({ key: `${f.name}_uln`, fact: f });
  }
  return out;
}

/** The constant value of a quantity expression (a literal, possibly converted), if it is one. */
function constantOf(e: IrExpr): Rational | undefined {
  if (e.kind === 'quantity') return Rational.tryParse(e.value);
  if (e.kind === 'scale') {
    const v = constantOf(e.arg);
    const f = Rational.tryParse(e.factor);
    return v && f ? v.mul(f) : undefined;
  }
  return undefined;
}

/** Per quantity part, the thresholds the rule set compares it with directly (`wbc < 2.5 10*9/L`), in the fact's unit. */
export function thresholdsOf(ir: IrProgram): Map<string, Rational[]> {
  const out = new Map<string, Rational[]>();
  const add = (ref: IrFactRef, value: Rational | undefined) => {
    if (!value) return;
    const key = ref.part === 'value' ? ref.fact : `${ref.fact}_${ref.part}`;
    const list = out.get(key);
    if (!list) out.set(key, [value]);
    else if (!list.some((v) => v.eq(value))) list.push(value);
  };
  const walk = (e: unknown): void => {
    if (typeof e !== 'object' || e === null) return;
    const x = e as IrExpr;
    if (x.kind === 'compare' && x.operandType === 'quantity') {
      if (x.left.kind === 'fact') add(x.left.ref, constantOf(x.right));
      if (x.right.kind === 'fact') add(x.right.ref, constantOf(x.left));
    }
    for (const v of Object.values(e)) if (typeof v === 'object') walk(v);
  };
  for (const d of ir.definitions) walk(d.expr);
  for (const r of ir.rules) {
    walk(r.when);
    for (const u of r.unless) walk(u);
  }
  return out;
}

/**
 * Per quantity part, its declared range and a typical value: the median of the values the
 * cases give it, else the median of the thresholds the rules compare it with. A part with
 * neither a range nor a typical value is absent.
 */
export function plausibleValues(ir: IrProgram, cases: CaseValues | undefined): PlausibleValues {
  const out = new Map<string, Plausible>();
  const thresholds = thresholdsOf(ir);
  for (const { key, fact } of quantityParts(ir)) {
    const range = declaredRange(fact);
    const t = cases?.typical(key);
    const limits = [...(thresholds.get(key) ?? [])].sort((a, b) => a.cmp(b));
    const typical = t !== undefined ? Rational.fromNumber(t) : limits[(limits.length - 1) >> 1];
    if (range || typical) out.set(key, { ...(range ? { range } : {}), ...(typical ? { typical } : {}) });
  }
  return out;
}
