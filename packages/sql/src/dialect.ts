// What differs between the SQL engines Vigil compiles to. Everything the compiler writes
// that is not standard SQL goes through one of these functions; a new engine (Spark SQL,
// BigQuery, Trino) is a new object here (see README.md, "Adding a dialect").
import { Rational } from '@vigil/core';
import { decimalText, quoteLiteral, SqlCompileError } from './quote.js';

/** The SQL type of one quantity column, with the digits it holds exactly (undefined: unbounded). */
export interface QuantityColumn {
  readonly type: string;
  readonly precision: number | undefined;
  readonly scale: number | undefined;
}

/** What sets a quantity fact's column (ir.ts IrFact): its plausible range and accepted units, exact. */
export interface QuantityFact {
  readonly range?: { readonly low: string; readonly high?: string };
  readonly acceptedUnits?: readonly { readonly factor: string }[];
}

export type DialectName = 'duckdb' | 'postgres';

export interface Dialect {
  readonly name: DialectName;
  /** The column type of a quantity fact (canonical unit, exact). */
  readonly decimalType: string;
  /**
   * The column of a quantity fact (the widest, decimalType, when its range does not bound
   * it). Every value the engine's validator accepts lies in the fact's range.
   */
  quantityColumn(fact: QuantityFact | undefined): QuantityColumn;
  /** Fractional digits the widest quantity column holds; undefined: unbounded (NUMERIC). */
  readonly scale: number | undefined;
  /** Digits a DECIMAL holds in all, undefined: unbounded. */
  readonly precision: number | undefined;
  readonly textType: string;
  readonly textListType: string;
  readonly idType: string;
  readonly instantType: string;
  /** An exact decimal literal with an explicit type. */
  decimal(value: string): string;
  /** A list of text literals with an explicit type (empty lists too). */
  textList(items: readonly string[]): string;
  /** A list expression of text with its nulls removed. */
  compact(list: string): string;
  /** True when the list holds any of the items (items non-empty; the list not null). */
  hasAny(list: string, items: readonly string[]): string;
  /** Epoch milliseconds (BIGINT) of a timestamptz. */
  epochMs(instant: string): string;
  /** The n-th bound parameter (1-based). */
  param(n: number, type: string): string;
  /** Text ordering by code points, whatever the database's collation. */
  textOrder(expr: string): string;
}

function digits(value: string): { p: number; s: number } {
  const body = decimalText(value).replace(/^-/, '');
  const [i = '', f = ''] = body.split('.');
  const intDigits = i.replace(/^0+/, '').length;
  return { p: Math.max(intDigits + f.length, 1), s: f.length };
}

export const DUCKDB: Dialect = {
  name: 'duckdb',
  // 38 digits, 18 of them after the point: the shortest decimal of any double of magnitude
  // 0.1 or more (17 significant digits) fits exactly, with 20 digits before the point.
  decimalType: 'DECIMAL(38,18)',
  scale: 18,
  precision: 38,
  quantityColumn: duckdbQuantityColumn,
  textType: 'VARCHAR',
  textListType: 'VARCHAR[]',
  idType: 'BIGINT',
  instantType: 'TIMESTAMPTZ',
  decimal(value) {
    const { p, s } = digits(value);
    if (p > 38) throw new SqlCompileError(`the number ${value} has more than 38 digits, more than a DuckDB DECIMAL holds`);
    return `CAST(${quoteLiteral(value)} AS DECIMAL(${p},${s}))`;
  },
  textList: (items) => `CAST([${items.map(quoteLiteral).join(', ')}] AS VARCHAR[])`,
  compact: (list) => `list_filter(${list}, lambda x: x IS NOT NULL)`,
  hasAny: (list, items) => `list_has_any(${list}, CAST([${items.map(quoteLiteral).join(', ')}] AS VARCHAR[]))`,
  epochMs: (instant) => `epoch_ms(${instant})`,
  param: (n, type) => `CAST($${n} AS ${type})`,
  textOrder: (expr) => expr,
};

export const POSTGRES: Dialect = {
  name: 'postgres',
  decimalType: 'NUMERIC',
  scale: undefined,
  precision: undefined,
  quantityColumn: () => ({ type: 'NUMERIC', precision: undefined, scale: undefined }),
  textType: 'TEXT',
  textListType: 'TEXT[]',
  idType: 'BIGINT',
  instantType: 'TIMESTAMPTZ',
  decimal: (value) => `CAST(${quoteLiteral(decimalText(value))} AS NUMERIC)`,
  textList: (items) => `CAST(ARRAY[${items.map(quoteLiteral).join(', ')}] AS TEXT[])`,
  compact: (list) => `array_remove(${list}, NULL)`,
  hasAny: (list, items) => `(${list} && CAST(ARRAY[${items.map(quoteLiteral).join(', ')}] AS TEXT[]))`,
  // Stored instants are whole milliseconds, so the product is an integer.
  epochMs: (instant) => `CAST(EXTRACT(EPOCH FROM ${instant}) * 1000 AS BIGINT)`,
  param: (n, type) => `CAST($${n} AS ${type})`,
  textOrder: (expr) => `(${expr} COLLATE "C")`,
};

/**
 * A quantity whose plausible range needs at most this many digits before the point gets
 * DuckDB's 64-bit DECIMAL(18,s), s = 18 minus those digits (so at least 10 after the point):
 * appending, comparing and multiplying 64-bit decimals costs DuckDB a fraction of what
 * 128-bit DECIMAL(38,18) does. A value with more digits after the point than s is refused
 * for its record (rows.ts rowError), never rounded; intermediate results are typed by
 * DuckDB's exact decimal rules, whose widths grow with each product and sum.
 */
const NARROW_MAX_INT_DIGITS = 8;
const WIDE: QuantityColumn = { type: 'DECIMAL(38,18)', precision: 38, scale: 18 };

const NARROW = new WeakMap<QuantityFact, QuantityColumn>();

function duckdbQuantityColumn(fact: QuantityFact | undefined): QuantityColumn {
  const range = fact?.range;
  if (fact === undefined || range === undefined || range.high === undefined) return WIDE;
  let c = NARROW.get(fact);
  if (c === undefined) NARROW.set(fact, (c = (fact.acceptedUnits ?? []).every((u) => decimalFactor(u.factor)) ? narrowColumn(range.low, range.high) : WIDE));
  return c;
}

/**
 * Whether a unit factor turns a decimal into a decimal (its denominator has no prime but 2
 * and 5). Another (7 mo is 7/12 a) gives values the engine holds as the nearest double, of
 * up to 17 significant digits (0.5833333333333334 a), which no 64-bit DECIMAL holds at any
 * magnitude: such facts keep DECIMAL(38,18).
 */
function decimalFactor(factor: string): boolean {
  let d = Rational.parse(factor).den;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n;
}

function narrowColumn(low: string, high: string): QuantityColumn {
  const lo = Rational.parse(low);
  const hi = Rational.parse(high);
  const abs = (r: Rational): Rational => (r.num < 0n ? Rational.of(-r.num, r.den) : r);
  const a = abs(lo);
  const b = abs(hi);
  const max = a.num * b.den >= b.num * a.den ? a : b;
  // k: the fewest digits before the point that hold every value of the range (|v| < 10^k).
  let k = 0;
  while (k <= NARROW_MAX_INT_DIGITS && max.num >= 10n ** BigInt(k) * max.den) k++;
  if (k > NARROW_MAX_INT_DIGITS) return WIDE;
  const scale = 18 - k;
  return { type: `DECIMAL(18,${scale})`, precision: 18, scale };
}

export function dialectNamed(name: string): Dialect {
  if (name === 'duckdb') return DUCKDB;
  if (name === 'postgres' || name === 'postgresql') return POSTGRES;
  throw new SqlCompileError(`unknown SQL dialect ${JSON.stringify(name)}: expected duckdb or postgres`);
}
