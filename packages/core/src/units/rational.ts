// Exact rational numbers on BigInt: the arithmetic behind Vigil's exact quantities
// and unit conversion factors. A `Rational` is immutable and always reduced
// (gcd(num, den) = 1, den > 0), so structural equality is value equality.
// `toExact()` produces the IR's `Exact` form: a decimal when it terminates,
// otherwise the reduced fraction "n/d".

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const FRACTION_RE = /^([+-])?(\d+)\/(\d+)$/;

export class Rational {
  /** Numerator; carries the sign. */
  readonly num: bigint;
  /** Denominator; always positive. */
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  static readonly ZERO: Rational = new Rational(0n, 1n);
  static readonly ONE: Rational = new Rational(1n, 1n);

  /** `num / den`, reduced. Throws on a zero denominator. */
  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    let n = typeof num === 'number' ? Rational.integerToBigInt(num) : num;
    let d = typeof den === 'number' ? Rational.integerToBigInt(den) : den;
    if (d === 0n) throw new RangeError('Rational: zero denominator');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n, d);
    if (g > 1n) {
      n /= g;
      d /= g;
    }
    if (n === 0n) return Rational.ZERO;
    return new Rational(n, d);
  }

  private static integerToBigInt(n: number): bigint {
    if (!Number.isSafeInteger(n)) throw new RangeError(`Rational: ${n} is not a safe integer`);
    return BigInt(n);
  }

  /**
   * Parses an integer (`"12"`), a decimal (`"2.5"`, `"-0.125"`, `".5"`), a decimal with an
   * exponent (`"1e-3"`, `"2.5E+4"`) or a fraction (`"1/3"`, `"-7/2"`). Returns undefined on
   * anything else.
   */
  static tryParse(text: string): Rational | undefined {
    const s = text.trim();
    const f = FRACTION_RE.exec(s);
    if (f) {
      const den = BigInt(f[3]!);
      if (den === 0n) return undefined;
      const num = BigInt(f[2]!);
      return Rational.of(f[1] === '-' ? -num : num, den);
    }
    const m = DECIMAL_RE.exec(s);
    if (!m) return undefined;
    const intPart = m[2] ?? '';
    const fracPart = m[3] ?? '';
    if (intPart === '' && fracPart === '') return undefined;
    const exp = m[4] === undefined ? 0 : Number(m[4]);
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > 100_000) return undefined;
    let num = BigInt((intPart + fracPart) || '0');
    if (m[1] === '-') num = -num;
    const scale = exp - fracPart.length;
    return scale >= 0 ? Rational.of(num * 10n ** BigInt(scale), 1n) : Rational.of(num, 10n ** BigInt(-scale));
  }

  /** As {@link tryParse}, but throws on malformed input. */
  static parse(text: string): Rational {
    const r = Rational.tryParse(text);
    if (r === undefined) throw new SyntaxError(`Rational: cannot parse ${JSON.stringify(text)}`);
    return r;
  }

  /**
   * The decimal a double stands for: the shortest decimal that round-trips to it
   * (`String(n)`), read exactly. So `fromNumber(0.1)` is 1/10, not the binary value
   * 3602879701896397/36028797018963968. Throws on NaN and infinities.
   */
  static fromNumber(n: number): Rational {
    if (!Number.isFinite(n)) throw new RangeError(`Rational: ${n} is not finite`);
    return Rational.parse(String(n));
  }

  add(o: Rational): Rational {
    if (this.den === o.den) return Rational.of(this.num + o.num, this.den);
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  sub(o: Rational): Rational {
    return this.add(o.neg());
  }

  mul(o: Rational): Rational {
    return Rational.of(this.num * o.num, this.den * o.den);
  }

  /** Throws on division by zero. */
  div(o: Rational): Rational {
    if (o.num === 0n) throw new RangeError('Rational: division by zero');
    return Rational.of(this.num * o.den, this.den * o.num);
  }

  neg(): Rational {
    return this.num === 0n ? this : new Rational(-this.num, this.den);
  }

  abs(): Rational {
    return this.num < 0n ? new Rational(-this.num, this.den) : this;
  }

  /** Multiplicative inverse; throws on zero. */
  inv(): Rational {
    return Rational.ONE.div(this);
  }

  /** Integer power (negative exponents invert). */
  pow(exponent: number): Rational {
    if (!Number.isInteger(exponent)) throw new RangeError('Rational: non-integer exponent');
    if (exponent === 0) return Rational.ONE;
    const e = BigInt(Math.abs(exponent));
    const r = Rational.of(this.num ** e, this.den ** e);
    return exponent < 0 ? r.inv() : r;
  }

  cmp(o: Rational): -1 | 0 | 1 {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  eq(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  lt(o: Rational): boolean {
    return this.cmp(o) < 0;
  }
  le(o: Rational): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Rational): boolean {
    return this.cmp(o) > 0;
  }
  ge(o: Rational): boolean {
    return this.cmp(o) >= 0;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  isInteger(): boolean {
    return this.den === 1n;
  }

  sign(): -1 | 0 | 1 {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }

  /** True when the decimal expansion terminates (the denominator is 2^a·5^b). */
  isTerminating(): boolean {
    let d = this.den;
    while (d % 2n === 0n) d /= 2n;
    while (d % 5n === 0n) d /= 5n;
    return d === 1n;
  }

  /**
   * The IR's `Exact` form: a plain decimal without exponent when it terminates
   * (`"2.5"`, `"-0.125"`, `"1000"`), otherwise the reduced fraction `"n/d"`.
   * `Rational.parse(r.toExact())` always equals `r`.
   */
  toExact(): string {
    if (this.den === 1n) return this.num.toString();
    let twos = 0;
    let fives = 0;
    let d = this.den;
    while (d % 2n === 0n) {
      d /= 2n;
      twos++;
    }
    while (d % 5n === 0n) {
      d /= 5n;
      fives++;
    }
    if (d !== 1n) return `${this.num}/${this.den}`;
    const k = Math.max(twos, fives);
    const scaled = (this.num < 0n ? -this.num : this.num) * (10n ** BigInt(k) / this.den);
    const digits = scaled.toString().padStart(k + 1, '0');
    const text = `${digits.slice(0, digits.length - k)}.${digits.slice(digits.length - k)}`;
    return this.num < 0n ? `-${text}` : text;
  }

  toString(): string {
    return this.toExact();
  }

  toJSON(): string {
    return this.toExact();
  }

  /**
   * The double nearest to this value (ties to even), computed exactly on BigInt:
   * the value is scaled by a power of two so that the integer quotient has 53 bits
   * (fewer in the subnormal range), rounded once using the remainder, and the power of
   * two is applied back, which is exact. Overflow gives ±Infinity.
   */
  toNumber(): number {
    if (this.num === 0n) return 0;
    const negative = this.num < 0n;
    const n = negative ? -this.num : this.num;
    const d = this.den;
    // Choose e so that q = n / (d·2^e) lies in [2^52, 2^53).
    let e = bitLength(n) - bitLength(d) - 53;
    const quotient = (exp: number): [bigint, bigint, bigint] => {
      const nn = exp < 0 ? n << BigInt(-exp) : n;
      const dd = exp > 0 ? d << BigInt(exp) : d;
      return [nn / dd, nn % dd, dd];
    };
    let [q, r, dd] = quotient(e);
    if (q >= 1n << 53n) {
      e += 1;
      [q, r, dd] = quotient(e);
    } else if (q < 1n << 52n) {
      e -= 1;
      [q, r, dd] = quotient(e);
    }
    if (e < -1074) {
      // Subnormal: fix the exponent at the smallest one and keep fewer bits.
      e = -1074;
      [q, r, dd] = quotient(e);
    }
    // Round half to even.
    const twice = r * 2n;
    if (twice > dd || (twice === dd && (q & 1n) === 1n)) q += 1n;
    if (q === 1n << 53n) {
      q >>= 1n;
      e += 1;
    }
    if (e > 971) return negative ? -Infinity : Infinity;
    const value = Number(q) * 2 ** e;
    return negative ? -value : value;
  }

  /**
   * A decimal for display, rounded half away from zero, trailing zeros dropped.
   * `maxDigits` bounds the significant digits shown after the point: values of 1 or more
   * get `maxDigits` fractional digits (10/3 → "3.333333"); smaller values keep their
   * leading zeros plus `maxDigits` digits (1/3 → "0.333333", 1/3000 → "0.000333333").
   * Exact decimals that fit are shown in full.
   */
  toDecimalString(maxDigits = 6): string {
    const n = this.num < 0n ? -this.num : this.num;
    const d = this.den;
    let fractionDigits = maxDigits;
    if (n < d && n !== 0n) {
      // Count leading zeros after the point: smallest z with n·10^(z+1) >= d.
      let z = 0;
      let t = n * 10n;
      while (t < d) {
        t *= 10n;
        z++;
      }
      fractionDigits = z + maxDigits;
    }
    const scale = 10n ** BigInt(fractionDigits);
    let q = (n * scale) / d;
    const r = (n * scale) % d;
    if (r * 2n >= d) q += 1n;
    if (q === 0n) return '0';
    const digits = q.toString().padStart(fractionDigits + 1, '0');
    const intPart = digits.slice(0, digits.length - fractionDigits);
    const fracPart = digits.slice(digits.length - fractionDigits).replace(/0+$/, '');
    const text = fracPart === '' ? intPart : `${intPart}.${fracPart}`;
    return this.num < 0n ? `-${text}` : text;
  }

  /** Smaller of two values. */
  static min(a: Rational, b: Rational): Rational {
    return a.le(b) ? a : b;
  }

  /** Larger of two values. */
  static max(a: Rational, b: Rational): Rational {
    return a.ge(b) ? a : b;
  }
}
