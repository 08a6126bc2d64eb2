// The prelude's numbers: exact rationals on BigInt (pairs [numerator, denominator],
// denominator > 0), the double nearest to one, and the texts explanations print. A double
// `v` stands for the decimal `String(v)` (the shortest decimal that round-trips).
//
// Everything below the engine-text line is copied into each generated engine with its types
// erased (scripts/gen-engine-text.mjs): plain ES2020, names starting with `$`, no imports at
// run time. Names the generated code defines are declared here for the type checker only.
import { $gen } from './slow-paths.js';

/** An exact rational: [numerator, denominator], denominator > 0. */
export type Rat = [bigint, bigint];
export type ReadonlyRat = readonly [bigint, bigint];

/** Per fact slot: the generation its text was computed in, and the text ($fmtF). */
declare const $FG: Uint32Array;
declare const $FS: string[];
/** Code term → its equivalence class ($ceq). */
declare const $CC: ReadonlyMap<string, number>;

// ---- engine text
export const $hop = Object.prototype.hasOwnProperty;
export const $U = {};
export const $MAX_ISSUES = 100;
export const $MAX_SET = 10000;
export const $MAX_TEXT = 100000;
export const $MAX_NUMBER_TEXT = 200;

export function $pow10(e: number): bigint { return 10n ** BigInt(e); }

/** A decimal text (digits, optional fraction, optional exponent) to an exact rational. */
export function $decToRat(s: string): Rat | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (m === null) return null;
  const frac = m[3] === undefined ? '' : m[3];
  const digits = (m[2]! + frac).replace(/^0+/, '');
  let n = digits === '' ? 0n : BigInt(digits);
  if (m[1] === '-') n = -n;
  const e = (m[4] === undefined ? 0 : parseInt(m[4], 10)) - frac.length;
  if (e > 400 || e < -800) return null;
  return e >= 0 ? [n * $pow10(e), 1n] : [n, $pow10(-e)];
}

/** The exact value of a double: the decimal String(v) stands for. */
export function $rat(v: number): Rat { return $decToRat(String(v))!; }

export function $bits(x: bigint): number { return x === 0n ? 0 : x.toString(2).length; }

export function $pow2(e: number): number {
  let r = 1;
  let b = e >= 0 ? 2 : 0.5;
  let k = e >= 0 ? e : -e;
  while (k > 0) { if ((k & 1) === 1) r *= b; b *= b; k >>= 1; }
  return r;
}

/** The double nearest to an exact rational (ties to even), subnormals included. */
export function $toNum(r: ReadonlyRat): number {
  let n = r[0];
  const d = r[1];
  if (n === 0n) return 0;
  const neg = n < 0n;
  if (neg) n = -n;
  const sh = 55 - ($bits(n) - $bits(d));
  let q: bigint, rem: bigint;
  if (sh >= 0) { const nn = n << BigInt(sh); q = nn / d; rem = nn % d; }
  else { const dd = d << BigInt(-sh); q = n / dd; rem = n % dd; }
  // 53 significant bits, fewer for a subnormal result (its exponent is below -1022).
  const top = $bits(q) - 1 - sh;
  const precision = top >= -1022 ? 53 : top + 1075;
  if (precision < 0) return neg ? -0 : 0;
  const extra = $bits(q) - precision;
  let m = q >> BigInt(extra);
  const low = q & ((1n << BigInt(extra)) - 1n);
  const half = 1n << BigInt(extra - 1);
  if (low > half || (low === half && (rem !== 0n || (m & 1n) === 1n))) m += 1n;
  let x = Number(m);
  let e = extra - sh;
  while (e > 900) { x *= $pow2(900); e -= 900; }
  while (e < -900) { x *= $pow2(-900); e += 900; }
  x *= $pow2(e);
  return neg ? -x : x;
}

export function $radd(a: ReadonlyRat, b: ReadonlyRat): Rat { return [a[0] * b[1] + b[0] * a[1], a[1] * b[1]]; }
export function $rsub(a: ReadonlyRat, b: ReadonlyRat): Rat { return [a[0] * b[1] - b[0] * a[1], a[1] * b[1]]; }
export function $rmul(a: ReadonlyRat, b: ReadonlyRat): Rat { return [a[0] * b[0], a[1] * b[1]]; }
export function $rdiv(a: ReadonlyRat, b: ReadonlyRat): Rat | null {
  if (b[0] === 0n) return null;
  return b[0] < 0n ? [-a[0] * b[1], -b[0] * a[1]] : [a[0] * b[1], b[0] * a[1]];
}
export function $rneg(a: ReadonlyRat): Rat { return [-a[0], a[1]]; }
export function $rcmp(a: ReadonlyRat, b: ReadonlyRat): -1 | 0 | 1 {
  const l = a[0] * b[1];
  const r = b[0] * a[1];
  return l < r ? -1 : l > r ? 1 : 0;
}
export function $gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) { const t = a % b; a = b; b = t; }
  return a;
}

/** 10^0 … 10^21, each exact as a double. */
export const $P10: readonly number[] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21];
/** Digit texts: '0' … '999', the same with a decimal point ('12.'), and three-digit groups ('000' … '999'). */
export const $DG: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i));
export const $DGP: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i) + '.');
export const $DG3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
export const $DG2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * The number of decimals k with which String(a) writes a ≥ 0 as the integer
 * Math.round(a × 10^k) of at most 15 digits over 10^k; -1 when it writes a otherwise (more
 * digits, an exponent, zero, not finite). Why this is String's choice: a decimal of at most
 * 15 significant digits is within 0.12 units of its last place of every double it rounds
 * to, and so is a × 10^k computed in doubles; so at each k at most one such integer m rounds
 * to a (m / 10^k === a: one correctly rounded division of exact operands), Math.round finds
 * it, and the first k that has one gives the fewest digits, which is what String prints.
 */
export function $places(a: number): number {
  if (!(a >= 1e-6 && a < 1e15)) return -1;
  for (let k = 0; k <= 21; k++) {
    const p = $P10[k]!;
    const m = Math.round(a * p);
    if (m > 999999999999999) return -1;
    if (m / p === a) return k;
  }
  return -1;
}

/** The digits of an integer 0 ≤ x ≤ 2^53, with a decimal point after them when dot. */
export function $intText(x: number, dot: boolean): string {
  if (x < 1000) return dot ? $DGP[x]! : $DG[x]!;
  // Groups of three from the right; x % 1000 and the division of a multiple of 1000 are exact.
  let r = x % 1000;
  let s = dot ? $DG3[r]! + '.' : $DG3[r]!;
  x = (x - r) / 1000;
  while (x >= 1000) {
    r = x % 1000;
    s = $DG3[r]! + s;
    x = (x - r) / 1000;
  }
  return $DG[x]! + s;
}

/** The integer m ≤ 2^53 over 10^k (1 ≤ k ≤ 21) as a decimal with k places: '0.05' for 5 and 2. */
export function $placesText(m: number, k: number): string {
  const p = $P10[k]!;
  let f = m % p;
  const s = $intText((m - f) / p, true);
  // The k places, zero-padded, in groups of three from the right.
  let t = '';
  while (k >= 3) {
    const r = f % 1000;
    t = t === '' ? $DG3[r]! : $DG3[r]! + t;
    f = (f - r) / 1000;
    k -= 3;
  }
  if (k === 2) t = t === '' ? $DG2[f]! : $DG2[f]! + t;
  else if (k === 1) t = t === '' ? $DG[f]! : $DG[f]! + t;
  return s + t;
}

/**
 * Shortest text of a double, for explanations: String(v), built from digit tables when v
 * has at most 15 significant digits and no exponent (measured at a third of String's time
 * for such values, which are what facts hold), String(v) itself otherwise.
 */
export function $fmtD(v: number): string {
  const a = v < 0 ? -v : v;
  const k = $places(a);
  if (k < 0) return String(v);
  const m = Math.round(a * $P10[k]!);
  const t = k === 0 ? $intText(m, false) : $placesText(m, k);
  return v < 0 ? '-' + t : t;
}

/** The text of fact slot k's value v (a double), computed once per evaluation ($FG, $FS). */
export function $fmtF(k: number, v: number): string {
  if ($FG[k] !== $gen) { $FG[k] = $gen; $FS[k] = $fmtD(v); }
  return $FS[k]!;
}

/**
 * The exact product (km / 10^kp) x v as $fmtR prints it; s is String(v). Integers carry it
 * when v has at most 15 digits and no exponent and the product stays a safe integer;
 * otherwise the exact rational kr x v does.
 */
export function $fmtKx(km: number, kp: number, kr: ReadonlyRat, v: number, s: string): string {
  let i = 0;
  let neg = false;
  if (s.charCodeAt(0) === 45) { neg = true; i = 1; }
  let m = 0;
  let digits = 0;
  let places = -1;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && places < 0) { places = 0; continue; }
    if (c < 48 || c > 57) return $fmtR($rmul(kr, $rat(v)));
    m = m * 10 + (c - 48);
    digits++;
    if (places >= 0) places++;
  }
  if (digits > 15) return $fmtR($rmul(kr, $rat(v)));
  let p = (places < 0 ? 0 : places) + kp;
  let M = m * (km < 0 ? -km : km);
  if (M > 9007199254740991 || p > 21) return $fmtR($rmul(kr, $rat(v)));
  if (M === 0) return '0';
  if (km < 0) neg = !neg;
  while (p > 0 && M % 10 === 0) { M /= 10; p--; }
  let t = String(M);
  if (p > 0) {
    while (t.length <= p) t = '0' + t;
    t = t.slice(0, t.length - p) + '.' + t.slice(t.length - p);
  }
  return neg ? '-' + t : t;
}

/** A double computed with rounding (elapsed days): 12 significant digits, no float noise. */
export function $fmtA(v: number): string {
  // A shortest form of at most 12 digits is already what rounding to 12 digits gives.
  const s = String(v);
  return s.length <= 12 ? s : String(Number(v.toPrecision(12)));
}

/** An exact rational, as an exact decimal when it terminates within 21 digits. */
export function $fmtR(r: ReadonlyRat): string {
  let n = r[0];
  let d = r[1];
  const g = $gcd(n, d);
  if (g > 1n) { n /= g; d /= g; }
  let k = 0;
  let rest = d;
  let twos = 0;
  let fives = 0;
  while (rest % 2n === 0n) { rest /= 2n; twos++; }
  while (rest % 5n === 0n) { rest /= 5n; fives++; }
  if (rest !== 1n) return $fmtA($toNum([n, d]));
  k = twos > fives ? twos : fives;
  if (k > 21) return $fmtA($toNum([n, d]));
  const scaled = n * $pow10(k) / d;
  const neg = scaled < 0n;
  let s = (neg ? -scaled : scaled).toString();
  if (k > 0) {
    while (s.length <= k) s = '0' + s;
    s = s.slice(0, s.length - k) + '.' + s.slice(s.length - k);
    s = s.replace(/0+$/, '').replace(/\.$/, '');
  }
  return (neg ? '-' : '') + s;
}

/** An exact rational as the Exact text of the IR: a decimal when it terminates, else a reduced fraction n/d. */
export function $exact(r: ReadonlyRat): string {
  let n = r[0];
  let d = r[1];
  const g = $gcd(n, d);
  if (g > 1n) { n /= g; d /= g; }
  let rest = d, twos = 0, fives = 0;
  while (rest % 2n === 0n) { rest /= 2n; twos++; }
  while (rest % 5n === 0n) { rest /= 5n; fives++; }
  if (rest !== 1n) return String(n) + '/' + String(d);
  const k = twos > fives ? twos : fives;
  const scaled = n * $pow10(k) / d;
  const neg = scaled < 0n;
  let s = (neg ? -scaled : scaled).toString();
  if (k > 0) {
    while (s.length <= k) s = '0' + s;
    s = (s.slice(0, s.length - k) + '.' + s.slice(s.length - k)).replace(/0+$/, '').replace(/\.$/, '');
  }
  return (neg ? '-' : '') + s;
}

export function $fmtDate(ms: number, dateOnly: boolean): string {
  const s = new Date(ms).toISOString();
  return dateOnly ? s.slice(0, 10) : s;
}

/** Code terms are equal when spelled alike or when they denote the same member ($CC classes). */
export function $ceq(a: string, b: string): boolean {
  if (a === b) return true;
  const x = $CC.get(a);
  return x !== undefined && x === $CC.get(b);
}
