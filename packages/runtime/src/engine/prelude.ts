// The helpers every generated engine carries: exact decimal arithmetic on BigInt rationals,
// the boundary validators, ISO 8601 parsing, and the slow-path walkers used only for
// explanations, missing-fact lists and coverage traces. Generated modules have no imports,
// so this text is copied verbatim into each one; it is plain ES2020 without backticks or
// template substitutions, and every name starts with `$` so that it cannot collide with
// generated code.
//
// The exact-decimal helpers of ../exact.ts (exactScale, exactCompareProduct,
// exactCompareFraction) are embedded before this text; see exactHelpersSource.
//
// Numbers: a double `v` stands for the decimal `String(v)` (the shortest decimal that
// round-trips). Rationals are pairs `[numerator, denominator]` of BigInts, denominator > 0.

import { EXACT_HELPERS } from '../exact.js';

export const ISO_SOURCE = String.raw`// ---- ISO 8601

function $daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const $ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch milliseconds of an ISO 8601 date or date-time (UTC unless an offset is given), or NaN. */
function $iso(s) {
  if (typeof s !== 'string' || s.length > 40) return NaN;
  const m = $ISO.exec(s);
  if (m === null) return NaN;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (mo < 1 || mo > 12 || d < 1) return NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (d > dim) return NaN;
  let ms = $daysFromCivil(y, mo, d) * 86400000;
  if (m[4] !== undefined) {
    const h = +m[4], mi = +m[5], se = m[6] === undefined ? 0 : +m[6];
    if (h > 23 || mi > 59 || se > 59) return NaN;
    const fr = m[7] === undefined ? 0 : +(m[7] + '00').slice(0, 3);
    ms += ((h * 60 + mi) * 60 + se) * 1000 + fr;
    const z = m[8];
    if (z !== undefined && z !== 'Z' && z !== 'z') {
      const oh = +z.slice(1, 3), om = +z.slice(z.length - 2);
      if (oh > 23 || om > 59) return NaN;
      const off = (oh * 60 + om) * 60000;
      ms += z[0] === '-' ? off : -off;
    }
  }
  return ms;
}
`;

export const PRELUDE = String.raw`const $hop = Object.prototype.hasOwnProperty;
const $U = {};
const $MAX_ISSUES = 100;
const $MAX_SET = 10000;
const $MAX_TEXT = 100000;
const $MAX_NUMBER_TEXT = 200;

function $pow10(e) { return 10n ** BigInt(e); }

/** A decimal text (digits, optional fraction, optional exponent) to an exact rational. */
function $decToRat(s) {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (m === null) return null;
  const frac = m[3] === undefined ? '' : m[3];
  const digits = (m[2] + frac).replace(/^0+/, '');
  let n = digits === '' ? 0n : BigInt(digits);
  if (m[1] === '-') n = -n;
  const e = (m[4] === undefined ? 0 : parseInt(m[4], 10)) - frac.length;
  if (e > 400 || e < -800) return null;
  return e >= 0 ? [n * $pow10(e), 1n] : [n, $pow10(-e)];
}

/** The exact value of a double: the decimal String(v) stands for. */
function $rat(v) { return $decToRat(String(v)); }

function $bits(x) { return x === 0n ? 0 : x.toString(2).length; }

function $pow2(e) {
  let r = 1;
  let b = e >= 0 ? 2 : 0.5;
  let k = e >= 0 ? e : -e;
  while (k > 0) { if ((k & 1) === 1) r *= b; b *= b; k >>= 1; }
  return r;
}

/** The double nearest to an exact rational (ties to even), subnormals included. */
function $toNum(r) {
  let n = r[0];
  const d = r[1];
  if (n === 0n) return 0;
  const neg = n < 0n;
  if (neg) n = -n;
  const sh = 55 - ($bits(n) - $bits(d));
  let q, rem;
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

function $radd(a, b) { return [a[0] * b[1] + b[0] * a[1], a[1] * b[1]]; }
function $rsub(a, b) { return [a[0] * b[1] - b[0] * a[1], a[1] * b[1]]; }
function $rmul(a, b) { return [a[0] * b[0], a[1] * b[1]]; }
function $rdiv(a, b) {
  if (b[0] === 0n) return null;
  return b[0] < 0n ? [-a[0] * b[1], -b[0] * a[1]] : [a[0] * b[1], b[0] * a[1]];
}
function $rneg(a) { return [-a[0], a[1]]; }
function $rcmp(a, b) {
  const l = a[0] * b[1];
  const r = b[0] * a[1];
  return l < r ? -1 : l > r ? 1 : 0;
}
function $gcd(a, b) {
  if (a < 0n) a = -a;
  while (b !== 0n) { const t = a % b; a = b; b = t; }
  return a;
}

/** Shortest text of a double, for explanations. */
function $fmtD(v) { return String(v); }

/** The text of fact slot k's value v (a double), computed once per evaluation ($FG, $FS). */
function $fmtF(k, v) {
  if ($FG[k] !== $gen) { $FG[k] = $gen; $FS[k] = String(v); }
  return $FS[k];
}

/**
 * The exact product (km / 10^kp) x v as $fmtR prints it; s is String(v). Integers carry it
 * when v has at most 15 digits and no exponent and the product stays a safe integer;
 * otherwise the exact rational kr x v does.
 */
function $fmtKx(km, kp, kr, v, s) {
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
function $fmtA(v) {
  // A shortest form of at most 12 digits is already what rounding to 12 digits gives.
  const s = String(v);
  return s.length <= 12 ? s : String(Number(v.toPrecision(12)));
}

/** An exact rational, as an exact decimal when it terminates within 21 digits. */
function $fmtR(r) {
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
function $exact(r) {
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

function $fmtDate(ms, dateOnly) {
  const s = new Date(ms).toISOString();
  return dateOnly ? s.slice(0, 10) : s;
}

/** Code terms are equal when spelled alike or when they denote the same member ($CC classes). */
function $ceq(a, b) {
  if (a === b) return true;
  const x = $CC.get(a);
  return x !== undefined && x === $CC.get(b);
}

${ISO_SOURCE}
// Batches pass the same evaluation time as text for every record: parse it once.
let $nowText = null;
let $nowTextMs = NaN;
function $now(options) {
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

class FactsError extends Error {
  constructor(issues) {
    const shown = issues.slice(0, 5).map((i) => (i.path === '' ? '' : i.path + ': ') + i.message);
    super('Invalid facts: ' + shown.join('; ') + (issues.length > 5 ? '; and ' + (issues.length - 5) + ' more' : ''));
    this.name = 'FactsError';
    this.issues = issues;
  }
}

function $typeName(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  const t = typeof v;
  if (t === 'number') return Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? 'a number' : String(v);
  if (t === 'string') return 'a string';
  if (t === 'boolean') return 'a boolean';
  if (t === 'object') return 'an object';
  return t;
}

function $show(s) {
  const t = s.length > 60 ? s.slice(0, 60) + '...' : s;
  return JSON.stringify(t);
}

function $edit(a, b) {
  if (a.length > 64 || b.length > 64) return Infinity;
  let prev = [];
  for (let j = 0; j <= b.length; j++) prev.push(j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const c = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c));
    }
    prev = cur;
  }
  return prev[b.length];
}

function $suggest(key, names) {
  let best = null;
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
const $BAD = {};
let $err = '';
function $fail(message) { $err = message; return $BAD; }

/** End of the number at index i of s (the syntax [+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?), or -1. */
function $numEnd(s, i) {
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
 * digits: the integer product is exact and Number() of its text rounds once, correctly.
 * NaN when s is outside that case (the caller then computes with BigInt).
 */
function $scaleDec(s, fm, fe) {
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
  if (e > 280 || e < -280 || p > 9007199254740991) return NaN;
  return Number((neg ? '-' : '') + p + 'e' + e);
}

/**
 * A quantity in its fact's unit, checked against the fact's plausible range (spec.lo/lx,
 * spec.hi/hx: each bound's nearest double and exact value; spec.rt its text). Rounding to
 * the nearest double keeps order, so the double decides unless it equals a bound's double;
 * then the exact value of the input does.
 */
function $quantity(v, spec) {
  const x = $quantity0(v, spec);
  if (x === $BAD || spec.lo === undefined) return x;
  let below = x < spec.lo, above = spec.hi !== undefined && x > spec.hi;
  if (x === spec.lo || x === spec.hi) {
    const r = $quantityRat(v, spec);
    if (r !== null) { below = $rcmp(r, spec.lx) < 0; above = spec.hi !== undefined && $rcmp(r, spec.hx) > 0; }
  }
  if (!below && !above) return x;
  // The value as given, with its value in the fact's unit when it was given in another.
  const u = (t) => (t === '1' || t === '' ? '' : ' ' + t);
  const given = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : String(v.value).trim() + (typeof v.unit === 'string' ? u(v.unit.trim()) : '');
  const unit = given.slice($numEnd(given, 0)).trim();
  const shown = unit === '' || unit === spec.unit ? given + (unit === '' ? u(spec.unit) : '') : given + ' (' + String(x) + u(spec.unit) + ')';
  if (!spec.rd) return $fail(shown + ' is negative; a quantity is never negative unless its fact declares a range that allows it');
  return $fail(shown + ' is outside the plausible range ' + spec.rt);
}

/** The exact value of an input already accepted by $quantity0, in the spec's unit (null when it cannot be read). */
function $quantityRat(v, spec) {
  let num, unit = '';
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
function $quantity0(v, spec) {
  let num, unit = '';
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
    let extra = null;
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
    if (f === null) return d;
    if (f[2] !== 0) { const x = $scaleDec(num, f[2], f[3]); if (x === x) return x; }
    const r = $decToRat(num);
    if (r === null) return $fail('the exponent of ' + $show(num) + ' is out of range');
    return $toNum([r[0] * BigInt(f[0]), r[1] * BigInt(f[1])]);
  }
  if (f === null) return num;
  if (f[2] !== 0) { const x = $scaleDec(String(num), f[2], f[3]); if (x === x) return x; }
  return exactScale(num, f[0], f[1]);
}

const $CODE = /^(?:[A-Za-z_][A-Za-z0-9_]*|[A-Za-z][A-Za-z0-9_.-]*:[\s\S]+)$/;

/** Normalise a code term: a member name, or system:code with the system lower-cased. */
function $code(v) {
  if (typeof v !== 'string') return $fail('expected a code (a term name or "system:code"), got ' + $typeName(v));
  if (v.length > 1000 || !$CODE.test(v)) return $fail('expected a term name or "system:code", got ' + $show(v));
  const i = v.indexOf(':');
  return i < 0 ? v : v.slice(0, i).toLowerCase() + v.slice(i);
}

/** Specs: { k: kind, ... }; kinds 'boolean' 'text' 'date' 'code' 'enum' 'quantity' 'set'. The value, or $BAD. */
function $check(v, spec) {
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
      return $quantity(v, spec);
    default:
      return $fail('unsupported fact type');
  }
}

/** Checks input against the specs; the values go into n slots by index, and make(slots) builds the facts object. */
function $validate(input, keys, specs, names, n, make) {
  const issues = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    issues.push({ path: '', message: 'expected an object of facts, got ' + $typeName(input) });
    return { ok: false, issues };
  }
  const slots = new Array(n).fill(null);
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
    const v = input[key];
    if (v === null || v === undefined) continue;
    const spec = specs[idx];
    if (spec.k === 'set') {
      if (!Array.isArray(v)) { issues.push({ path: key, message: 'expected an array, got ' + $typeName(v) }); continue; }
      if (v.length > $MAX_SET) { issues.push({ path: key, message: 'too many elements (at most ' + $MAX_SET + ')' }); continue; }
      const arr = [];
      for (let i = 0; i < v.length; i++) {
        const r = $check(v[i], spec.element);
        if (r === $BAD) {
          issues.push({ path: key + '[' + i + ']', message: $err });
          if (issues.length >= $MAX_ISSUES) break;
        } else arr.push(r);
      }
      slots[idx] = arr;
      continue;
    }
    const r = $check(v, spec);
    if (r === $BAD) issues.push({ path: key, message: $err });
    else slots[idx] = r;
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, facts: make(slots) };
}

// ---- slow paths: condition trees [0, atom] [1, ...and] [2, ...or] [3, not] [4, definition] [5, constant]

let $tr = null;

/** Slow-path cache of atom values, valid while $AG[id] === $gen (one generation per evaluation). */
let $gen = 0;

function $nextGeneration() {
  if ($gen === 0xffffffff) { $AG.fill(0); $FG.fill(0); $gen = 0; }
  $gen++;
}

function $nv(n) {
  switch (n[0]) {
    case 0: {
      const id = n[1];
      let v;
      if ($AG[id] === $gen) v = $AV[id];
      else { v = $AT[id](); $AG[id] = $gen; $AV[id] = v; }
      if ($tr !== null) { $tr[id] = v; $traceDefs($AD[id]); }
      return v;
    }
    case 1: {
      let r = 1;
      for (let i = 1; i < n.length; i++) {
        const x = $nv(n[i]);
        if (x === 0) { r = 0; if ($tr === null) return 0; }
        else if (x === 2 && r === 1) r = 2;
      }
      return r;
    }
    case 2: {
      let r = 0;
      for (let i = 1; i < n.length; i++) {
        const x = $nv(n[i]);
        if (x === 1) { r = 1; if ($tr === null) return 1; }
        else if (x === 2 && r === 0) r = 2;
      }
      return r;
    }
    case 3: {
      const x = $nv(n[1]);
      return x === 2 ? 2 : 1 - x;
    }
    case 4:
      if ($tr !== null) $traceDefs([n[1]]);
      return $DF[n[1]]();
    default:
      return n[1];
  }
}

let $dw = null;

function $traceDefs(list) {
  for (let i = 0; i < list.length; i++) {
    const k = list[i];
    if ($dw[k] === 1) continue;
    $dw[k] = 1;
    if ($DT[k] !== null) $nv($DT[k]);
  }
}

/** Atoms that make node n take its value (1 or 0), in order, into out (deduplicated). */
function $why(n, out) {
  switch (n[0]) {
    case 0:
      if (out.indexOf(n[1]) < 0) out.push(n[1]);
      return;
    case 1:
    case 2: {
      const v = $nv(n);
      const all = (n[0] === 1) === (v === 1);
      for (let i = 1; i < n.length; i++) if (all || $nv(n[i]) === v) $why(n[i], out);
      return;
    }
    case 3:
      $why(n[1], out);
      return;
    case 4:
      if ($DT[n[1]] !== null) $why($DT[n[1]], out);
      return;
    default:
      return;
  }
}

/** Input keys whose absence leaves node n (unknown) unknown, into the array out (no duplicates). */
function $miss(n, out) {
  switch (n[0]) {
    case 0: {
      $missKeys($AM[n[1]], out);
      return;
    }
    case 1:
    case 2:
      for (let i = 1; i < n.length; i++) if ($nv(n[i]) === 2) $miss(n[i], out);
      return;
    case 3:
      $miss(n[1], out);
      return;
    case 4:
      if ($DT[n[1]] !== null) $miss($DT[n[1]], out);
      return;
    default:
      return;
  }
}

function $missKeys(ks, out) {
  for (let i = 0; i < ks.length; i++) if ($FV[ks[i]]() == null && out.indexOf($IK[ks[i]]) < 0) out.push($IK[ks[i]]);
}

/** The sorted input keys that leave a rule not evaluable: when w, unless trees us, dose keys dk. */
function $missing(w, us, dk) {
  const out = [];
  const wv = w === null ? 1 : $nv(w);
  if (wv === 2) $miss(w, out);
  let uv = 0;
  for (let i = 0; i < us.length; i++) {
    const x = $nv(us[i]);
    if (x === 2) { uv = 2; $miss(us[i], out); }
  }
  if (wv === 1 && uv === 0) $missKeys(dk, out);
  return $sorted(out);
}

/** Sorted in place by UTF-16 code units (insertion sort: these lists are short). */
function $sorted(list) {
  for (let i = 1; i < list.length; i++) {
    const x = list[i];
    let j = i - 1;
    while (j >= 0 && list[j] > x) { list[j + 1] = list[j]; j--; }
    list[j + 1] = x;
  }
  return list;
}

function $explain(tree) {
  if (tree === null) return [];
  // A rule whose condition is one atom: that atom.
  if (tree[0] === 0) return [{ atom: tree[1], text: $RT[tree[1]]() }];
  const ids = [];
  $why(tree, ids);
  const out = [];
  for (let i = 0; i < ids.length; i++) out.push({ atom: ids[i], text: $RT[ids[i]]() });
  return out;
}

function $deepFreeze(o) {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const k of Object.keys(o)) $deepFreeze(o[k]);
  }
  return o;
}
`;

/** Names the prelude expects the generated code to define. */
export const PRELUDE_REQUIRES = ['$AT', '$AD', '$DF', '$DT', '$AM', '$FV', '$IK', '$RT', '$CC', '$AV', '$AG', '$FG', '$FS'] as const;

/** The exact-decimal helpers of `../exact.ts` that engines embed, as source text (self-contained functions). */
export function exactHelpersSource(): string {
  return [EXACT_HELPERS.exactScale, EXACT_HELPERS.exactCompareProduct, EXACT_HELPERS.exactCompareFraction].map((f) => f.toString()).join('\n');
}

/** The prelude's pure helpers, instantiated for use at generation time and in tests. */
export interface PreludeHelpers {
  iso(s: string): number;
  decToRat(s: string): [bigint, bigint] | null;
  rat(v: number): [bigint, bigint];
  toNum(r: readonly [bigint, bigint]): number;
  fmtR(r: readonly [bigint, bigint]): string;
  rmul(a: readonly [bigint, bigint], b: readonly [bigint, bigint]): [bigint, bigint];
  fmtKx(km: number, kp: number, kr: readonly [bigint, bigint], v: number, s: string): string;
  fmtA(v: number): string;
  scaleDec(s: string, fm: number, fe: number): number;
}

let cached: PreludeHelpers | undefined;

export function preludeHelpers(): PreludeHelpers {
  if (!cached) {
    const stubs = PRELUDE_REQUIRES.map((n) => `const ${n} = null;`).join('\n');
    const make = new Function(
      `"use strict";\n${stubs}\n${exactHelpersSource()}\n${PRELUDE}\nreturn { iso: $iso, decToRat: $decToRat, rat: $rat, toNum: $toNum, fmtR: $fmtR, rmul: $rmul, fmtKx: $fmtKx, fmtA: $fmtA, scaleDec: $scaleDec };`,
    ) as () => PreludeHelpers;
    cached = make();
  }
  return cached;
}
