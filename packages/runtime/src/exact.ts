// Exact-decimal helpers embedded in generated engines.
//
// Generated modules copy these functions' source text (Function.prototype.toString), so
// every function here is self-contained: no imports, no references to module variables
// or to each other, helpers nested inside, only plain JavaScript plus BigInt once the
// types are stripped.
//
// The model: a double that reaches an engine stands for the decimal a person wrote, which
// is its shortest round-trip decimal (`String(x)`): 0.1 means 1/10, 2.4999999999999996
// means exactly that. The helpers compute on those decimals exactly and round once, to
// the nearest double (ties to even), so `2500 /uL` scaled by 1/1000 is exactly 2.5, and
// 3 × 33.3 compares equal to 99.9. Doubles are used only where they are provably right.
// Results are never -0 (decimals have no negative zero). Operands are finite numbers;
// anything else follows plain floating point.

/**
 * The double nearest to decimal(value) × num / den. `factorNum` and `factorDen` are the
 * numerator and denominator of an exact factor as decimal strings (`"1"`, `"1000"`,
 * `"2.5"`); `factorDen` must not be zero. E.g. exactScale(2500, "1", "1000") === 2.5.
 */
export function exactScale(value: number, factorNum: string, factorDen: string): number {
  function dec(text: string): [bigint, number] {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) throw new RangeError('exactScale: bad decimal ' + text);
    const frac = m[3] || '';
    const digits = BigInt((m[2] || '') + frac || '0');
    return [m[1] === '-' ? -digits : digits, (m[4] ? Number(m[4]) : 0) - frac.length];
  }
  function toDouble(n: bigint, d: bigint): number {
    if (n === 0n) return 0;
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const negative = n < 0n;
    if (negative) n = -n;
    let e = n.toString(2).length - d.toString(2).length - 53;
    const div = (x: number): [bigint, bigint, bigint] => {
      const nn = x < 0 ? n << BigInt(-x) : n;
      const dd = x > 0 ? d << BigInt(x) : d;
      return [nn / dd, nn % dd, dd];
    };
    let [q, r, dd] = div(e);
    if (q >= 1n << 53n) {
      e += 1;
      [q, r, dd] = div(e);
    }
    if (e < -1074) {
      e = -1074;
      [q, r, dd] = div(e);
    }
    if (r * 2n > dd || (r * 2n === dd && (q & 1n) === 1n)) q += 1n;
    if (q === 1n << 53n) {
      q >>= 1n;
      e += 1;
    }
    const v = e > 971 ? Infinity : Number(q) * 2 ** e;
    return negative ? -v : v;
  }
  if (!Number.isFinite(value)) return value * (Number(factorNum) / Number(factorDen));
  if (factorNum === factorDen) return value + 0;
  const [mv, ev] = dec(String(value));
  const [mn, en] = dec(factorNum);
  let [md, ed] = dec(factorDen);
  if (md === 0n) throw new RangeError('exactScale: zero denominator');
  while (md % 10n === 0n) {
    md /= 10n;
    ed += 1;
  }
  const n = mv * mn;
  const e = ev + en - ed;
  if (n === 0n) return 0;
  // Up to 20 significant digits, the language requires Number() to round correctly.
  if ((md === 1n || md === -1n) && (n < 0n ? -n : n) < 10n ** 20n) return Number((md < 0n ? -n : n) + 'e' + e);
  return e >= 0 ? toDouble(n * 10n ** BigInt(e), md) : toDouble(n, md * 10n ** BigInt(-e));
}

/** Compares two doubles standing for decimals: -1, 0 or 1. Rounding to nearest is monotonic, so doubles compare as their decimals. */
export function exactCompare(a: number, b: number): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compares decimal(a) with decimal(k) × decimal(b) exactly: -1, 0 or 1. Used for
 * `alt >= 5 x uln` style comparisons, where 3 × 33.3 must equal 99.9.
 *
 * Fast path: with p = fl(k·b), each of decimal(a), decimal(k)·decimal(b) differs from
 * a, p by less than 2^-51 relative (three half-ulp roundings and the product), so when
 * |a − p| exceeds (|a| + |p|)·2^-50 the sign of a − p is the answer. Otherwise (and near
 * underflow or overflow) the decimals are compared on BigInt.
 */
export function exactCompareProduct(a: number, k: number, b: number): -1 | 0 | 1 {
  // The number of decimals with which String writes x ≥ 0 as Math.round(x × 10^e) (at most 15
  // digits) over 10^e; -1 for other values (the prelude's $places, which says why; 0 is 0 / 1).
  function places(x: number): number {
    if (x === 0) return 0;
    if (!(x >= 1e-6 && x < 1e15)) return -1;
    for (let e = 0, p = 1; e <= 21; e++, p *= 10) {
      const m = Math.round(x * p);
      if (m > 999999999999999) return -1;
      if (m / p === x) return e;
    }
    return -1;
  }
  // 10^n for 0 ≤ n ≤ 22, exact: each product by 10 is.
  function pow10(n: number): number {
    let p = 1;
    while (n-- > 0) p *= 10;
    return p;
  }
  function dec(x: number): [bigint, number] {
    const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x))!;
    const frac = m[3] || '';
    const digits = BigInt(m[2] + frac);
    return [m[1] === '-' ? -digits : digits, (m[4] ? Number(m[4]) : 0) - frac.length];
  }
  const p = k * b;
  const scale = Math.abs(a) + Math.abs(p);
  // Subnormal factors carry large relative errors: those go to the exact path.
  const normal = (v: number) => v === 0 || Math.abs(v) >= 2.2250738585072014e-308;
  if (Number.isFinite(p) && scale > 1e-290 && scale < 1e300 && normal(k) && normal(b)) {
    const diff = a - p;
    if (Math.abs(diff) > scale * 8.881784197001252e-16) return diff < 0 ? -1 : 1;
  }
  if (!Number.isFinite(a) || !Number.isFinite(k) || !Number.isFinite(b)) return a < p ? -1 : a > p ? 1 : 0;
  // Near equality. Values of at most 15 significant digits (what facts and factors hold) are
  // m / 10^e with m an integer below 10^15, the decimal String writes: compared with exact
  // integer doubles when every product stays below 2^53 (a product that does not rounds to
  // 2^53 or more, so the test fails), with BigInt otherwise.
  const ea = places(a < 0 ? -a : a);
  const ek = places(k < 0 ? -k : k);
  const eb = places(b < 0 ? -b : b);
  if (ea >= 0 && ek >= 0 && eb >= 0) {
    const mp = Math.round((k < 0 ? -k : k) * pow10(ek)) * Math.round((b < 0 ? -b : b) * pow10(eb));
    const ep = ek + eb;
    const e = ea > ep ? ea : ep;
    if (mp <= 9007199254740991 && e - ea <= 22 && e - ep <= 22) {
      const left = Math.round((a < 0 ? -a : a) * pow10(ea)) * pow10(e - ea);
      const right = mp * pow10(e - ep);
      if (left <= 9007199254740991 && right <= 9007199254740991) {
        const l = a < 0 ? -left : left;
        const r = (k < 0) !== (b < 0) ? -right : right;
        return l < r ? -1 : l > r ? 1 : 0;
      }
    }
  }
  const [ma, ea2] = dec(a);
  const [mk, ek2] = dec(k);
  const [mb, eb2] = dec(b);
  const mp2 = mk * mb;
  const ep2 = ek2 + eb2;
  const e = Math.min(ea2, ep2);
  const left = ma * 10n ** BigInt(ea2 - e);
  const right = mp2 * 10n ** BigInt(ep2 - e);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Compares decimal(a) with the exact fraction num/den (decimal strings, den ≠ 0): -1, 0
 * or 1. For thresholds that are not terminating decimals, e.g. a value against 1/3.
 * Fast path on doubles when the gap exceeds 2^-48 relative; otherwise BigInt.
 */
export function exactCompareFraction(a: number, num: string, den: string): -1 | 0 | 1 {
  function dec(text: string): [bigint, number] {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) throw new RangeError('exactCompareFraction: bad decimal ' + text);
    const frac = m[3] || '';
    const digits = BigInt((m[2] || '') + frac || '0');
    return [m[1] === '-' ? -digits : digits, (m[4] ? Number(m[4]) : 0) - frac.length];
  }
  const fn = Number(num);
  const fd = Number(den);
  const p = fn / fd;
  const scale = Math.abs(a) + Math.abs(p);
  const normal = (v: number) => v === 0 || Math.abs(v) >= 2.2250738585072014e-308;
  if (Number.isFinite(p) && scale > 1e-290 && scale < 1e300 && normal(fn) && normal(fd) && Number.isFinite(fd)) {
    const diff = a - p;
    if (Math.abs(diff) > scale * 3.552713678800501e-15) return diff < 0 ? -1 : 1;
  }
  if (!Number.isFinite(a)) return a < 0 ? -1 : 1;
  let [md, ed] = dec(den);
  if (md === 0n) throw new RangeError('exactCompareFraction: zero denominator');
  let [mn, en] = dec(num);
  if (md < 0n) {
    md = -md;
    mn = -mn;
  }
  // decimal(a) ? mn·10^en / (md·10^ed)  ⇔  ma·md·10^(ea+ed) ? mn·10^en
  const [ma, ea] = dec(String(a));
  const le = ea + ed;
  const e = Math.min(le, en);
  const left = ma * md * 10n ** BigInt(le - e);
  const right = mn * 10n ** BigInt(en - e);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The helpers a generated engine embeds, by name; their source is `fn.toString()`. */
export const EXACT_HELPERS = { exactScale, exactCompare, exactCompareProduct, exactCompareFraction } as const;
