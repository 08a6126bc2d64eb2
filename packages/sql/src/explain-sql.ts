// The text of an explanation template in SQL, for the outcome rows of `vigil compile
// --target sql --explain`: a warehouse gets the engine's texts without Vigil. Numbers are
// formatted as the engine formats them, with exact integer arithmetic (HUGEINT on DuckDB,
// NUMERIC on PostgreSQL), never DOUBLE:
// - a quantity fact: String(v), the stored decimal with its trailing zeros dropped (an
//   exponent below 1e-6 and from 1e21, as JavaScript writes them);
// - an exact rational ($fmtR): the decimal when it terminates within 21 digits after the
//   point, else 12 significant digits; elapsed days ($fmtA): 12 significant digits.
// The engine rounds the nearest double to 12 digits where this rounds the exact value, so
// the two can differ in the 12th digit only when the exact value lies within half a
// double's spacing of a 12-digit half-way point (see README.md); `vigil run` formats
// with the engine's own functions and never differs.
//
// Rounding takes several steps, each a column of its own CTE (`stages`), so that no
// expression repeats its inputs.
import type { Dialect } from './dialect.js';
import type { Piece, Template, Value } from './explain.js';
import { quoteLiteral } from './quote.js';

const STAGES = 10;

export class SqlTextWriter {
  /** Per stage, the columns it adds (`name`, `sql`). */
  readonly stages: [string, string][][] = Array.from({ length: STAGES }, () => []);
  private count = 0;

  constructor(private readonly d: Dialect) {}

  private get int(): string {
    return this.d.name === 'duckdb' ? 'HUGEINT' : 'NUMERIC';
  }

  private lit(s: string): string {
    return `CAST(${quoteLiteral(s)} AS ${this.d.textType})`;
  }

  private str(x: string): string {
    return `CAST(${x} AS ${this.d.textType})`;
  }

  private div(a: string, b: string): string {
    return this.d.name === 'duckdb' ? `(${a} // ${b})` : `div(${a}, ${b})`;
  }

  private pow10(k: string): string {
    return `CAST('1' || repeat('0', CAST(${k} AS INTEGER)) AS ${this.int})`;
  }

  /** A decimal's text without trailing zeros after the point. */
  private trimmed(x: string): string {
    const t = this.str(x);
    return `CASE WHEN strpos(${t}, '.') > 0 THEN rtrim(rtrim(${t}, '0'), '.') ELSE ${t} END`;
  }

  /** The SQL text of a template, `guard` true where it is read (NULL elsewhere, at no cost). */
  text(t: Template, guard: string): string {
    return this.pieces(t.pieces, guard);
  }

  private pieces(ps: readonly Piece[], guard: string): string {
    if (ps.length === 0) return this.lit('');
    const parts = ps.map((p) => this.piece(p, guard));
    return parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})`;
  }

  private piece(p: Piece, guard: string): string {
    if (typeof p === 'string') return this.lit(p);
    if ('value' in p) return this.value(p.value, guard);
    if ('test' in p) return `CASE WHEN ${p.test} THEN ${this.pieces(p.then, guard)} ELSE ${this.pieces(p.else, guard)} END`;
    const { label, none, terms } = p.includes;
    const items = terms.map((x) => `CASE WHEN ${x.sql} = ${quoteLiteral(x.name)} THEN ${this.lit(x.name)} ELSE ${this.lit(`${x.name} (`)} || ${x.sql} || ')' END`);
    const any = terms.length === 0 ? 'NULL' : `COALESCE(${terms.map((x) => x.sql).join(', ')})`;
    return `CASE WHEN ${any} IS NULL THEN ${this.lit(none)} ELSE ${this.lit(`${label} includes `)} || concat_ws(', ', ${items.join(', ')}) END`;
  }

  private value(v: Value, guard: string): string {
    switch (v.kind) {
      case 'fact':
        return this.factText(v.sql);
      case 'rat':
        return this.exact(v.n, v.d, 'R', guard);
      case 'days':
        return this.exactInts(`CAST(${v.sql} AS ${this.int})`, `CAST(86400000 AS ${this.int})`, 'A', guard);
      case 'date':
        return this.dateText(v.sql, v.dateOnly);
      case 'json':
        return this.json(v.sql);
      case 'raw':
        return this.str(v.sql);
      case 'bool3':
        return `CASE WHEN ${v.sql} THEN 'true' WHEN NOT ${v.sql} THEN 'false' ELSE 'unknown' END`;
    }
  }

  /** String(v) of a stored decimal: plain, or with an exponent below 1e-6 and from 1e21. */
  private factText(x: string): string {
    const t = this.trimmed(x);
    const a = `ltrim(${t}, '-')`;
    const sign = `CASE WHEN ${t} LIKE '-%' THEN '-' ELSE '' END`;
    const frac = `substr(${a}, 3)`;
    const digits = `ltrim(${frac}, '0')`;
    const mant = (ds: string) => `left(${ds}, 1) || CASE WHEN length(${ds}) > 1 THEN '.' || substr(${ds}, 2) ELSE '' END`;
    const small = `${sign} || ${mant(digits)} || 'e-' || ${this.str(`length(${frac}) - length(${digits}) + 1`)}`;
    const bigDigits = `rtrim(${a}, '0')`;
    const big = `${sign} || ${mant(bigDigits)} || 'e+' || ${this.str(`length(${a}) - 1`)}`;
    return `CASE WHEN ${a} LIKE '0.000000%' THEN ${small} WHEN strpos(${a}, '.') = 0 AND length(${a}) > 21 THEN ${big} ELSE ${t} END`;
  }

  private dateText(ms: string, dateOnly: boolean): string {
    if (this.d.name === 'duckdb') return `strftime(make_timestamp(CAST(${ms} AS BIGINT) * 1000), ${quoteLiteral(dateOnly ? '%Y-%m-%d' : '%Y-%m-%dT%H:%M:%S.%gZ')})`;
    return `to_char(TIMESTAMP '1970-01-01 00:00:00' + ${ms} * INTERVAL '1 millisecond', ${quoteLiteral(dateOnly ? 'YYYY-MM-DD' : 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')})`;
  }

  /** JSON.stringify of a text: quotes and backslashes escaped, control characters as JSON writes them. */
  private json(x: string): string {
    let s = `replace(replace(${this.str(x)}, '\\', '\\\\'), '"', '\\"')`;
    const named: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
    for (let c = 1; c < 32; c++) s = `replace(${s}, chr(${c}), ${quoteLiteral(named[c] ?? `\\u${c.toString(16).padStart(4, '0')}`)})`;
    return `'"' || ${s} || '"'`;
  }

  /** An exact rational of two decimals (denominator null: 1). */
  private exact(n: string, d: string | null, mode: 'R' | 'A', guard: string): string {
    const k = this.count;
    // The decimals' texts once (stage 0), then their integers and scales.
    const nt = `x${k}_nt`;
    const dt = `x${k}_dt`;
    this.stages[0]!.push([nt, `CASE WHEN ${guard} THEN ${this.trimmed(n)} END`]);
    if (d !== null) this.stages[0]!.push([dt, `CASE WHEN ${guard} THEN ${this.trimmed(d)} END`]);
    const intOf = (t: string) => `CAST(replace(${t}, '.', '') AS ${this.int})`;
    const scaleOf = (t: string) => `CASE WHEN strpos(${t}, '.') > 0 THEN length(${t}) - strpos(${t}, '.') ELSE 0 END`;
    if (d === null) return this.exactInts(intOf(nt), this.pow10(scaleOf(nt)), mode, 'TRUE', 1);
    // n / d = (nI * 10^ds) / (dI * 10^ns), the denominator made positive.
    const a = `(${intOf(nt)} * ${this.pow10(scaleOf(dt))})`;
    const b = `(${intOf(dt)} * ${this.pow10(scaleOf(nt))})`;
    return this.exactInts(`CASE WHEN ${b} < 0 THEN -${a} ELSE ${a} END`, `abs(${b})`, mode, 'TRUE', 1);
  }

  /** a * 2^(52 - e) for the e with 2^e <= a / b < 2^(e+1), e from -27 to 20; exact integers only. */
  private scaledToBinary(a: string, b: number): string {
    const big = (n: bigint) => `CAST('${n.toString()}' AS ${this.int})`;
    const whens: string[] = [];
    for (let e = 20; e >= -27; e--) {
      const lhs = e >= 0 ? a : `${a} * ${big(1n << BigInt(-e))}`;
      const rhs = big(BigInt(b) * (e >= 0 ? 1n << BigInt(e) : 1n));
      whens.push(`WHEN ${lhs} >= ${rhs} THEN ${a} * ${big(1n << BigInt(52 - e))}`);
    }
    return `CASE ${whens.join(' ')} END`;
  }

  /** $fmtR (mode R) or $fmtA (mode A) of the exact rational a / b, b > 0, from stage `from` on. */
  private exactInts(a: string, b: string, mode: 'R' | 'A', guard: string, from = 0): string {
    const k = this.count++;
    const c = (s: string) => `x${k}_${s}`;
    const add = (stage: number, name: string, sql: string) => this.stages[from + stage]!.push([c(name), sql]);
    const len = (x: string) => `length(${this.str(x)})`;
    const P21 = `CAST('1${'0'.repeat(21)}' AS ${this.int})`;
    add(0, 'a', `CASE WHEN ${guard} THEN abs(${a}) END`);
    add(0, 'b', `CASE WHEN ${guard} THEN ${b} END`);
    add(0, 'n', `CASE WHEN ${guard} THEN ${a} < 0 END`);
    add(1, 'g', `gcd(${c('a')}, ${c('b')})`);
    add(2, 'a2', this.div(c('a'), c('g')));
    add(2, 'b2', this.div(c('b'), c('g')));
    // 15 digits or so of the quotient: enough to round to 12 significant digits.
    add(3, 'k', `15 - ${len(c('a2'))} + ${len(c('b2'))}`);
    add(4, 'q', `CASE WHEN ${c('a2')} = 0 THEN CAST(0 AS ${this.int}) WHEN ${c('k')} >= 0 THEN ${this.div(`${c('a2')} * ${this.pow10(c('k'))}`, c('b2'))} ELSE ${this.div(c('a2'), `${c('b2')} * ${this.pow10(`-${c('k')}`)}`)} END`);
    add(5, 'lq', len(c('q')));
    add(6, 'top', `CASE WHEN ${c('a2')} = 0 THEN CAST(0 AS ${this.int}) ELSE ${this.div(c('q'), this.pow10(`${c('lq')} - 13`))} END`);
    if (mode === 'A') {
      // The engine rounds the double nearest to a / b: on an exact 12-digit half-way point
      // (the 13th digit 5 and nothing after it), it rounds down when that double is below
      // the value. Whether it is: a * 2^s over b, s putting the quotient in [2^52, 2^53), has a
      // remainder that rounds the 53-bit quotient down (less than half, or half with an even
      // quotient) without being zero. Elapsed milliseconds over a day: exponents -27 to 20.
      add(1, 't', this.scaledToBinary(c('a'), 86400000));
      const D = `CAST(86400000 AS ${this.int})`;
      const rem = `(${c('t')} % ${D})`;
      add(2, 'bl', `${rem} <> 0 AND NOT (2 * ${rem} > ${D} OR (2 * ${rem} = ${D} AND ${this.div(c('t'), D)} % 2 = 1))`);
      add(5, 'ex', `CASE WHEN ${c('k')} >= 0 THEN (${c('a2')} * ${this.pow10(c('k'))}) % ${c('b2')} = 0 ELSE ${c('a2')} % (${c('b2')} * ${this.pow10(`-${c('k')}`)}) = 0 END`);
      add(6, 'rest', `${c('q')} % ${this.pow10(`${c('lq')} - 13`)} = 0`);
      add(7, 'r', `${this.div(c('top'), '10')} + CASE WHEN ${c('top')} % 10 > 5 THEN 1 WHEN ${c('top')} % 10 = 5 THEN CASE WHEN ${c('ex')} AND ${c('rest')} AND ${c('bl')} THEN 0 ELSE 1 END ELSE 0 END`);
    } else add(7, 'r', `${this.div(c('top'), '10')} + CASE WHEN ${c('top')} % 10 >= 5 THEN 1 ELSE 0 END`);
    const T12 = `CAST('1${'0'.repeat(12)}' AS ${this.int})`;
    const T11 = `CAST('1${'0'.repeat(11)}' AS ${this.int})`;
    const ds = `rtrim(${this.str(`CASE WHEN ${c('r')} = ${T12} THEN ${T11} ELSE ${c('r')} END`)}, '0')`;
    const e = `(${c('lq')} - 1 - ${c('k')} + CASE WHEN ${c('r')} = ${T12} THEN 1 ELSE 0 END)`;
    // The digits and exponent in the last stage, whatever stage the steps started at.
    this.stages[STAGES - 1]!.push([c('ds'), ds], [c('e'), e]);
    // The last stage reads the columns above; its own expression is returned.
    const D = c('ds');
    const E = c('e');
    const mant = `left(${D}, 1) || CASE WHEN length(${D}) > 1 THEN '.' || substr(${D}, 2) ELSE '' END`;
    const plain = `CASE WHEN ${E} >= 0 THEN (CASE WHEN length(${D}) <= ${E} + 1 THEN ${D} || repeat('0', CAST(${E} + 1 - length(${D}) AS INTEGER)) ELSE left(${D}, CAST(${E} + 1 AS INTEGER)) || '.' || substr(${D}, CAST(${E} + 2 AS INTEGER)) END) ELSE '0.' || repeat('0', CAST(-${E} - 1 AS INTEGER)) || ${D} END`;
    const sig12 = `CASE WHEN ${E} >= 21 OR ${E} < -6 THEN ${mant} || 'e' || CASE WHEN ${E} > 0 THEN '+' ELSE '-' END || ${this.str(`abs(${E})`)} ELSE ${plain} END`;
    const sign = `CASE WHEN ${c('n')} THEN '-' ELSE '' END`;
    if (mode === 'A') return `CASE WHEN ${c('a2')} = 0 THEN '0' ELSE ${sign} || ${sig12} END`;
    // Terminating within 21 digits after the point: the exact decimal, its integer part and
    // its fraction apart (a2 * 10^21 would overflow HUGEINT for a value from about 1.7e17;
    // the fraction, below 10^21, cannot).
    const whole = this.str(this.div(c('a2'), c('b2')));
    const frac = `rtrim(lpad(${this.str(`(${c('a2')} % ${c('b2')}) * ${this.div(P21, c('b2'))}`)}, 21, '0'), '0')`;
    const dec = `CASE WHEN ${frac} = '' THEN ${whole} ELSE ${whole} || '.' || ${frac} END`;
    return `CASE WHEN ${c('a2')} = 0 THEN '0' WHEN ${P21} % ${c('b2')} = 0 THEN ${sign} || ${dec} ELSE ${sign} || ${sig12} END`;
  }
}
