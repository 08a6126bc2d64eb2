// Kinds of quantity. UCUM algebra cancels like by like: mg/kg is a pure number and mg/kg/d
// a frequency, so a fact in mg/kg/d would accept "2 /d". Vigil keeps what a unit divides
// like by like apart as its *ratio*: mg/kg is a mass per mass, mg/kg/d a mass per mass per
// time, and two units are commensurable only when both their dimensions and their ratios
// agree. The rules, applied left to right over a UCUM expression:
//
//  - Within a written unit, dividing by an atom of a dimension the numerator already has
//    makes a ratio of that dimension (mg/kg → ratio M; mL/min/m2 → ratio L2).
//  - Multiplying by a quantity of a ratio's dimension uses the ratio up: (mg/kg/d).kg is
//    mg/d, the dose for a weight; dividing by one does too: (mg/d)/(mg/kg/d) is kg.
//  - A parenthesised operand divides as a quantity: two quantities of the same kind give
//    a pure number ((mg/d)/(mg/d) is 1, the fraction of one dose in another); otherwise
//    like by like makes a ratio ((mg/d)/kg is mg/kg/d).
//
// Integers, annotations and `%` are pure numbers: `%` and `1` are the same kind (30% is 0.3).

import { simpleUnitEnd, splitExponent } from './unit-syntax.js';

export type Dims = ReadonlyMap<string, number>;

export interface Kind {
  /** Exponent per base dimension (M, L, T, N, EQ, Q, K, A, J, arbitrary atoms). */
  readonly dim: Dims;
  /** Dimensions divided like by like and kept apart, each with a positive exponent. */
  readonly ratio: Dims;
}

const NONE: Dims = new Map();

function pos(d: Dims): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of d) if (v > 0) out.set(k, v);
  return out;
}

function add(a: Dims, b: Dims, sign = 1): Map<string, number> {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + sign * v);
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
}

function min(a: Dims, b: Dims): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of a) {
    const m = Math.min(v, b.get(k) ?? 0);
    if (m > 0) out.set(k, m);
  }
  return out;
}

function scale(d: Dims, e: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of d) if (v * e !== 0) out.set(k, v * e);
  return out;
}

export function sameDims(a: Dims, b: Dims): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

export function sameKind(a: Kind, b: Kind): boolean {
  return sameDims(a.dim, b.dim) && sameDims(a.ratio, b.ratio);
}

/** a × b: b's positive dimensions use up a's ratios, and a's use up b's. */
export function multiplyKinds(a: Kind, b: Kind): Kind {
  const usedA = min(a.ratio, pos(b.dim));
  const usedB = min(b.ratio, pos(a.dim));
  return { dim: add(a.dim, b.dim), ratio: add(add(a.ratio, usedA, -1), add(b.ratio, usedB, -1)) };
}

/**
 * a ÷ b. `written`: b is an atom of the same written unit, so like by like always makes a
 * ratio (mg/g); otherwise b is a quantity, and the same kind on both sides gives a number.
 */
export function divideKinds(a: Kind, b: Kind, written: boolean): Kind {
  if (!written && sameKind(a, b)) return { dim: NONE, ratio: NONE };
  // A ratio's numerator cancels the other side's numerator: (mg/d)/(mg/kg/d), (mg/kg)/mg.
  const usedB = min(b.ratio, pos(a.dim));
  const usedA = min(a.ratio, pos(b.dim));
  const restA = add(pos(a.dim), usedB, -1);
  const restB = add(pos(b.dim), usedA, -1);
  const made = min(restA, restB);
  return { dim: add(a.dim, b.dim, -1), ratio: add(add(add(a.ratio, usedA, -1), add(b.ratio, usedB, -1)), made) };
}

/**
 * The kind of a UCUM expression, or undefined on a syntax error. `atom` gives the
 * dimensions of one atom (`mg`, `10*`, `[iU]`, `{cells}`), undefined when unknown.
 */
export function kindOfCode(code: string, atom: (a: string) => Dims | undefined): Kind | undefined {
  let i = 0;
  const fail = Symbol('fail');
  const pure: Kind = { dim: NONE, ratio: NONE };

  // One component: a group or an atom with its exponent; `group` tells which.
  const component = (): { kind: Kind; group: boolean } => {
    if (code[i] === '(') {
      i++;
      const k = term();
      if (code[i] !== ')') throw fail;
      i++;
      skipAnnotation();
      return { kind: k, group: true };
    }
    if (code[i] === '{') {
      skipAnnotation();
      return { kind: pure, group: false };
    }
    const end = simpleUnitEnd(code, i);
    if (end <= i) throw fail;
    const token = code.slice(i, end);
    i = end;
    skipAnnotation();
    if (/^\d+$/.test(token)) return { kind: pure, group: false };
    const [name, exp] = splitExponent(token);
    const d = atom(name);
    if (!d) throw fail;
    return { kind: { dim: scale(d, exp), ratio: NONE }, group: false };
  };
  const skipAnnotation = (): void => {
    if (code[i] !== '{') return;
    const end = code.indexOf('}', i);
    if (end < 0) throw fail;
    i = end + 1;
  };
  // An atom with a negative exponent divides, as if written after `/`: mg.kg-1 is mg/kg.
  const apply = (acc: Kind, c: { kind: Kind; group: boolean }, divide: boolean): Kind => {
    let k = c.kind;
    let div = divide;
    if (!c.group && [...k.dim.values()].some((v) => v < 0)) {
      k = { dim: scale(k.dim, -1), ratio: k.ratio };
      div = !div;
    }
    return div ? divideKinds(acc, k, !c.group) : multiplyKinds(acc, k);
  };
  const term = (): Kind => {
    let acc: Kind;
    if (code[i] === '/') {
      i++;
      acc = apply(pure, component(), true);
    } else {
      const first = component();
      acc = apply(pure, first, false);
    }
    while (i < code.length && (code[i] === '.' || code[i] === '/')) {
      const op = code[i++];
      acc = apply(acc, component(), op === '/');
    }
    return acc;
  };
  try {
    const k = term();
    return i === code.length ? k : undefined;
  } catch (e) {
    if (e === fail) return undefined;
    throw e;
  }
}
