// Which value a witness or a region's representative takes for a quantity: the one place
// where a fact's declared plausible range (`weight: quantity kg range 0.3 kg to 400 kg`)
// enters the analysis. A value near the thresholds that bound the piece, as `pickNice`
// chooses it, when it is plausible; otherwise one inside both the piece and the range;
// for a piece no threshold bounds, a round value in the middle of the range (on a log
// scale) rather than an extreme such as `weight = 1 kg`.
import { Rational } from '../units/rational.js';
import { contains, intersect, isEmpty, pickNice, type Interval } from './nice.js';

/** A plausible range, inclusive, in the fact's unit; `high` undefined: no upper bound. */
export interface PlausibleBounds {
  readonly low: Rational;
  readonly high?: Rational | undefined;
}

/** Plausible ranges by fact name (a range covers the fact's baseline and ULN parts too). */
export type PlausibleRanges = ReadonlyMap<string, PlausibleBounds>;

/** A round value (one significant digit) in the middle of a bounded range, on a log scale when it is positive. */
export function typicalValue(range: PlausibleBounds): Rational | undefined {
  if (!range.high) return undefined;
  const lo = range.low.toNumber();
  const hi = range.high.toNumber();
  const mid = lo > 0 ? Math.sqrt(lo * hi) : hi / 10;
  if (!Number.isFinite(mid) || mid <= 0) return undefined;
  const e = Math.floor(Math.log10(mid));
  const v = Rational.fromNumber(Number((Math.round(mid / 10 ** e) * 10 ** e).toPrecision(1)));
  const iv: Interval = { lo: range.low, loStrict: false, hi: range.high, hiStrict: false };
  return contains(iv, v) ? v : undefined;
}

/** The value a quantity piece's representative takes. */
export function plausibleValue(piece: Interval, range: PlausibleBounds | undefined, fallback: Rational = Rational.ONE): Rational {
  if (!range) return pickNice(piece, { fallback });
  const plausible: Interval = { lo: range.low, loStrict: false, ...(range.high ? { hi: range.high } : {}), hiStrict: false };
  if (!piece.lo && !piece.hi) {
    const t = typicalValue(range);
    if (t) return t;
  }
  const v = pickNice(piece, { fallback });
  if (contains(plausible, v)) return v;
  const inside = intersect(piece, plausible);
  // A piece wholly outside the plausible range still needs a patient of its own.
  return isEmpty(inside) ? v : pickNice(inside, { fallback });
}
