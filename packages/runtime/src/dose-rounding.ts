// Rounding a dose for display to a declared step (`rounded to 25 mg/d`), embedded in
// generated engines by its source text (Function.prototype.toString), so it is
// self-contained: no imports, no references outside itself, plain JavaScript plus BigInt
// once the types are stripped.
//
// Display only: the exact dose is always reported beside it. A range shrinks to the
// multiples inside it (low rounded up, high down), so every dose shown lies within what the
// rule allows; one dose goes to the nearest multiple, a tie to the lower (the smaller
// dose). Zero is no dose: when no positive multiple fits, the answer is null and the
// engine says so instead of showing a number.

/** An exact rational [numerator, denominator], denominator positive. */
export type ExactRational = [bigint, bigint];

/**
 * The multiples of `step` (positive) that show the dose `low` (to `high`), or null when no
 * positive multiple fits. E.g. roundDose([36n, 1n], [84n, 1n], [25n, 1n]) is [[50n, 1n], [75n, 1n]];
 * roundDose([140n, 1n], null, [25n, 1n]) is [[150n, 1n]]; with `highExclusive` the high end is left out:
 * roundDose([50n, 1n], [150n, 1n], [25n, 1n], true) is [[50n, 1n], [125n, 1n]].
 */
export function roundDose(low: ExactRational, high: ExactRational | null, step: ExactRational, highExclusive?: boolean): ExactRational[] | null {
  // value / step as a fraction n/d with d > 0
  function ratio(v: ExactRational): [bigint, bigint] {
    let n = v[0] * step[1];
    let d = v[1] * step[0];
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    return [n, d];
  }
  function floor(n: bigint, d: bigint): bigint {
    const q = n / d;
    return n % d !== 0n && n < 0n ? q - 1n : q;
  }
  function ceil(n: bigint, d: bigint): bigint {
    const q = n / d;
    return n % d !== 0n && n > 0n ? q + 1n : q;
  }
  function times(k: bigint): ExactRational {
    return [k * step[0], step[1]];
  }
  if (step[0] <= 0n || step[1] <= 0n) return null;
  if (high === null) {
    const [n, d] = ratio(low);
    const k = floor(n, d);
    // The remainder (n - k·d)/d against one half: above it rounds up, a tie stays down.
    const k2 = 2n * (n - k * d) > d ? k + 1n : k;
    return k2 > 0n ? [times(k2)] : null;
  }
  const [ln, ld] = ratio(low);
  const [hn, hd] = ratio(high);
  let kl = ceil(ln, ld);
  // An excluded high end that is itself a multiple is not shown: the dose must stay below it.
  const kh = highExclusive === true && hn % hd === 0n ? hn / hd - 1n : floor(hn, hd);
  if (kl < 1n) kl = 1n;
  if (kl > kh) return null;
  return kl === kh ? [times(kl)] : [times(kl), times(kh)];
}
