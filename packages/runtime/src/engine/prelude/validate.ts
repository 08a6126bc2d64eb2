// The prelude's boundary: the evaluation time, and the validation of input facts against
// the generated specs (`$SPECS`), value by value, with messages that name what was wrong.
// Checkers return the normalised value, or `$BAD` with the message in `$err`.
//
// Everything below the engine-text line is copied into generated engines with its types
// erased (scripts/gen-engine-text.mjs).
import type { FactIssue } from '../../types.js';
import { $daysFromCivil, $iso } from './iso.js';
import { $decToRat, $exact, $hop, $MAX_ISSUES, $MAX_NUMBER_TEXT, $MAX_SET, $MAX_TEXT, $rat, $rcmp, $rmul, $toNum, type Rat, type ReadonlyRat } from './numbers.js';

/** What the boundary may be given: anything; objects are read by key (a quantity's `value` and `unit`). */
export type Input = string | number | boolean | bigint | symbol | null | undefined | InputObject;
/** A quantity as $quantity0 accepts it. */
export type QuantityInput = string | number | InputObject;
export interface InputObject {
  readonly [key: string]: unknown;
  readonly value?: unknown;
  readonly unit?: unknown;
}
/** A checked value: a boolean, a text, a code, an enum member, epoch milliseconds, a quantity in its fact's unit. */
export type Value = boolean | string | number;
/** The marker a checker returns on failure (the message is in `$err`). */
export type Bad = Record<string, never>;

/**
 * A quantity fact's spec: its unit; the accepted units, each with null (the fact's unit) or
 * [num, den, fm, fe]: the exact factor as integer strings, and fm x 10^fe the same factor
 * when it is a short decimal (fm 0 otherwise); the list for messages; and the plausible
 * range, when declared or defaulted: each bound's nearest double (lo, hi) and exact value
 * (lx, hx), its text (rt), and whether it was declared (rd).
 */
export interface QuantitySpec {
  readonly k: 'quantity';
  readonly unit: string;
  readonly units: ReadonlyMap<string, readonly [string, string, number, number] | null>;
  readonly list: string;
  readonly lo?: number;
  readonly lx?: ReadonlyRat;
  readonly hi?: number;
  readonly hx?: ReadonlyRat;
  readonly rt?: string;
  readonly rd?: boolean;
  /** The constants the input is compared with, exact, in its unit; null when it has other uses (see $held). */
  readonly th: readonly ReadonlyRat[] | null;
}
export type Spec =
  | { readonly k: 'boolean' | 'text' | 'code' }
  | { readonly k: 'date'; readonly what: string; readonly example: string }
  | { readonly k: 'enum'; readonly values: readonly string[]; readonly set: ReadonlySet<string> }
  | QuantitySpec;
export type InputSpec = Spec | { readonly k: 'set'; readonly element: Spec };

// ---- engine text
// Batches pass the same evaluation time as text for every record: parse it once.
let $nowText: string | null = null;
let $nowTextMs = NaN;
export function $now(options: { readonly now?: unknown } | null | undefined): number {
  const n = options == null ? undefined : options.now;
  if (n === undefined || n === null) return Date.now();
  let ms = NaN;
  if (n instanceof Date) ms = n.getTime();
  else if (typeof n === 'number') ms = n;
  else if (typeof n === 'string') {
    if (n !== $nowText) {
      $nowTextMs = $iso(n);
      $nowText = n;
    }
    ms = $nowTextMs;
  }
  if (!Number.isFinite(ms)) throw new RangeError('options.now must be a valid Date, ISO 8601 string or epoch milliseconds');
  return Math.floor(ms);
}

// ---- validation at the boundary

export class FactsError extends Error {
  declare issues: readonly FactIssue[];
  constructor(issues: readonly FactIssue[]) {
    const shown = issues.slice(0, 5).map((i) => (i.path === '' ? '' : i.path + ': ') + i.message);
    super('Invalid facts: ' + shown.join('; ') + (issues.length > 5 ? '; and ' + (issues.length - 5) + ' more' : ''));
    this.name = 'FactsError';
    this.issues = issues;
  }
}

export function $typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  const t = typeof v;
  if (t === 'number') return Number.isNaN(v as number) ? 'NaN' : Number.isFinite(v) ? 'a number' : String(v);
  if (t === 'string') return 'a string';
  if (t === 'boolean') return 'a boolean';
  if (t === 'object') return 'an object';
  return t;
}

export function $show(s: string): string {
  const t = s.length > 60 ? s.slice(0, 60) + '...' : s;
  return JSON.stringify(t);
}

export function $edit(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Infinity;
  let prev: number[] = [];
  for (let j = 0; j <= b.length; j++) prev.push(j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const c = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + c));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

export function $suggest(key: string, names: Iterable<string>): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  const lower = key.toLowerCase();
  for (const n of names) {
    const d = $edit(lower, n.toLowerCase());
    if (d < bestD) { best = n; bestD = d; }
  }
  const limit = Math.max(1, Math.floor(key.length / 3));
  return best !== null && bestD <= limit ? best : null;
}

// Checkers return the normalised value, or $BAD with the message in $err (no result objects).
export const $BAD: Bad = {};
export let $err = '';
export function $fail(message: string): Bad { $err = message; return $BAD; }

/** End of the number at index i of s (the syntax [+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?), or -1. */
export function $numEnd(s: string, i: number): number {
  let c = s.charCodeAt(i);
  if (c === 43 || c === 45) c = s.charCodeAt(++i);
  let digits = 0;
  while (c >= 48 && c <= 57) { digits++; c = s.charCodeAt(++i); }
  if (c === 46) {
    c = s.charCodeAt(++i);
    let frac = 0;
    while (c >= 48 && c <= 57) { frac++; c = s.charCodeAt(++i); }
    if (digits === 0 && frac === 0) return -1;
  } else if (digits === 0) return -1;
  if (c === 101 || c === 69) {
    let j = i + 1;
    let d = s.charCodeAt(j);
    if (d === 43 || d === 45) d = s.charCodeAt(++j);
    if (d >= 48 && d <= 57) {
      while (d >= 48 && d <= 57) d = s.charCodeAt(++j);
      i = j;
    }
  }
  return i;
}

/**
 * The double nearest to decimal(s) x fm x 10^fe, for a decimal text s of at most 15
 * digits whose integer product with fm has at most 15 digits: the product is exact, and so
 * is the double Number() of its text gives (it stands for that decimal: 15 significant
 * digits, normal range). NaN when s is outside that case (the caller then uses BigInt).
 */
export function $scaleDec(s: string, fm: number, fe: number): number {
  let i = 0;
  let neg = false;
  let m = 0;
  let digits = 0;
  let frac = 0;
  let exp = 0;
  let dot = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45) { neg = true; i = 1; } else if (c0 === 43) i = 1;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (dot) frac++;
      if (m === 0 && c === 48) continue;
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 46 && !dot) dot = true;
    else if (c === 101 || c === 69) { exp = Number(s.slice(i + 1)); break; }
    else return NaN;
  }
  if (digits > 15 || !Number.isInteger(exp)) return NaN;
  if (m === 0) return 0;
  const e = exp - frac + fe;
  const p = m * fm;
  if (e > 280 || e < -280 || p > 999999999999999) return NaN;
  return Number((neg ? '-' : '') + p + 'e' + e);
}

/**
 * A quantity in its fact's unit, checked against the fact's plausible range (spec.lo/lx,
 * spec.hi/hx: each bound's nearest double and exact value; spec.rt its text). Rounding to
 * the nearest double keeps order, so the double decides unless it equals a bound's double;
 * then the exact value of the input does.
 */
export function $quantity(v: QuantityInput, spec: QuantitySpec): number | Bad {
  const x = $quantity0(v, spec);
  if (typeof x !== 'number' || spec.lo === undefined) return x;
  let below = x < spec.lo, above = spec.hi !== undefined && x > spec.hi;
  if (x === spec.lo || x === spec.hi) {
    const r = $quantityRat(v, spec);
    if (r !== null) { below = $rcmp(r, spec.lx!) < 0; above = spec.hi !== undefined && $rcmp(r, spec.hx!) > 0; }
  }
  if (!below && !above) return x;
  // The value as given, with its value in the fact's unit when it was given in another.
  const u = (t: string) => (t === '1' || t === '' ? '' : ' ' + t);
  const given = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : String(v.value).trim() + (typeof v.unit === 'string' ? u(v.unit.trim()) : '');
  const unit = given.slice($numEnd(given, 0)).trim();
  const shown = unit === '' || unit === spec.unit ? given + (unit === '' ? u(spec.unit) : '') : given + ' (' + String(x) + u(spec.unit) + ')';
  if (!spec.rd) return $fail(shown + ' is negative; a quantity is never negative unless its fact declares a range that allows it');
  return $fail(shown + ' is outside the plausible range ' + spec.rt);
}

/** The exact value of an input already accepted by $quantity0, in the spec's unit (null when it cannot be read). */
export function $quantityRat(v: QuantityInput, spec: QuantitySpec): Rat | null {
  let num: string, unit = '';
  if (typeof v === 'number') num = String(v);
  else if (typeof v === 'string') {
    const t = v.trim();
    const e = $numEnd(t, 0);
    num = t.slice(0, e);
    unit = t.slice(e).trim();
  } else {
    num = String(v.value).trim();
    if (typeof v.unit === 'string') unit = v.unit.trim();
  }
  const f = spec.units.get(unit === '' ? spec.unit : unit);
  const r = $decToRat(num);
  if (r === null || f === undefined) return null;
  return f === null ? r : [r[0] * BigInt(f[0]), r[1] * BigInt(f[1])];
}

/** A quantity spec: { unit, units: Map(unit -> null | [num, den, fm, fe]), list }: [num, den] the exact factor as integer strings, fm x 10^fe the same factor when it is a short decimal (fm 0 otherwise). The value in spec.unit, or $BAD. */
export function $quantity0(v: Input, spec: QuantitySpec): number | Bad {
  let num: number | string, unit = '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return $fail('expected a finite number, got ' + String(v));
    num = v;
  } else if (typeof v === 'string') {
    if (v.length > $MAX_NUMBER_TEXT) return $fail('the quantity text is too long');
    const t = v.trim();
    const e = $numEnd(t, 0);
    if (e < 0) return $fail('expected a quantity like "2.5 ' + spec.unit + '", got ' + $show(v));
    if (e === t.length) num = t;
    else { num = t.slice(0, e); unit = t.slice(e).trim(); }
  } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    let extra: string | null = null;
    for (const k in v) { if ($hop.call(v, k) && k !== 'value' && k !== 'unit') { extra = k; break; } }
    if (extra !== null) return $fail('unexpected key ' + $show(extra) + ' in a quantity; expected { "value": number, "unit": string }');
    const val = v.value;
    if (typeof val === 'number') {
      if (!Number.isFinite(val)) return $fail('expected a finite number as value, got ' + String(val));
      num = val;
    } else if (typeof val === 'string' && val.length <= $MAX_NUMBER_TEXT && /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(val)) {
      num = val.trim();
    } else return $fail('expected a number as value, got ' + $typeName(val));
    if (v.unit !== undefined && v.unit !== null) {
      if (typeof v.unit !== 'string') return $fail('expected a string as unit, got ' + $typeName(v.unit));
      unit = v.unit.trim();
    }
  } else {
    return $fail('expected a quantity in ' + spec.unit + ' (a number, a string like "2.5 ' + spec.unit + '" or { "value": 2.5, "unit": "' + spec.unit + '" }), got ' + $typeName(v));
  }
  if (unit === '') unit = spec.unit;
  const f = spec.units.get(unit);
  if (f === undefined) return $fail('unit ' + $show(unit) + ' is not accepted; accepted units: ' + spec.list);
  if (typeof num === 'string') {
    const d = Number(num);
    if (!Number.isFinite(d)) return $fail('expected a finite number, got ' + $show(num));
    // At most 15 digits and no exponent: a decimal the double stands for exactly.
    if (f === null && num.length <= 15 && num.indexOf('e') < 0 && num.indexOf('E') < 0) return d;
    if (f !== null && f[2] !== 0) { const x = $scaleDec(num, f[2], f[3]); if (x === x) return x; }
    const r = $decToRat(num);
    if (r === null) return $fail('the exponent of ' + $show(num) + ' is out of range');
    return $held(f === null ? r : [r[0] * BigInt(f[0]), r[1] * BigInt(f[1])], num, unit, spec);
  }
  // A number stands for its shortest decimal: exact in the fact's unit.
  if (f === null) return num;
  if (f[2] !== 0) { const x = $scaleDec(String(num), f[2], f[3]); if (x === x) return x; }
  return $held($rmul($rat(num), [BigInt(f[0]), BigInt(f[1])]), String(num), unit, spec);
}

/** The digits of s from i to j as a number, or NaN when one is not an ASCII digit. */
function $digits(s: string, i: number, j: number): number {
  let n = 0;
  for (; i < j; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * $iso for the two common forms, YYYY-MM-DD and YYYY-MM-DDThh:mm:ssZ, read without a
 * regular expression or match strings; the same milliseconds as $iso. (Here rather than in
 * iso.ts: only the validator needs it, and zod schema modules embed iso.ts.) NaN for any other
 * text, valid or not: the caller then asks $iso.
 */
export function $isoFast(s: string): number {
  const n = s.length;
  if ((n !== 10 && n !== 20) || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y = $digits(s, 0, 4), mo = $digits(s, 5, 7), d = $digits(s, 8, 10);
  if (!(mo >= 1 && mo <= 12 && d >= 1)) return NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31)) return NaN;
  const day = $daysFromCivil(y, mo, d) * 86400000;
  if (n === 10) return day;
  const t = s.charCodeAt(10), z = s.charCodeAt(19);
  if ((t !== 84 && t !== 116 && t !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || (z !== 90 && z !== 122)) return NaN;
  const h = $digits(s, 11, 13), mi = $digits(s, 14, 16), se = $digits(s, 17, 19);
  if (!(h <= 23 && mi <= 59 && se <= 59)) return NaN;
  return day + ((h * 60 + mi) * 60 + se) * 1000;
}

/**
 * The common quantity text, read without building intermediate strings: a decimal of at
 * most 15 significant digits without exponent, optional spaces, an accepted unit (ASCII,
 * no surrounding whitespace) whose factor is null or a short decimal fm x 10^fe, the
 * value strictly inside (lo, hi). Returns the double $quantity gives for it, computed as
 * the correctly rounded product or quotient of two exact doubles (an integer below 2^53
 * and a power of ten up to 10^22), which is the double Number() reads from the decimal
 * text $quantity0 and $scaleDec build. NaN for every other input: $quantity decides it
 * (and writes its message).
 */
export function $qfast(s: string, units: QuantitySpec['units'], own: string, lo: number, hi: number): number {
  const n = s.length;
  if (n === 0 || n > 40) return NaN;
  let i = 0;
  let c = s.charCodeAt(0);
  const neg = c === 45;
  if (neg || c === 43) i = 1;
  let m = 0, digits = 0, frac = 0, seen = 0, dot = false;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      seen++;
      if (dot) frac++;
      if (m === 0 && c === 48) continue;
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (seen === 0 || digits > 15) return NaN;
  const end = i;
  // An exponent, or whitespace other than spaces, or anything outside printable ASCII at the
  // end: the general path.
  if (c === 101 || c === 69) return NaN;
  const last = s.charCodeAt(n - 1);
  if (last <= 32 || last >= 127) return NaN;
  let f: readonly [string, string, number, number] | null | undefined;
  if (end === n) f = units.get(own);
  else {
    while (i < n && s.charCodeAt(i) === 32) i++;
    c = s.charCodeAt(i);
    if (c <= 32 || c >= 127) return NaN;
    f = units.get(s.slice(i));
  }
  let x: number;
  if (f === undefined) return NaN;
  if (f === null) {
    // $quantity0 reads Number(text) when the number's text has at most 15 characters.
    if (end > 15) return NaN;
    x = m / $TEN[frac]!;
    if (neg) x = -x;
  } else {
    // $scaleDec: m x fm x 10^(fe - frac), zero for a zero mantissa.
    const fm = f[2];
    if (fm === 0) return NaN;
    if (m === 0) x = 0;
    else {
      const p = m * fm, e = f[3] - frac;
      if (p > 999999999999999 || e > 22 || e < -22) return NaN;
      x = e >= 0 ? p * $TEN[e]! : p / $TEN[-e]!;
      if (neg) x = -x;
    }
  }
  return x > lo && x < hi ? x : NaN;
}

/**
 * The common quantity object, { value: a finite number, unit: an accepted unit without
 * surrounding whitespace } with no other enumerable key, strictly inside (lo, hi): the double
 * $quantity gives (the same reading of the value: $scaleDec of its shortest decimal when the
 * unit's factor is a short decimal). NaN for every other input: $quantity decides it.
 */
export function $qobj(v: InputObject, units: QuantitySpec['units'], own: string, lo: number, hi: number): number {
  if (Array.isArray(v)) return NaN;
  for (const k in v) if (k !== 'value' && k !== 'unit') return NaN;
  const val = v.value, u = v.unit;
  if (typeof val !== 'number') return NaN;
  let f: readonly [string, string, number, number] | null | undefined;
  if (u === undefined || u === null) f = units.get(own);
  else {
    if (typeof u !== 'string' || u.length === 0) return NaN;
    const a = u.charCodeAt(0), b = u.charCodeAt(u.length - 1);
    if (a <= 32 || a >= 127 || b <= 32 || b >= 127) return NaN;
    f = units.get(u);
  }
  if (f === undefined) return NaN;
  let x: number;
  if (f === null) x = val;
  else if (f[2] === 0 || !Number.isFinite(val)) return NaN;
  else x = $scaleDec(String(val), f[2], f[3]);
  return x > lo && x < hi ? x : NaN;
}

/** 10^0 .. 10^22: the powers of ten doubles hold exactly. */
export const $TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * The double for an input whose exact value in the fact's unit is r: the nearest double,
 * when it stands for r exactly or when no constant the input is compared with (spec.th)
 * lies between r and it, so that rounding changes no result; otherwise $BAD, and the
 * input is refused (spec.th null: the input is used in arithmetic, a ratio or a dose).
 */
function $held(r: ReadonlyRat, num: string, unit: string, spec: QuantitySpec): number | Bad {
  const x = $toNum(r);
  const u = (t: string) => (t === '1' || t === '' ? '' : ' ' + t);
  // A finite number in its unit can overflow in the fact's (1.7e305 g/d in mg/d).
  if (!Number.isFinite(x)) return $fail($show(num + u(unit)) + ' is beyond the largest quantity the engine holds (about 1.8e308' + u(spec.unit) + ')');
  const c = $rcmp(r, $rat(x));
  if (c === 0) return x;
  const th = spec.th;
  let hit: ReadonlyRat | null = null;
  if (th !== null) {
    const lo = c < 0 ? r : $rat(x), hi = c < 0 ? $rat(x) : r;
    for (let i = 0; i < th.length && hit === null; i++) if ($rcmp(th[i]!, lo) >= 0 && $rcmp(th[i]!, hi) <= 0) hit = th[i]!;
    if (hit === null) return x;
  }
  return $fail($show(num + u(unit)) + (unit === spec.unit ? ' has' : ' is ' + $exact(r) + u(spec.unit) + ', which has') + ' more digits than the engine holds exactly (15 significant digits): rounded to ' + String(x) + u(spec.unit) + ', it could ' + (hit === null ? 'change a result computed from it' : 'compare differently with ' + $exact(hit) + u(spec.unit)) + '; give it exactly with at most 15 significant digits' + (unit === spec.unit ? '' : ' in ' + spec.unit));
}

const $CODE = /^(?:[A-Za-z_][A-Za-z0-9_]*|[A-Za-z][A-Za-z0-9_.-]*:[\s\S]+)$/;

/** Normalise a code term: a member name, or system:code with the system lower-cased. */
export function $code(v: Input): string | Bad {
  if (typeof v !== 'string') return $fail('expected a code (a term name or "system:code"), got ' + $typeName(v));
  if (v.length > 1000 || !$CODE.test(v)) return $fail('expected a term name or "system:code", got ' + $show(v));
  const i = v.indexOf(':');
  return i < 0 ? v : v.slice(0, i).toLowerCase() + v.slice(i);
}

/** Specs: { k: kind, ... }; kinds 'boolean' 'text' 'date' 'code' 'enum' 'quantity' 'set'. The value, or $BAD. */
export function $check(v: Input, spec: Spec): Value | Bad {
  switch (spec.k) {
    case 'boolean':
      return typeof v === 'boolean' ? v : $fail('expected true or false, got ' + $typeName(v));
    case 'text':
      if (typeof v !== 'string') return $fail('expected a string, got ' + $typeName(v));
      if (v.length > $MAX_TEXT) return $fail('the text is too long');
      return v;
    case 'date': {
      if (v instanceof Date) {
        const t = v.getTime();
        return Number.isFinite(t) ? t : $fail('invalid Date');
      }
      if (typeof v !== 'string') return $fail('expected an ISO 8601 ' + spec.what + ' string, got ' + $typeName(v));
      const ms = $iso(v);
      return Number.isFinite(ms) ? ms : $fail($show(v) + ' is not a valid ISO 8601 ' + spec.what + ' (e.g. ' + spec.example + ')');
    }
    case 'code':
      return $code(v);
    case 'enum':
      if (typeof v !== 'string') return $fail('expected one of: ' + spec.values.join(', ') + '; got ' + $typeName(v));
      return spec.set.has(v) ? v : $fail($show(v) + ' is not one of: ' + spec.values.join(', '));
    case 'quantity':
      return $quantity(v as QuantityInput, spec);
    default:
      return $fail('unsupported fact type');
  }
}

/** Checks input against the specs; the values go into n slots by index, and make(slots) builds the facts object. */
export function $validate<F>(input: Input, keys: ReadonlyMap<string, number>, specs: readonly InputSpec[], names: readonly string[], n: number, make: (slots: (Value | Value[] | null)[]) => F): { ok: true; facts: F } | { ok: false; issues: FactIssue[] } {
  const issues: FactIssue[] = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    issues.push({ path: '', message: 'expected an object of facts, got ' + $typeName(input) });
    return { ok: false, issues };
  }
  const slots: (Value | Value[] | null)[] = new Array(n).fill(null);
  let seen = 0;
  for (const key in input) {
    if (!$hop.call(input, key)) continue;
    if (issues.length >= $MAX_ISSUES) {
      issues.push({ path: '', message: 'too many issues; stopped checking' });
      break;
    }
    if (++seen > 100000) {
      issues.push({ path: '', message: 'too many keys' });
      break;
    }
    const idx = keys.get(key);
    if (idx === undefined) {
      const s = $suggest(key, names);
      issues.push({ path: key, message: 'unknown fact ' + $show(key) + (s === null ? '' : '; did you mean ' + $show(s) + '?') });
      continue;
    }
    const v = input[key] as Input;
    if (v === null || v === undefined) continue;
    const spec = specs[idx]!;
    if (spec.k === 'set') {
      if (!Array.isArray(v)) { issues.push({ path: key, message: 'expected an array, got ' + $typeName(v) }); continue; }
      if (v.length > $MAX_SET) { issues.push({ path: key, message: 'too many elements (at most ' + $MAX_SET + ')' }); continue; }
      const arr: Value[] = [];
      for (let i = 0; i < v.length; i++) {
        const r = $check(v[i] as Input, spec.element);
        if (r === $BAD) {
          issues.push({ path: key + '[' + i + ']', message: $err });
          if (issues.length >= $MAX_ISSUES) break;
        } else arr.push(r as Value);
      }
      slots[idx] = arr;
      continue;
    }
    const r = $check(v, spec);
    if (r === $BAD) issues.push({ path: key, message: $err });
    else slots[idx] = r as Value;
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, facts: make(slots) };
}
