// Plausible values for the patients the analysis builds (suggested fixture cases,
// witnesses): a quantity is chosen inside the fact's plausible range and, when nothing
// constrains it, at a typical value, so that a suggested patient weighs 70 kg, not 1 kg.
// A range and a typical value come from whoever knows them: the fact's declaration, the
// values a rule set's own fixture cases use. The region engine (diff witnesses, gap
// checks) and the harness's suggested cases both choose through `pickPlausible`.
import { Rational } from '../units/rational.js';
import { contains, intersect, isEmpty, pickNice, type Interval, type PickOptions } from './nice.js';

/** What is known about a quantity part's values, in the fact's unit. */
export interface Plausible {
  /** Values outside it are not plausible for a patient. */
  readonly range?: Interval;
  /** A value a typical patient has. */
  readonly typical?: Rational;
}

/** Plausible values per fact part (`weight`, `alt_uln`), in the fact's unit. */
export type PlausibleValues = ReadonlyMap<string, Plausible>;

/**
 * A value inside `iv` (which the solver requires): when the constraints leave the part free,
 * the typical value (else the middle of the range); otherwise the readable value next to the
 * constraint's threshold, or, when that falls outside the plausible range, the readable
 * value inside both.
 */
export function pickPlausible(iv: Interval, plausible: Plausible | undefined, options: PickOptions): Rational {
  const near = pickNice(iv, options);
  if (!plausible) return near;
  const within = plausible.range ? intersect(iv, plausible.range) : iv;
  // Never leave what the solver requires: a range the constraints miss is ignored.
  const usable = isEmpty(within) ? iv : within;
  if (!iv.lo && !iv.hi) {
    if (plausible.typical && contains(usable, plausible.typical)) return plausible.typical;
    // The middle of a bounded range; an open-ended one (never negative) says nothing typical.
    if (plausible.range?.lo && plausible.range.hi) return middle(plausible.range, options);
    return contains(usable, near) ? near : pickNice(usable, options);
  }
  return contains(usable, near) ? near : pickNice(usable, options);
}

/** A readable value in the middle of a range (geometric for a positive range: 0.3 kg to 400 kg gives 10 kg). */
export function middle(range: Interval, options: PickOptions = {}): Rational {
  const { lo, hi } = range;
  if (lo && hi) {
    const mid =
      lo.sign() > 0 ? Rational.fromNumber(roundSignificant(Math.sqrt(lo.toNumber() * hi.toNumber()))) : lo.add(hi).div(Rational.of(2));
    if (contains(range, mid)) return mid;
  }
  return pickNice(range, options);
}

function roundSignificant(x: number): number {
  const e = Math.floor(Math.log10(x));
  const p = 10 ** e;
  return Math.round(x / p) * p;
}

/** A declared plausible range, inclusive, in the fact's unit; `high` undefined: no upper bound. */
export interface PlausibleBounds {
  readonly low: Rational;
  readonly high?: Rational | undefined;
}

/** Plausible ranges by fact name (a range covers the fact's baseline and ULN parts too). */
export type PlausibleRanges = ReadonlyMap<string, PlausibleBounds>;

function boundsInterval(range: PlausibleBounds): Interval {
  return { lo: range.low, loStrict: false, ...(range.high ? { hi: range.high } : {}), hiStrict: false };
}

/** A round value in the middle of a bounded range (for a range from 0, a tenth of its top), or undefined. */
export function typicalValue(range: PlausibleBounds): Rational | undefined {
  if (!range.high) return undefined;
  const iv = boundsInterval(range);
  const v = range.low.sign() > 0 ? middle(iv) : Rational.fromNumber(roundSignificant(range.high.toNumber() / 10));
  return contains(iv, v) ? v : undefined;
}

/** The value a region's quantity piece takes as its representative, inside the declared range when the piece reaches it. */
export function plausibleValue(piece: Interval, range: PlausibleBounds | undefined, fallback: Rational = Rational.ONE): Rational {
  if (!range) return pickNice(piece, { fallback });
  const typical = typicalValue(range);
  return pickPlausible(piece, { range: boundsInterval(range), ...(typical ? { typical } : {}) }, { fallback });
}
