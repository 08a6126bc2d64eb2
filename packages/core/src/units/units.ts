// UCUM units with exact conversion factors.
//
// @lhncbc/ucum-lhc validates unit codes and supplies dimensions and magnitudes, but its
// magnitudes are doubles (it converts 2500 /uL to 2.4999999999999996 10*9/L). Vigil
// compares quantities exactly, so every unit here carries an exact `Rational` factor to
// its coherent base, derived per atom (see `exactFactorFromDouble`) and multiplied out
// exactly for compound expressions.
//
// Dimensions extend UCUM's seven base dimensions with two that ucum-lhc tracks apart:
// amount of substance (N; UCUM makes `mol` a dimensionless 6.0221367e23, which would make
// mmol/L commensurable with cell counts) and equivalents (EQ; converting eq to mol needs
// the charge). Each arbitrary unit atom ([iU], [arb'U], …) is a dimension of its own, so
// it is commensurable only with itself: [iU]/L ↔ [iU]/mL, never [iU]/L ↔ U/L.
// Special (offset or non-ratio) units such as Cel, [degF] and [pH] are rejected.

// The package is CommonJS without type declarations. A namespace import works under Node's
// ESM loader, vitest and esbuild alike; some loaders only expose it as `default`.
// @ts-ignore -- no type declarations are published for @lhncbc/ucum-lhc
import * as ucumModule from '@lhncbc/ucum-lhc';
import { Rational } from './rational.js';
import { kindOfCode, type Dims } from './kinds.js';
import { simpleUnitEnd, splitExponent } from './unit-syntax.js';

// ---------------------------------------------------------------------------------------
// Public types

export interface UnitInfo {
  /** The UCUM code as written. */
  readonly code: string;
  /** Human-readable name, e.g. "billion per liter". */
  readonly name: string;
  /**
   * Canonical key of the kind of quantity: the dimension as `SYMBOLexp` terms joined by
   * `.` in the order M, L, T, N, EQ, Q, K, A, J, then arbitrary atoms sorted (e.g. `L-3`,
   * `M1.L-3`, `N1.L-3.T-1`, `L-3.[iU]1`; `1` when dimensionless), followed by the
   * dimensions the unit divides like by like, as `(R/R)` (see kinds.ts): `mg/kg` is
   * `(M1/M1)`, `mg/kg/d` is `T-1.(M1/M1)`. Units are commensurable when the keys agree.
   */
  readonly dimension: string;
  /** Exponents of [L, T, M, A, K, Q, J, N, EQ] (ucum-lhc's order, then N and EQ). */
  readonly vector: readonly number[];
  /** Exact factor to the coherent base: value_in_base = value × factor. */
  readonly factor: Rational;
  /** Involves an arbitrary unit atom such as [iU]. */
  readonly arbitrary: boolean;
}

export type ParseUnitResult = { readonly ok: true; readonly unit: UnitInfo } | { readonly ok: false; readonly reason: string };

// ---------------------------------------------------------------------------------------
// ucum-lhc access

interface UcumUnit {
  readonly name_: unknown;
  readonly csCode_: unknown;
  readonly magnitude_: number;
  readonly dim_: { readonly dimVec_: readonly number[] } | null;
  readonly isArbitrary_: boolean;
  readonly isSpecial_: boolean;
  readonly cnv_: string | null;
  readonly moleExp_: number;
  readonly equivalentExp_: number;
}

interface UcumSpecified {
  readonly status: 'valid' | 'invalid' | 'error';
  readonly unit?: UcumUnit | null;
  readonly retMsg?: readonly string[];
}

interface UcumLhcUtils {
  getSpecifiedUnit(code: string, mode: 'validate' | 'convert', suggest: boolean): UcumSpecified;
}

interface UcumPackage {
  readonly UcumLhcUtils: { getInstance(): UcumLhcUtils };
}

let ucumCache: { utils: UcumLhcUtils } | undefined;

function ucum(): { utils: UcumLhcUtils } {
  if (!ucumCache) {
    const ns = ucumModule as unknown as Partial<UcumPackage> & { default?: UcumPackage };
    const pkg = (ns.UcumLhcUtils ? ns : ns.default) as UcumPackage | undefined;
    if (!pkg?.UcumLhcUtils) throw new Error('@lhncbc/ucum-lhc could not be loaded');
    ucumCache = { utils: pkg.UcumLhcUtils.getInstance() };
  }
  return ucumCache;
}

/** ucum-lhc logs to the console when its parser throws; keep library use quiet. */
function specified(code: string): UcumSpecified {
  const log = console.log;
  console.log = () => {};
  try {
    return ucum().utils.getSpecifiedUnit(code, 'validate', false);
  } catch (e) {
    return { status: 'error', unit: null, retMsg: [e instanceof Error ? e.message : String(e)] };
  } finally {
    console.log = log;
  }
}

function ucumMessage(s: UcumSpecified): string {
  return (s.retMsg ?? [])
    .join(' ')
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------
// Exact factors from ucum-lhc's doubles

/** Largest denominator accepted for a non-decimal factor (1/60000 for U, 5/9 for [degF]-like). */
const MAX_DENOMINATOR = 100_000n;

/**
 * Recovers the exact factor a ucum-lhc magnitude stands for, or undefined.
 *
 * Method. Round x to 15 significant digits: x ≈ s × 10^E with s = M / 10^14, M a 15-digit
 * integer. Compute the continued-fraction convergents p/q of s exactly and take the
 * first with |s − p/q| ≤ 1e-13. If its denominator q ≤ 100 000 the factor is p/q × 10^E.
 * Otherwise, if the rounded decimal has at most 13 significant digits, the factor is that
 * decimal. Otherwise there is no exact factor (π-based units such as `deg`, or constants
 * longer than a double can carry, such as [HP]) and the unit is refused.
 *
 * Guarantee. Assume ucum-lhc's double is within 1e-14 relative of the true factor F (it
 * computes atoms with a handful of correctly rounded operations), so |s − F/10^E| < 1e-13.
 * (a) If F = p/q × 10^E with q ≤ 100 000, then |s − p/q| < 1e-13 < 1/(2q²), so p/q is a
 * convergent of s (Legendre), and it is the first within 1e-13 because two fractions with
 * denominators ≤ 100 000 differ by at least 1e-10: F is recovered exactly, e.g. 1/60000
 * for U (µmol/min in mol/s) and 1e9 for /uL from 999999999.9999999.
 * (b) If F is a decimal with at most 8 significant digits, no other fraction with q ≤
 * 100 000 lies within 1e-13 of it (they differ by ≥ 1/(10^7 q) ≥ 1e-12), so F is found by
 * (a) or by the decimal rule. Decimals of 9 to 13 digits are found by the decimal rule
 * unless a small fraction happens to lie within 1e-13 of them. The one way to go wrong is
 * a true factor of 16 or more digits whose 15-digit rounding ends in two zeros; two
 * spare digits make that rare, and `units.test.ts` checks every common clinical unit
 * against its UCUM definition.
 */
export function exactFactorFromDouble(x: number): Rational | undefined {
  if (!Number.isFinite(x) || x === 0) return undefined;
  const negative = x < 0;
  const [mantissa, expText] = Math.abs(x).toExponential(14).split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exponent = Number(expText);
  const M = BigInt(digits);
  const scale = (r: Rational) => {
    const shifted = r.mul(exponent >= 0 ? Rational.of(10n ** BigInt(exponent)) : Rational.of(1n, 10n ** BigInt(-exponent)));
    return negative ? shifted.neg() : shifted;
  };
  const D14 = 10n ** 14n;
  // Continued fraction of M / 10^14 with convergents p/q.
  let [pPrev, p] = [0n, 1n];
  let [qPrev, q] = [1n, 0n];
  let [a, b] = [M, D14];
  while (b !== 0n) {
    const t = a / b;
    [a, b] = [b, a % b];
    [pPrev, p] = [p, t * p + pPrev];
    [qPrev, q] = [q, t * q + qPrev];
    if (q > MAX_DENOMINATOR) break;
    // |M/10^14 − p/q| ≤ 1e-13  ⇔  |M·q − p·10^14| ≤ 10·q
    const diff = M * q - p * D14;
    if ((diff < 0n ? -diff : diff) <= 10n * q) return scale(Rational.of(p, q));
  }
  const significant = digits.replace(/0+$/, '').length;
  if (significant <= 13) return scale(Rational.of(M, D14));
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Dimensions

const VECTOR_LENGTH = 9;
/** Index in `vector` → key symbol, in key order. */
const KEY_ORDER: readonly (readonly [number, string])[] = [
  [2, 'M'],
  [0, 'L'],
  [1, 'T'],
  [7, 'N'],
  [8, 'EQ'],
  [5, 'Q'],
  [4, 'K'],
  [3, 'A'],
  [6, 'J'],
];

export const DIMENSIONLESS = '1';

/** The key of a kind: the dimension key, then `(R/R)` for the dimensions divided like by like. */
function kindKey(dimension: string, ratio: Dims): string {
  const r = dimsKey(ratio);
  if (r === DIMENSIONLESS) return dimension;
  return dimension === DIMENSIONLESS ? `(${r}/${r})` : `${dimension}.(${r}/${r})`;
}

const SYMBOL_INDEX: ReadonlyMap<string, number> = new Map(KEY_ORDER.map(([index, symbol]) => [symbol, index]));

/** A dimension key for a map of base symbols (and arbitrary atoms) to exponents. */
function dimsKey(dims: Dims): string {
  const vector = zeroVector();
  const arbitrary = new Map<string, number>();
  for (const [k, v] of dims) {
    const index = SYMBOL_INDEX.get(k);
    if (index === undefined) arbitrary.set(k, v);
    else vector[index] = v;
  }
  return dimensionKey(vector, arbitrary);
}

/** The base dimensions of one atom, for kinds.ts. */
function atomDims(atom: string): Dims | undefined {
  const a = atomInfo(atom);
  if (!a.ok) return undefined;
  const out = new Map<string, number>();
  for (const [index, symbol] of KEY_ORDER) {
    const e = a.atom.vector[index] ?? 0;
    if (e !== 0) out.set(symbol, e);
  }
  if (a.atom.arbitraryKey) out.set(a.atom.arbitraryKey, 1);
  return out;
}

function dimensionKey(vector: readonly number[], arbitrary: ReadonlyMap<string, number>): string {
  const parts: string[] = [];
  for (const [index, symbol] of KEY_ORDER) {
    const e = vector[index] ?? 0;
    if (e !== 0) parts.push(`${symbol}${e}`);
  }
  for (const key of [...arbitrary.keys()].sort()) {
    const e = arbitrary.get(key)!;
    if (e !== 0) parts.push(`${key}${e}`);
  }
  return parts.length === 0 ? DIMENSIONLESS : parts.join('.');
}

const DIMENSION_LABELS: Readonly<Record<string, string>> = {
  '1': 'dimensionless',
  M1: 'mass',
  L1: 'length',
  L2: 'area',
  L3: 'volume',
  T1: 'time',
  'T-1': 'rate (per time)',
  'L-3': 'count per volume',
  'L-1': 'per length',
  'M1.L-3': 'mass per volume',
  'M1.L-2': 'mass per area',
  'M1.T-1': 'mass per time',
  'L3.T-1': 'volume per time',
  'L1.T-1': 'speed',
  'L1.T-2': 'acceleration',
  'M1.L1.T-2': 'force',
  'M1.L-1.T-2': 'pressure',
  'M1.L2.T-2': 'energy',
  'M1.L2.T-3': 'power',
  N1: 'amount of substance',
  'L-3.N1': 'amount of substance per volume',
  'M-1.N1': 'amount of substance per mass',
  'T-1.N1': 'catalytic activity',
  'L-3.T-1.N1': 'catalytic activity per volume',
  'M-1.T-1.N1': 'catalytic activity per mass',
  'T-1.N1.[iU]-1': 'catalytic activity per international unit',
  EQ1: 'equivalents',
  'L-3.EQ1': 'equivalents per volume',
  'M-1.EQ1': 'equivalents per mass',
  K1: 'temperature',
  Q1: 'electric charge',
  A1: 'plane angle',
  J1: 'luminous intensity',
};

const BASE_NAMES: Readonly<Record<string, string>> = {
  M: 'mass',
  L: 'length',
  T: 'time',
  N: 'amount of substance',
  EQ: 'equivalents',
  Q: 'charge',
  K: 'temperature',
  A: 'angle',
  J: 'luminous intensity',
};

/**
 * A readable label for a dimension key, for messages: "count per volume", "mass",
 * "catalytic activity per volume", "[iU] per volume". Known combinations have fixed
 * labels; others are composed from the positive part "per" the negative part.
 */
export function dimensionLabel(dimension: string): string {
  const known = DIMENSION_LABELS[dimension];
  if (known) return known;
  // A kind with a ratio: "mass per mass", "mass per mass per time", "speed (area per area)".
  const kind = /^(?:(.*)\.)?\((.+)\/\2\)$/.exec(dimension);
  if (kind) {
    const part = dimensionLabel(kind[2]!);
    const ratio = `${part} per ${part}`;
    const rest = kind[1];
    if (rest === undefined) return ratio;
    const restLabel = dimensionLabel(rest);
    if (rest.split('.').every((t) => /-\d+$/.test(t))) return `${ratio} ${restLabel.replace(/^rate \(per time\)$/, 'per time')}`;
    return `${restLabel} (${ratio})`;
  }
  const terms = dimension.split('.').map((t) => {
    const m = /^(.*?)(-?\d+)$/.exec(t);
    return m ? { symbol: m[1]!, exp: Number(m[2]) } : { symbol: t, exp: 1 };
  });
  const termName = (t: { symbol: string; exp: number }): string => {
    const e = Math.abs(t.exp);
    if (t.symbol.startsWith('[')) return `${t.symbol} units${e === 1 ? '' : `^${e}`}`;
    const single = DIMENSION_LABELS[`${t.symbol}${e}`];
    if (single) return single;
    const name = BASE_NAMES[t.symbol] ?? t.symbol;
    return e === 1 ? name : `${name}^${e}`;
  };
  const positive = terms.filter((t) => t.exp > 0);
  const negative = terms.filter((t) => t.exp < 0);
  const positiveKey = positive.map((t) => `${t.symbol}${t.exp}`).join('.');
  const num = DIMENSION_LABELS[positiveKey] ?? positive.map(termName).join(' × ');
  const per = negative.map((t) => `per ${termName(t)}`).join(' ');
  if (num === '') return per;
  return per === '' ? num : `${num} ${per}`;
}

// ---------------------------------------------------------------------------------------
// Expression structure (UCUM's grammar, flattened)

/** One factor of a flattened UCUM expression: `atom^exp`. */
interface Component {
  /** A simple unit with its prefix (`mg`, `10*`, `[iU]`, `m[iU]`), an annotation (`{cells}`) or an integer. */
  readonly atom: string;
  readonly exp: number;
}

/**
 * Flattens a UCUM expression into components. `.` and `/` are left-associative with equal
 * precedence (`mg/kg/d` = (mg/kg)/d), parentheses group, exponents are trailing signed
 * integers (`mm3`, `10*9`, `s-1`), square brackets are part of atoms. Returns undefined on
 * syntax errors; ucum-lhc remains the judge of validity.
 */
function flatten(code: string): Component[] | undefined {
  const out: Component[] = [];
  let i = 0;
  const fail = Symbol('fail');
  const term = (sign: number): void => {
    if (code[i] === '/') {
      i++;
      component(-sign);
    } else component(sign);
    while (i < code.length && (code[i] === '.' || code[i] === '/')) {
      const op = code[i++];
      component(op === '/' ? -sign : sign);
    }
  };
  const annotation = (sign: number): void => {
    const end = code.indexOf('}', i);
    if (end < 0) throw fail;
    out.push({ atom: code.slice(i, end + 1), exp: sign });
    i = end + 1;
  };
  const component = (sign: number): void => {
    if (code[i] === '(') {
      i++;
      term(sign);
      if (code[i] !== ')') throw fail;
      i++;
      if (code[i] === '{') annotation(sign);
      return;
    }
    if (code[i] === '{') {
      annotation(sign);
      return;
    }
    const end = simpleUnitEnd(code, i);
    if (end <= i) throw fail;
    const token = code.slice(i, end);
    i = end;
    if (/^\d+$/.test(token)) out.push({ atom: token, exp: sign });
    else {
      const [atom, exp] = splitExponent(token);
      out.push({ atom, exp: sign * exp });
    }
    if (code[i] === '{') annotation(sign);
  };
  try {
    term(1);
    if (i !== code.length) return undefined;
  } catch (e) {
    if (e === fail) return undefined;
    throw e;
  }
  return out;
}

function isAnnotation(atom: string): boolean {
  return atom.startsWith('{');
}

function isInteger(atom: string): boolean {
  return /^\d+$/.test(atom);
}

/** Renders components as a UCUM expression: numerator atoms joined by `.`, then `/atom` for each denominator atom. */
function render(components: readonly Component[]): string {
  const piece = (c: Component, e: number): string => {
    if (e === 1) return c.atom;
    if (isAnnotation(c.atom) || isInteger(c.atom)) return Array(e).fill(c.atom).join('.');
    return `${c.atom}${e}`;
  };
  const numerator = components.filter((c) => c.exp > 0).map((c) => piece(c, c.exp));
  const denominator = components.filter((c) => c.exp < 0).map((c) => piece(c, -c.exp));
  if (numerator.length === 0 && denominator.length === 0) return '1';
  let text = numerator.join('.');
  for (const d of denominator) text += `/${/\./.test(d.replace(/\{[^}]*\}|\[[^\]]*\]/g, '')) ? `(${d})` : d}`;
  return text;
}

// ---------------------------------------------------------------------------------------
// Atoms

interface AtomInfo {
  readonly factor: Rational;
  readonly vector: readonly number[];
  /** Arbitrary unit key ([IU] is defined as [iU], so both map to [iU]). */
  readonly arbitraryKey?: string;
  readonly name: string;
}

type AtomResult = { ok: true; atom: AtomInfo } | { ok: false; reason: string };

const atomCache = new Map<string, AtomResult>();

const ATOM_NAMES: Readonly<Record<string, string>> = {
  L: 'liter',
  l: 'liter',
  '%': 'percent',
  K: 'kelvin',
  '[iU]': 'international unit',
  '[IU]': 'international unit',
  U: 'enzyme unit',
  mo: 'month',
  a: 'year',
  wk: 'week',
};

function cleanName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const text = name.replace(/\s+/g, ' ').trim();
  if (text === '' || /[<>[\]{}*/^]/.test(text)) return undefined;
  return text
    .replace(/ - .*$/, '')
    .replace(/Liters?\b/g, 'liter');
}

function zeroVector(): number[] {
  return Array<number>(VECTOR_LENGTH).fill(0);
}

function vectorOf(u: UcumUnit): number[] {
  const v = zeroVector();
  const dims = u.dim_?.dimVec_ ?? [];
  for (let k = 0; k < 7; k++) v[k] = dims[k] ?? 0;
  v[7] = u.moleExp_ ?? 0;
  v[8] = u.equivalentExp_ ?? 0;
  return v;
}

/** Magnitude relative to the coherent base with mol (and eq) as base units rather than 6.0221367e23. */
function baseMagnitude(u: UcumUnit): number {
  const avogadroPower = (u.moleExp_ ?? 0) + (u.equivalentExp_ ?? 0);
  return avogadroPower === 0 ? u.magnitude_ : u.magnitude_ / 6.0221367e23 ** avogadroPower;
}

function specialReason(code: string, u: UcumUnit): string | undefined {
  if (!u.isSpecial_ && !u.cnv_) return undefined;
  const name = cleanName(u.name_);
  return `${code}${name ? ` (${name})` : ''} is a special unit with an offset or a non-linear scale; Vigil converts units only by exact factors`;
}

/**
 * UCUM allows prefixes on metric units only; ucum-lhc also reads `dd` as a deciday and
 * `kh` as a kilohour. A prefixed non-metric time unit is refused (`cd`, `Pa` and `ph` are
 * the candela, the pascal and the phot).
 */
const PREFIXED_TIME = /^(?:da|[YZEPTGMkhdcmunpfazy])(?:min|h|d|wk|mo|a)$/;
const NOT_PREFIXED = new Set(['cd', 'Pa', 'ph']);

function atomInfo(atom: string): AtomResult {
  const cached = atomCache.get(atom);
  if (cached) return cached;
  let result: AtomResult;
  if (PREFIXED_TIME.test(atom) && !NOT_PREFIXED.has(atom)) {
    result = { ok: false, reason: `${atom} puts a prefix on a unit of time that UCUM does not allow prefixes on (min, h, d, wk, mo, a)` };
  } else if (isInteger(atom)) {
    result = { ok: true, atom: { factor: Rational.of(BigInt(atom)), vector: zeroVector(), name: atom } };
  } else if (isAnnotation(atom)) {
    result = { ok: true, atom: { factor: Rational.ONE, vector: zeroVector(), name: atom.slice(1, -1) } };
  } else {
    const s = specified(atom);
    const u = s.unit;
    if (s.status !== 'valid' || !u) {
      result = { ok: false, reason: ucumMessage(s) || `${atom} is not a UCUM unit` };
    } else {
      const special = specialReason(atom, u);
      const factor = special ? undefined : exactFactorFromDouble(baseMagnitude(u));
      if (special) result = { ok: false, reason: special };
      else if (!factor)
        result = {
          ok: false,
          reason: `${atom} has no exact conversion factor (it is defined through an irrational or over-long constant)`,
        };
      else {
        const bracket = /\[[^\]]*\]/.exec(atom)?.[0];
        const arbitraryKey = u.isArbitrary_ ? (bracket === '[IU]' ? '[iU]' : (bracket ?? atom)) : undefined;
        const name = ATOM_NAMES[atom] ?? cleanName(u.name_) ?? atom;
        result = {
          ok: true,
          atom: arbitraryKey ? { factor, vector: vectorOf(u), arbitraryKey, name } : { factor, vector: vectorOf(u), name },
        };
      }
    }
  }
  atomCache.set(atom, result);
  return result;
}

// ---------------------------------------------------------------------------------------
// Units

const unitCache = new Map<string, ParseUnitResult>();

/**
 * Parses and validates a UCUM code. Valid results carry an exact factor to the coherent
 * base; special units (Cel, [degF], [pH], B, …), codes ucum-lhc would rewrite (`Gauss`
 * → `G`) and units without an exact factor are refused with a reason. Cached.
 */
export function parseUnit(code: string): ParseUnitResult {
  const cached = unitCache.get(code);
  if (cached) return cached;
  const result = parseUncached(code);
  unitCache.set(code, result);
  return result;
}

/** The longest unit code analysed: clinical units are a few characters long. */
export const MAX_UNIT_CODE_LENGTH = 100;
/**
 * The largest exponent in a unit (`10*12`, `m3`, `s-1`): beyond it the exact factor (10^N
 * as a big integer) would cost seconds and gigabytes (`10*100000000`) or not fit at all,
 * and no clinical unit comes near it.
 */
export const MAX_UNIT_EXPONENT = 99;

/** Limits checked before any analysis, so that a unit typed in an editor never stalls it. */
function limitReason(code: string): string | undefined {
  if (code.length > MAX_UNIT_CODE_LENGTH) return `the unit is ${code.length} characters long, over the limit of ${MAX_UNIT_CODE_LENGTH}`;
  const components = flatten(code);
  for (const c of components ?? []) {
    if (Math.abs(c.exp) > MAX_UNIT_EXPONENT) return `"${code}" has the exponent ${Math.abs(c.exp)}, over the limit of ${MAX_UNIT_EXPONENT}`;
  }
  return undefined;
}

function parseUncached(code: string): ParseUnitResult {
  if (code === '') return { ok: false, reason: 'empty unit' };
  if (/\s/.test(code)) return { ok: false, reason: `"${code}" contains a space; UCUM codes have none` };
  const limit = limitReason(code);
  if (limit) return { ok: false, reason: limit };
  const s = specified(code);
  const u = s.unit;
  if (s.status !== 'valid' || !u) {
    const message = ucumMessage(s);
    return { ok: false, reason: message ? `"${code}" is not a valid UCUM unit: ${message}` : `"${code}" is not a valid UCUM unit` };
  }
  const prefixed = flatten(code)?.find((c) => PREFIXED_TIME.test(c.atom) && !NOT_PREFIXED.has(c.atom));
  if (prefixed) return { ok: false, reason: `"${code}" is not a valid UCUM unit: ${prefixed.atom} puts a prefix on a unit of time that takes none (min, h, d, wk, mo, a)` };
  const special = specialReason(code, u);
  if (special) return { ok: false, reason: special };
  const components = flatten(code);
  if (!components) return { ok: false, reason: `"${code}" could not be analysed as a UCUM expression` };

  let factor = Rational.ONE;
  const vector = zeroVector();
  const arbitrary = new Map<string, number>();
  for (const c of components) {
    const a = atomInfo(c.atom);
    if (!a.ok) return { ok: false, reason: a.reason };
    // A zero factor ("/0", "0.mg") measures nothing and cannot be divided by.
    if (a.atom.factor.isZero()) return { ok: false, reason: `"${code}" has a factor of zero` };
    factor = factor.mul(a.atom.factor.pow(c.exp));
    for (let k = 0; k < VECTOR_LENGTH; k++) vector[k]! += a.atom.vector[k]! * c.exp;
    if (a.atom.arbitraryKey) arbitrary.set(a.atom.arbitraryKey, (arbitrary.get(a.atom.arbitraryKey) ?? 0) + c.exp);
  }

  // Cross-check the analysis against ucum-lhc's own reading of the whole expression.
  const expected = vectorOf(u);
  const magnitude = baseMagnitude(u);
  const relative = Math.abs(factor.toNumber() - magnitude) / Math.abs(magnitude);
  if (expected.some((e, k) => e !== vector[k]) || !(relative <= 1e-12)) {
    return { ok: false, reason: `"${code}" could not be analysed consistently with its UCUM definition` };
  }

  const kind = kindOfCode(code, atomDims);
  if (!kind) return { ok: false, reason: `"${code}" could not be analysed as a UCUM expression` };
  const unit: UnitInfo = {
    code,
    name: nameOf(code, components),
    dimension: kindKey(dimensionKey(vector, arbitrary), kind.ratio),
    vector,
    factor,
    arbitrary: [...arbitrary.values()].some((e) => e !== 0),
  };
  return { ok: true, unit };
}

function resolve(unit: UnitInfo | string): UnitInfo | undefined {
  if (typeof unit !== 'string') return unit;
  const r = parseUnit(unit);
  return r.ok ? r.unit : undefined;
}

function mustParse(unit: UnitInfo | string): UnitInfo {
  if (typeof unit !== 'string') return unit;
  const r = parseUnit(unit);
  if (!r.ok) throw new Error(r.reason);
  return r.unit;
}

/** Whether two units measure the same dimension (invalid codes are commensurable with nothing). */
export function commensurable(a: UnitInfo | string, b: UnitInfo | string): boolean {
  const x = resolve(a);
  const y = resolve(b);
  return x !== undefined && y !== undefined && x.dimension === y.dimension;
}

/**
 * The exact factor k with value_in_to = value_in_from × k, or undefined when the units are
 * incommensurable or either is invalid. E.g. /uL → 10*9/L is 1/1000.
 */
export function conversionFactor(from: UnitInfo | string, to: UnitInfo | string): Rational | undefined {
  const f = resolve(from);
  const t = resolve(to);
  if (!f || !t || f.dimension !== t.dimension) return undefined;
  return f.factor.div(t.factor);
}

/** Converts an exact value between commensurable units; undefined when they are not. */
export function convertExact(value: Rational, from: UnitInfo | string, to: UnitInfo | string): Rational | undefined {
  const k = conversionFactor(from, to);
  return k && value.mul(k);
}

function isSimpleCode(code: string): boolean {
  const c = flatten(code);
  return c !== undefined && c.length === 1 && c[0]!.exp === 1 && !/[./()]/.test(code.replace(/\[[^\]]*\]|\{[^}]*\}/g, ''));
}

function wrap(code: string): string {
  if (code.startsWith('/')) return `(1${code})`;
  return isSimpleCode(code) ? code : `(${code})`;
}

/** The product unit, coded `a.b` with compound operands in parentheses, e.g. `(mg/kg/d).kg`. Throws on invalid codes. */
export function multiplyUnits(a: UnitInfo | string, b: UnitInfo | string): UnitInfo {
  const x = mustParse(a);
  const y = mustParse(b);
  if (x.code === '1') return y;
  if (y.code === '1') return x;
  return mustParse(`${wrap(x.code)}.${wrap(y.code)}`);
}

/** The quotient unit, coded `a/b` with compound operands in parentheses, e.g. `mg/(mg/dL)`. Throws on invalid codes. */
export function divideUnits(a: UnitInfo | string, b: UnitInfo | string): UnitInfo {
  const x = mustParse(a);
  const y = mustParse(b);
  if (y.code === '1') return x;
  // Parentheses make both sides quantities, so that kg/kg of the same kind is a number
  // (kinds.ts), where a written `kg/kg` would be a mass ratio.
  if (x.dimension === y.dimension) return mustParse(`(${x.code.startsWith('/') ? `1${x.code}` : x.code})/(${y.code.startsWith('/') ? `1${y.code}` : y.code})`);
  return mustParse(`${wrap(x.code)}/${wrap(y.code)}`);
}

/** An integer power of a unit (`m` → `m2`; compound units are multiplied out). Throws on invalid codes. */
export function powerUnit(a: UnitInfo | string, exponent: number): UnitInfo {
  if (!Number.isInteger(exponent)) throw new RangeError('powerUnit: the exponent must be an integer');
  const x = mustParse(a);
  if (exponent === 0) return mustParse('1');
  if (exponent === 1) return x;
  const c = flatten(x.code);
  if (c && c.length === 1 && !isAnnotation(c[0]!.atom) && !isInteger(c[0]!.atom)) {
    return mustParse(render([{ atom: c[0]!.atom, exp: c[0]!.exp * exponent }]));
  }
  let result = x;
  for (let k = 1; k < Math.abs(exponent); k++) result = multiplyUnits(result, x);
  return exponent < 0 ? divideUnits('1', result) : result;
}

/**
 * A readable code for the same unit: the result always has the same dimension and the
 * same factor as `info` (converting between them is multiplying by exactly 1), so it can
 * replace `info` without rescaling. The rule, first match wins:
 *  1. the first hint that is the same unit (e.g. the declared unit of a fact);
 *  2. the expression with its atoms cancelled: equal atoms are combined, and atoms of
 *     opposite sign that are the same unit cancel (`[IU]` and `[iU]`, or whole powers
 *     such as `mL` and `cm3`), e.g. `(mg/kg/d).kg` → `mg/d`, `(mg/dL).dL` → `mg`,
 *     `(10*9/L)/(10*9/L)` → `1`. Atoms are never converted, so no factor appears;
 *  3. `info` itself.
 */
export function simplifyUnit(info: UnitInfo, hints: readonly string[] = []): UnitInfo {
  for (const hint of hints) {
    const h = resolve(hint);
    if (h && h.dimension === info.dimension && h.factor.eq(info.factor)) return h;
  }
  const components = flatten(info.code);
  if (!components) return info;
  const merged: { atom: string; exp: number }[] = [];
  for (const c of components) {
    const same = merged.find((m) => m.atom === c.atom);
    if (same) same.exp += c.exp;
    else merged.push({ atom: c.atom, exp: c.exp });
  }
  // Cancel distinct atoms that are the same unit: [IU] against [iU] (power by power), or
  // whole powers such as mL against cm3.
  const sameUnit = (x: AtomInfo, ex: number, y: AtomInfo, ey: number): boolean =>
    x.arbitraryKey === y.arbitraryKey &&
    x.factor.pow(ex).eq(y.factor.pow(ey)) &&
    x.vector.every((e, k) => e * ex === y.vector[k]! * ey);
  for (const m of merged) {
    for (const n of merged) {
      if (m.exp === 0) break;
      if (n === m || n.exp === 0 || Math.sign(n.exp) === Math.sign(m.exp)) continue;
      const a = atomInfo(m.atom);
      const b = atomInfo(n.atom);
      if (!a.ok || !b.ok) continue;
      if (sameUnit(a.atom, 1, b.atom, 1)) {
        const k = Math.min(Math.abs(m.exp), Math.abs(n.exp));
        m.exp -= Math.sign(m.exp) * k;
        n.exp -= Math.sign(n.exp) * k;
      } else if (sameUnit(a.atom, Math.abs(m.exp), b.atom, Math.abs(n.exp))) {
        m.exp = 0;
        n.exp = 0;
      }
    }
  }
  const kept = merged.filter((m) => m.exp !== 0 && m.atom !== '1');
  // Only a rewrite that removed something is simpler; otherwise keep the code as written.
  if (kept.length >= components.filter((c) => c.atom !== '1').length) return info;
  const code = render(kept);
  const r = resolve(code);
  if (r && r.dimension === info.dimension && r.factor.eq(info.factor)) return r;
  return info;
}

// ---------------------------------------------------------------------------------------
// Names

const TEN_POWER_NAMES: Readonly<Record<number, string>> = {
  1: 'ten',
  2: 'hundred',
  3: 'thousand',
  6: 'million',
  9: 'billion',
  12: 'trillion',
};

const UNIT_NAMES: Readonly<Record<string, string>> = {
  '1': 'unity',
  '%': 'percent',
  '/uL': 'per microliter',
  '/mm3': 'per cubic millimeter',
  '/L': 'per liter',
};

function componentName(c: Component, exp: number): string {
  if (c.atom === '10*' || c.atom === '10^') {
    const e = c.exp < 0 ? -exp : exp;
    return TEN_POWER_NAMES[e] ?? `10^${e}`;
  }
  const a = atomInfo(c.atom);
  const base = a.ok ? a.atom.name : c.atom;
  if (exp === 1) return base;
  if (exp === 2) return `square ${base}`;
  if (exp === 3) return `cubic ${base}`;
  return `${base}^${exp}`;
}

function nameOf(code: string, components: readonly Component[]): string {
  const fixed = UNIT_NAMES[code];
  if (fixed) return fixed;
  const numerator = components.filter((c) => c.exp > 0).map((c) => componentName(c, c.exp));
  const denominator = components
    .filter((c) => c.exp < 0 && !(c.atom === '10*' || c.atom === '10^'))
    .map((c) => componentName(c, -c.exp));
  const negativeTens = components.filter((c) => c.exp < 0 && (c.atom === '10*' || c.atom === '10^'));
  const parts = [...negativeTens.map((c) => componentName(c, -c.exp)), ...numerator];
  let text = parts.join(' ');
  for (const d of denominator) text += `${text === '' ? '' : ' '}per ${d}`;
  return text === '' ? 'unity' : text;
}

/** A human name for hovers, e.g. "billion per liter", "milligram per kilogram per day"; the code itself when invalid. */
export function describeUnit(code: string): string {
  const r = parseUnit(code);
  return r.ok ? r.unit.name : code;
}
