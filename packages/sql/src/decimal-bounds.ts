// Exact decimal arithmetic in the narrowest DuckDB DECIMAL that cannot overflow. Each
// quantity expression of the query may carry a bound: its scale s and the largest |raw|
// (value x 10^s) it can take, derived from the facts' plausible ranges (every value the
// validator accepts lies in its fact's range) and the literals' digits. A product or sum
// of bounded operands is computed with both operands cast to a DECIMAL wide enough for the
// result, and the result cast to DECIMAL(P,S) with P the digits of its bound: 64-bit where
// P <= 18, 128-bit up to 38. Without a bound (PostgreSQL's NUMERIC, a fact without an upper
// bound, a result over 38 digits) the expression is written as before and the engine's own
// decimal rules apply. DuckDB's own widths are not enough: it keeps the product or sum of
// two DECIMAL(18,s) in 64 bits and raises an overflow error where the value needs more.

/** The scale and the largest magnitude of the raw integer (value x 10^scale); null: unknown. */
export type Bound = { readonly b: bigint; readonly s: number } | null;

/** The most digits a DuckDB DECIMAL holds. */
const MAX_WIDTH = 38;

const digits = (b: bigint): number => (b === 0n ? 1 : b.toString().length);
const pow10 = (k: number): bigint => 10n ** BigInt(k);

/** The width of a DECIMAL of scale s that holds every raw integer of magnitude up to b. */
function width(b: bigint, s: number): number {
  return Math.max(digits(b), s, 1);
}

const decimal = (p: number, s: number): string => `DECIMAL(${p},${s})`;

/** x, of bound bx, as DECIMAL(p,s): exact when p holds bx rescaled to s (callers see to it). */
function castTo(x: string, p: number, s: number): string {
  return `CAST(${x} AS ${decimal(p, s)})`;
}

/** The bound of a value held in a column DECIMAL(precision, scale) whose values lie within [low, high] (exact decimal texts as rationals). */
export function columnBound(scale: number, maxAbsNum: bigint, maxAbsDen: bigint): Bound {
  // ceil(max x 10^scale)
  const n = maxAbsNum * pow10(scale);
  return { b: (n + maxAbsDen - 1n) / maxAbsDen, s: scale };
}

/** The bound of a decimal literal's text (`-12.50`): its digits without the point, its scale. */
export function literalBound(text: string): Bound {
  const m = /^-?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const frac = m[2] ?? '';
  return { b: BigInt(m[1]! + frac), s: frac.length };
}

/** a x b, exact. */
export function mulBounded(a: string, ba: Bound, b: string, bb: Bound): { sql: string; bound: Bound } {
  if (ba && bb) {
    const s = ba.s + bb.s;
    const bound = ba.b * bb.b;
    const p = width(bound, s);
    // The operands are cast to a width that holds each of them and the product.
    const q = Math.max(p, width(ba.b, ba.s), width(bb.b, bb.s));
    if (q <= MAX_WIDTH) return { sql: castTo(`(${castTo(a, q, ba.s)} * ${castTo(b, q, bb.s)})`, p, s), bound: { b: bound, s } };
  }
  return { sql: `(${a} * ${b})`, bound: null };
}

/** a + b or a - b, exact. */
export function addBounded(a: string, ba: Bound, op: '+' | '-', b: string, bb: Bound): { sql: string; bound: Bound } {
  if (ba && bb) {
    const s = Math.max(ba.s, bb.s);
    const bound = ba.b * pow10(s - ba.s) + bb.b * pow10(s - bb.s);
    const p = width(bound, s);
    if (p <= MAX_WIDTH) return { sql: castTo(`(${castTo(a, p, s)} ${op} ${castTo(b, p, s)})`, p, s), bound: { b: bound, s } };
  }
  return { sql: `(${a} ${op} ${b})`, bound: null };
}

/** The two sides of a comparison in one DECIMAL that holds both exactly, or as they are. */
export function comparable(a: string, ba: Bound, b: string, bb: Bound): [string, string] {
  if (ba && bb) {
    const s = Math.max(ba.s, bb.s);
    const p = Math.max(width(ba.b * pow10(s - ba.s), s), width(bb.b * pow10(s - bb.s), s));
    if (p <= MAX_WIDTH) return [castTo(a, p, s), castTo(b, p, s)];
  }
  return [a, b];
}
