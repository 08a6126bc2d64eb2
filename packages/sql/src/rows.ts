// The load step's last stage: facts the engine's own validator accepted (units converted
// into each fact's unit with the fact's accepted-units table, plausible ranges checked,
// codes normalised) become the cells of one facts-table row. Nothing is converted here:
// a quantity is the validated value, which the engine reads as the decimal String(v)
// stands for; a date is its epoch milliseconds.
import { ProgramTables } from '@vigil/compiler';
import type { IrProgram } from '@vigil/core';
import { preludeHelpers } from '@vigil/runtime/prelude';
import type { Dialect } from './dialect.js';

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
}

export function columnSpecs(ir: IrProgram): ColumnSpec[] {
  const t = new ProgramTables(ir);
  return t.inputs.map((k) => {
    const type = k.fact.type;
    switch (type.kind) {
      case 'boolean':
        return { key: k.key, kind: 'boolean' };
      case 'quantity':
        return { key: k.key, kind: 'decimal', unit: type.unit };
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
 * exactly (DuckDB: more fractional digits than DECIMAL(38,15) keeps); never rounded.
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
        const intDigits = dec.text.replace(/^-/, '').split('.')[0]!.replace(/^0+/, '').length;
        if (dialect.scale !== undefined && (dec.scale > dialect.scale || intDigits > dialect.precision! - dialect.scale)) {
          const u = s.unit === undefined || s.unit === '1' ? '' : ` ${s.unit}`;
          return {
            field: s.key,
            message: `${dec.text}${u} needs ${dec.scale > dialect.scale ? `${dec.scale} digits after the decimal point` : `${intDigits} digits before the decimal point`}; the ${dialect.name} facts table holds ${dialect.decimalType} exactly (use --engine js or postgres for this value)`,
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
 * (DuckDB: more digits after the point than its DECIMAL's scale, or before it than its
 * precision leaves), or undefined. The same test as factRow's, without building cells.
 */
export function rowError(specs: readonly ColumnSpec[], facts: Readonly<Record<string, unknown>>, dialect: Dialect): RowError | undefined {
  if (dialect.scale === undefined) return undefined;
  const maxInt = dialect.precision! - dialect.scale;
  // String(v) has at most 17 significant digits and no exponent from 1e-6 to 1e21: a value
  // of magnitude 10^-(scale-16) or more has at most `scale` digits after the point, one
  // under 10^maxInt at most maxInt before it. Only the others are written out and counted.
  const low = 10 ** -(dialect.scale - 16);
  const high = 10 ** Math.min(maxInt, 21);
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i]!;
    if (s.kind !== 'decimal') continue;
    const v = facts[s.key];
    if (typeof v !== 'number') continue;
    const m = Math.abs(v);
    if (m === 0 || (m >= low && m < high)) continue;
    const r = factRow([s], facts, dialect);
    if (!Array.isArray(r)) return r;
  }
  return undefined;
}

const POW10: bigint[] = [];
const pow10 = (k: number): bigint => (POW10[k] ??= 10n ** BigInt(k));

/** The scaled integer (value × 10^scale) of an input quantity, for a DECIMAL of that scale; the value fits (see rowError). */
export function scaledDecimal(v: number, scale: number): bigint {
  // An integer below 2^53 is its own digits.
  if (Number.isSafeInteger(v)) return BigInt(v) * pow10(scale);
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
