// The load step's last stage: facts the engine's own validator accepted (units converted
// into each fact's unit with the fact's accepted-units table, plausible ranges checked,
// codes normalised) become the cells of one facts-table row. Nothing is converted here:
// a quantity is the validated value, which the engine reads as the decimal String(v)
// stands for; a date is its epoch milliseconds.
import { ProgramTables } from '@vigil/compiler';
import type { IrProgram } from '@vigil/core';
import { preludeHelpers } from '@vigil/runtime/prelude';
import type { Dialect, QuantityFact } from './dialect.js';

/** A cell: null, a boolean, text, a list of text, an exact decimal (scaled integer and its scale), or an instant in epoch milliseconds. */
export type Cell =
  | null
  | boolean
  | string
  | readonly string[]
  | { readonly kind: 'decimal'; readonly text: string; readonly scaled: bigint; readonly scale: number }
  | { readonly kind: 'instant'; readonly ms: number };

export interface RowError {
  readonly field: string;
  readonly message: string;
}

export interface ColumnSpec {
  readonly key: string;
  readonly kind: 'boolean' | 'text' | 'list' | 'decimal' | 'instant';
  /** The fact's unit, for messages. */
  readonly unit?: string;
  /** A quantity's fact (range, accepted units), which sets its column's DECIMAL (Dialect.quantityColumn). */
  readonly quantity?: QuantityFact;
}

export function columnSpecs(ir: IrProgram): ColumnSpec[] {
  const t = new ProgramTables(ir);
  return t.inputs.map((k) => {
    const type = k.fact.type;
    switch (type.kind) {
      case 'boolean':
        return { key: k.key, kind: 'boolean' };
      case 'quantity':
        return { key: k.key, kind: 'decimal', unit: type.unit, quantity: k.fact };
      case 'date':
      case 'datetime':
        return { key: k.key, kind: 'instant' };
      case 'set':
        return { key: k.key, kind: 'list' };
      default:
        return { key: k.key, kind: 'text' };
    }
  });
}

/** The exact decimal a double stands for in the engine (String(v)), without an exponent. */
export function decimalOf(v: number): { text: string; scaled: bigint; scale: number } {
  const s = String(v);
  // Without an exponent, String(v) is the decimal itself: its digits are the scaled value.
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (m) {
    const frac = m[3] ?? '';
    return { text: s, scaled: BigInt(`${m[1]}${m[2]}${frac}`), scale: frac.length };
  }
  const r = preludeHelpers().decToRat(s);
  if (r === null) throw new RangeError(`not a finite number: ${String(v)}`);
  const [n, d] = r;
  // d is a power of ten: the scale is its number of zeros.
  const scale = d.toString().length - 1;
  const neg = n < 0n;
  let digits = (neg ? -n : n).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  }
  return { text: (neg ? '-' : '') + digits, scaled: n, scale };
}

/**
 * The row of validated facts, or the first input the dialect's facts table cannot hold
 * exactly (DuckDB: more digits after the point than its column's DECIMAL keeps, or before
 * it than its precision leaves); never rounded.
 */
export function factRow(specs: readonly ColumnSpec[], facts: Readonly<Record<string, unknown>>, dialect: Dialect): Cell[] | RowError {
  const cells: Cell[] = new Array<Cell>(specs.length);
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i]!;
    const v = facts[s.key];
    if (v === null || v === undefined) {
      cells[i] = null;
      continue;
    }
    switch (s.kind) {
      case 'boolean':
        cells[i] = v as boolean;
        break;
      case 'text':
        cells[i] = v as string;
        break;
      case 'list':
        cells[i] = v as string[];
        break;
      case 'instant':
        cells[i] = { kind: 'instant', ms: v as number };
        break;
      case 'decimal': {
        const dec = decimalOf(v as number);
        const col = dialect.quantityColumn(s.quantity);
        const intDigits = dec.text.replace(/^-/, '').split('.')[0]!.replace(/^0+/, '').length;
        if (col.scale !== undefined && (dec.scale > col.scale || intDigits > col.precision! - col.scale)) {
          const u = s.unit === undefined || s.unit === '1' ? '' : ` ${s.unit}`;
          return {
            field: s.key,
            message: `${dec.text}${u} needs ${dec.scale > col.scale ? `${dec.scale} digits after the decimal point` : `${intDigits} digits before the decimal point`}; the ${dialect.name} facts table holds ${s.key} as ${col.type} exactly (use --engine js or postgres for this value)`,
          };
        }
        cells[i] = { kind: 'decimal', ...dec };
        break;
      }
    }
  }
  return cells;
}

/**
 * The first input of validated facts that the dialect's facts table cannot hold exactly
 * (DuckDB: more digits after the point than its column's scale, or before it than its
 * precision leaves), or undefined. The same test as factRow's, without building cells.
 */
export function rowError(specs: readonly ColumnSpec[], facts: Readonly<Record<string, unknown>>, dialect: Dialect): RowError | undefined {
  if (dialect.scale === undefined) return undefined;
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i]!;
    if (s.kind !== 'decimal') continue;
    const v = facts[s.key];
    if (typeof v !== 'number') continue;
    const col = dialect.quantityColumn(s.quantity);
    const scale = col.scale!;
    const maxInt = col.precision! - scale;
    // String(v) has at most 17 significant digits and no exponent from 1e-6 to 1e21: a value
    // of magnitude 10^-(scale-16) or more has at most `scale` digits after the point, one
    // under 10^maxInt at most maxInt before it. Otherwise its text says (exponents: factRow).
    const m = Math.abs(v);
    if (m === 0 || (m >= 10 ** -(scale - 16) && m < 10 ** Math.min(maxInt, 21))) continue;
    if (scaledExactly(v, scale) !== undefined) continue;
    if (m < 10 ** Math.min(maxInt, 21)) {
      const t = String(m);
      if (t.indexOf('e') < 0) {
        const dot = t.indexOf('.');
        if (dot < 0 || t.length - dot - 1 <= scale) continue;
      }
    }
    const r = factRow([s], facts, dialect);
    if (!Array.isArray(r)) return r;
  }
  return undefined;
}

const POW10: bigint[] = [];
const pow10 = (k: number): bigint => (POW10[k] ??= 10n ** BigInt(k));

const POW10_NUM: number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);
const LIMIT = 2 ** 51;

/**
 * v × 10^scale as an integer, when String(v) has at most `scale` digits after the point
 * and the integer is under 2^51; otherwise undefined (then the text decides). Proof: r / 10^s
 * is correctly rounded (both exact doubles), so r·10^-s is a decimal that reads back as v;
 * String(v), the shortest such decimal, then ends no further right than 10^-s; and two
 * decimals 10^-s apart cannot both read back as v, because under 2^51·10^-s the doubles
 * are less than half of 10^-s apart. So String(v) is r·10^-s.
 */
export function scaledExactly(v: number, scale: number): number | undefined {
  const p = POW10_NUM[scale];
  if (p === undefined) return undefined;
  const r = Math.round(v * p);
  return Math.abs(r) < LIMIT && r / p === v ? r : undefined;
}

/** The scaled integer (value × 10^scale) of an input quantity, for a DECIMAL of that scale; the value fits (see rowError). */
export function scaledDecimal(v: number, scale: number): bigint {
  // An integer below 2^53 is its own digits.
  if (Number.isSafeInteger(v)) return BigInt(v) * pow10(scale);
  const r = scaledExactly(v, scale);
  if (r !== undefined) return BigInt(r);
  const text = String(v);
  if (text.indexOf('e') >= 0) {
    const d = decimalOf(v);
    return d.scaled * pow10(scale - d.scale);
  }
  const dot = text.indexOf('.');
  if (dot < 0) return BigInt(text.padEnd(text.length + scale, '0'));
  const frac = text.slice(dot + 1);
  return BigInt(text.slice(0, dot) + frac.padEnd(scale, '0'));
}
