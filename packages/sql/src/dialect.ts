// What differs between the SQL engines Vigil compiles to. Everything the compiler writes
// that is not standard SQL goes through one of these functions; a new engine (Spark SQL,
// BigQuery, Trino) is a new object here (see README.md, "Adding a dialect").
import { decimalText, quoteLiteral, SqlCompileError } from './quote.js';

export type DialectName = 'duckdb' | 'postgres';

export interface Dialect {
  readonly name: DialectName;
  /** The column type of a quantity fact (canonical unit, exact). */
  readonly decimalType: string;
  /** Fractional digits a quantity column holds; undefined: unbounded (NUMERIC). */
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

export function dialectNamed(name: string): Dialect {
  if (name === 'duckdb') return DUCKDB;
  if (name === 'postgres' || name === 'postgresql') return POSTGRES;
  throw new SqlCompileError(`unknown SQL dialect ${JSON.stringify(name)}: expected duckdb or postgres`);
}
