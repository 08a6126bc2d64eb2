// The only ways a value from the IR reaches generated source text. Strings always go
// through `lit` (a JSON string literal that is also a valid JS/TS string literal, with
// U+2028/U+2029 and lone surrogates escaped); numbers through `int`/`num`; exact values
// through `exact`/`bigLit`. Nothing from the IR is ever emitted as an identifier or
// inside a comment.

import { Rational as CoreRational } from '@vigil/core';

export class GenerateError extends Error {
  override name = 'GenerateError';
}

/** A string literal safe in JS, TS and JSON, on any line, in any context. */
export function lit(s: string): string {
  if (typeof s !== 'string') throw new GenerateError(`expected a string, got ${typeof s}`);
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) out += esc(c);
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else out += esc(c);
    } else if (c >= 0xdc00 && c <= 0xdfff) out += esc(c);
    else out += s[i]!;
  }
  return out + '"';
}

function esc(c: number): string {
  switch (c) {
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    default:
      return '\\u' + c.toString(16).padStart(4, '0');
  }
}

/** A non-negative integer (ids, indexes, counts). */
export function int(n: number): string {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new GenerateError(`expected a non-negative integer, got ${String(n)}`);
  return String(n);
}

/** A finite double as a JS number literal (parenthesised when negative). */
export function num(n: number): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new GenerateError(`expected a finite number, got ${String(n)}`);
  if (Object.is(n, -0)) return '0';
  const s = String(n);
  return n < 0 ? `(${s})` : s;
}

export function bool(b: boolean): string {
  if (typeof b !== 'boolean') throw new GenerateError(`expected a boolean, got ${typeof b}`);
  return b ? 'true' : 'false';
}

// ---- exact values

const DECIMAL = /^-?\d+(\.\d+)?$/;
const FRACTION = /^-?\d+\/\d+$/;

export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

/**
 * Parse an IR `Exact` (decimal or reduced fraction); throws on anything else. The value is
 * core's `Rational` (the one exact arithmetic at compile time), as a numerator/denominator pair.
 */
export function parseExact(s: string): Rational {
  if (typeof s !== 'string' || s.length > 400 || !(DECIMAL.test(s) || FRACTION.test(s))) throw new GenerateError(`malformed exact number ${JSON.stringify(s)}`);
  const r = CoreRational.tryParse(s);
  if (r === undefined) throw new GenerateError(`exact number with a zero denominator: ${s}`);
  return { n: r.num, d: r.den };
}

/** The double nearest to a rational (ties to even), as core's Rational computes it. */
export function nearestDouble(r: Rational): number {
  return CoreRational.of(r.n, r.d).toNumber();
}

/** A rational as a BigInt pair literal `[5n, 2n]`. */
export function ratLit(r: Rational): string {
  return `[${r.n.toString()}n, ${r.d.toString()}n]`;
}

/** The decimal text of a rational when it terminates, else undefined. */
export function terminatingDecimal(r: Rational): string | undefined {
  const c = CoreRational.of(r.n, r.d);
  return c.isTerminating() ? c.toExact() : undefined;
}

/**
 * When comparing a double against this value with the double's own operators is exact:
 * a terminating decimal with at most 15 significant digits in the normal double range.
 * (Any two such decimals map to distinct doubles, and rounding to double is monotonic.)
 */
export function plainDecimal(r: Rational): number | undefined {
  const s = terminatingDecimal(r);
  if (s === undefined) return undefined;
  const digits = s.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length > 15) return undefined;
  const v = Number(s);
  if (!Number.isFinite(v) || (v !== 0 && (Math.abs(v) < 1e-300 || Math.abs(v) > 1e300))) return undefined;
  return v;
}

/** Text for an exact value in explanations: the decimal, or the fraction as written. */
export function exactText(s: string): string {
  const r = parseExact(s);
  return terminatingDecimal(r) ?? `${r.n}/${r.d}`;
}

/** Inside a `/** … *\/` comment: no `*\/`, each line prefixed. */
export function jsdoc(text: string, indent: string): string {
  const clean = text
    .replace(/\*\//g, '*\\/')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  const lines = clean.split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}
