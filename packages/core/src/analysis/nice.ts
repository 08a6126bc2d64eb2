// Readable values inside exact intervals: a closed end itself, otherwise a number with
// few digits just inside the nearest open end (wbc < 2.5 → 2.4, alt > 40 → 41).
import { Rational } from '../units/rational.js';

/** An interval of rationals; an absent end is unbounded. */
export interface Interval {
  readonly lo?: Rational;
  readonly loStrict: boolean;
  readonly hi?: Rational;
  readonly hiStrict: boolean;
}

export const FULL: Interval = { loStrict: true, hiStrict: true };

const TEN = Rational.of(10);

export function pow10(e: number): Rational {
  return TEN.pow(e);
}

/** Largest integer not above r. */
export function floor(r: Rational): bigint {
  const q = r.num / r.den;
  return r.num < 0n && q * r.den !== r.num ? q - 1n : q;
}

/** Smallest integer not below r. */
export function ceil(r: Rational): bigint {
  return -floor(r.neg());
}

export function contains(iv: Interval, v: Rational): boolean {
  if (iv.lo) {
    const c = v.cmp(iv.lo);
    if (c < 0 || (c === 0 && iv.loStrict)) return false;
  }
  if (iv.hi) {
    const c = v.cmp(iv.hi);
    if (c > 0 || (c === 0 && iv.hiStrict)) return false;
  }
  return true;
}

export function isEmpty(iv: Interval): boolean {
  if (!iv.lo || !iv.hi) return false;
  const c = iv.lo.cmp(iv.hi);
  return c > 0 || (c === 0 && (iv.loStrict || iv.hiStrict));
}

/** Intersection of two intervals. */
export function intersect(a: Interval, b: Interval): Interval {
  let lo = a.lo;
  let loStrict = a.loStrict;
  if (b.lo && (!lo || b.lo.gt(lo) || (b.lo.eq(lo) && b.loStrict))) {
    lo = b.lo;
    loStrict = b.loStrict;
  }
  let hi = a.hi;
  let hiStrict = a.hiStrict;
  if (b.hi && (!hi || b.hi.lt(hi) || (b.hi.eq(hi) && b.hiStrict))) {
    hi = b.hi;
    hiStrict = b.hiStrict;
  }
  return { ...(lo ? { lo } : {}), loStrict, ...(hi ? { hi } : {}), hiStrict };
}

/** An integer inside, nearest the lower end (a closed integer end first), if there is one. */
function pickInteger(iv: Interval): Rational | undefined {
  if (!iv.lo && !iv.hi) return undefined;
  for (const end of [iv.lo && !iv.loStrict ? iv.lo : undefined, iv.hi && !iv.hiStrict ? iv.hi : undefined]) {
    if (end && end.isInteger()) return end;
  }
  const cands: Rational[] = [];
  if (iv.lo) cands.push(Rational.of(iv.loStrict ? floor(iv.lo) + 1n : ceil(iv.lo)));
  if (iv.hi) cands.push(Rational.of(iv.hiStrict ? ceil(iv.hi) - 1n : floor(iv.hi)));
  return cands.find((c) => contains(iv, c));
}

/** Exponent of the most significant decimal digit of a non-zero value: 10^k <= |r| < 10^(k+1). */
function msdExponent(r: Rational): number {
  const a = r.abs();
  let k = 0;
  let p = Rational.ONE;
  if (a.ge(Rational.ONE)) {
    while (a.ge(p.mul(TEN))) {
      p = p.mul(TEN);
      k++;
    }
  } else {
    while (a.lt(p)) {
      p = p.div(TEN);
      k--;
    }
  }
  return k;
}

/** Exponent of the least significant decimal digit, or undefined when the expansion does not terminate. */
function lsdExponent(r: Rational): number | undefined {
  if (!r.isTerminating()) return undefined;
  if (r.den === 1n) {
    let n = r.num < 0n ? -r.num : r.num;
    let k = 0;
    while (n !== 0n && n % 10n === 0n) {
      n /= 10n;
      k++;
    }
    return k;
  }
  let k = 0;
  let v = r;
  while (!v.isInteger()) {
    v = v.mul(TEN);
    k--;
  }
  return k;
}

/** The grid step to try first next to a boundary b: one unit below b's own last digit and below its magnitude. */
function firstStepExponent(b: Rational): number {
  if (b.isZero()) return 0;
  const msd = msdExponent(b);
  const lsd = lsdExponent(b);
  return Math.min(lsd ?? msd - 1, msd - 1);
}

export interface PickOptions {
  /** Prefer integers (days since a date). */
  readonly integer?: boolean;
  /** Value for an unbounded interval. */
  readonly fallback?: Rational;
}

/**
 * A readable value inside a non-empty interval: a closed end when there is one (the lower
 * first), otherwise the first point of the coarsest decimal grid just inside the open end.
 */
export function pickNice(iv: Interval, options: PickOptions = {}): Rational {
  if (options.integer) {
    const k = pickInteger(iv);
    if (k !== undefined) return k;
  }
  if (iv.lo && !iv.loStrict) return iv.lo;
  if (iv.hi && !iv.hiStrict) return iv.hi;
  if (!iv.lo && !iv.hi) return options.fallback ?? Rational.ONE;
  const up = iv.lo !== undefined;
  const anchor = (up ? iv.lo : iv.hi)!;
  let e = firstStepExponent(anchor);
  if (options.integer) e = Math.max(e, 0);
  for (let i = 0; i < 60; i++, e--) {
    const step = pow10(e);
    const k = up ? floor(anchor.div(step)) + 1n : ceil(anchor.div(step)) - 1n;
    const cand = Rational.of(k).mul(step);
    if (contains(iv, cand)) return cand;
  }
  // Not reached for a non-empty interval with an open end; stay exact anyway.
  return iv.lo && iv.hi ? iv.lo.add(iv.hi).div(Rational.of(2)) : up ? anchor.add(Rational.ONE) : anchor.sub(Rational.ONE);
}
