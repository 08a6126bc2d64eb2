// The engine's boundary for typed Parquet columns, in DuckDB SQL: for each input and the
// type of its column, the facts-table cell and a check that is TRUE only when the JS run
// on the same row (parquet.ts reads the cell as the value an NDJSON record would hold,
// then the engine's validator decides) accepts the cell and keeps exactly that value.
// A cell whose check is not TRUE sends its row through that JS path; NULL is a missing
// fact, valid for every column. What SQL proves:
//   quantity: integer columns of at most 15 digits; DECIMAL(p,s) with s <= 18, p - s <= 20
//     and at most 15 significant digits (the JS reader takes the double its text stands
//     for, which is that decimal exactly; a DECIMAL of p <= 15 needs no count), in the
//     fact's plausible range, exact bounds;
//   boolean: BOOLEAN; text, enum and code: VARCHAR (the validator's length, members and
//     code syntax, a code's system lower-cased);
//   date and date-time: DATE and TIMESTAMPTZ in years 1000 to 9999, whole milliseconds,
//     not after the evaluation time (`now`, epoch milliseconds);
//   set of codes, enum members or text: VARCHAR[] whose elements pass their check.
// Any other pairing (a VARCHAR quantity with its unit, a DOUBLE, a set as text) is never
// proven: those cells always go to JS.
import type { IrFact, IrType } from '@vigil/core';
import { codeSql, enumOk, rangeCheck, setOk, textOk } from './validate-sql.js';

export interface ColumnCheck {
  /** The facts-table cell, computed only where `ok` holds. */
  readonly value: string;
  /** TRUE when the cell is proven valid (not null). */
  readonly ok: string;
}

const INTEGER = /^(?:U?(?:TINY|SMALL|BIG|HUGE)?INT|INTEGER|UINTEGER)$/;
const DECIMAL = /^DECIMAL\((\d+),(\d+)\)$/;
const MAX_15 = '999999999999999';
/** 1000-01-01T00:00:00Z in epoch microseconds: the validator reads years of four digits (the JS reader writes earlier ones otherwise). */
const YEAR_1000_US = `${Date.UTC(1000, 0, 1) * 1000}`;

/**
 * The check of column `c` (a SQL expression, not null) of DuckDB type `type` for the fact's
 * input of IR type `t`, or undefined when SQL proves no cell of it. `now` is the evaluation
 * time in epoch milliseconds (a BIGINT expression).
 */
export function columnCheck(fact: IrFact, t: IrType, type: string, c: string, now: string): ColumnCheck | undefined {
  switch (t.kind) {
    case 'quantity':
      return quantityCheck(fact, type, c);
    case 'boolean':
      return type === 'BOOLEAN' ? { value: c, ok: 'TRUE' } : undefined;
    case 'text':
    case 'enum':
    case 'code':
      return type === 'VARCHAR' ? textCheck(t, c) : undefined;
    case 'date':
    case 'datetime':
      return instantCheck(type, c, now);
    case 'set': {
      if (type !== 'VARCHAR[]') return undefined;
      const e = textCheck(t.element, 'e');
      return e ? { value: `list_transform(${c}, lambda e: ${e.value})`, ok: setOk(c, e.ok) } : undefined;
    }
    default:
      return undefined;
  }
}

function textCheck(t: IrType, s: string): ColumnCheck | undefined {
  switch (t.kind) {
    case 'text':
      return { value: s, ok: textOk(s) };
    case 'enum':
      return { value: s, ok: enumOk(t.values, s) };
    case 'code':
      return codeSql(s);
    default:
      return undefined;
  }
}

function quantityCheck(fact: IrFact, type: string, c: string): ColumnCheck | undefined {
  const range = rangeCheck(fact);
  if (range === undefined) return undefined;
  // TRY_CAST: the value may be computed before the check filters its row out.
  const value = `TRY_CAST(${c} AS DECIMAL(38,18))`;
  let held: string;
  if (INTEGER.test(type)) {
    // At most 15 digits: a number the JS reader holds exactly, and its own decimal.
    held = `TRY_CAST(${c} AS HUGEINT) BETWEEN -${MAX_15} AND ${MAX_15}`;
  } else {
    const m = DECIMAL.exec(type);
    const [p, s] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
    // Within DECIMAL(38,18), so that the facts table holds the value exactly.
    if (!m || s > 18 || p - s > 20) return undefined;
    // At most 15 significant digits, so that the double the JS reader takes from the text
    // is that decimal (whose own text it gives back): always, in a DECIMAL of 15 digits or
    // fewer; otherwise counted between the first and the last non-zero digit.
    held = p <= 15 ? 'TRUE' : `length(trim(replace(replace(CAST(${c} AS VARCHAR), '-', ''), '.', ''), '0')) <= 15`;
  }
  // The range is checked on the value only where it is held (CASE: no cast of an unchecked cell).
  const inRange = range === '' ? 'TRUE' : range.replaceAll('$v', value);
  return { value, ok: held === 'TRUE' ? inRange : `CASE WHEN ${held} THEN ${inRange} ELSE FALSE END` };
}

function instantCheck(type: string, c: string, now: string): ColumnCheck | undefined {
  if (type === 'DATE') {
    // The JS reader writes the day as YYYY-MM-DD, which the validator reads as its midnight UTC.
    const ms = `(date_diff('day', DATE '1970-01-01', ${c}) * 86400000)`;
    return {
      value: `CASE WHEN ${c} BETWEEN DATE '1000-01-01' AND DATE '9999-12-31' THEN make_timestamptz(${ms} * 1000) END`,
      ok: `CASE WHEN ${c} BETWEEN DATE '1000-01-01' AND DATE '9999-12-31' THEN ${ms} <= ${now} ELSE FALSE END`,
    };
  }
  if (type === 'TIMESTAMP WITH TIME ZONE') {
    // The JS reader writes an ISO instant in UTC; a fraction below the millisecond is left to it.
    const us = `epoch_us(${c})`;
    return {
      value: c,
      ok: `CASE WHEN isfinite(${c}) THEN ${us} % 1000 = 0 AND ${us} >= ${YEAR_1000_US} AND ${us} <= ${now} * 1000 ELSE FALSE END`,
    };
  }
  return undefined;
}
