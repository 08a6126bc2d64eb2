// The load step's fast paths agree with the exact ones: rowError refuses what factRow
// refuses (DuckDB's DECIMAL(38,18), and the 64-bit DECIMAL(18,s) of a bounded fact), and
// scaledDecimal is the decimal String(v) stands for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DUCKDB, decimalOf, factRow, rowError, scaledDecimal, type ColumnSpec } from '../src/index.js';

const spec: ColumnSpec = { key: 'x', kind: 'decimal', unit: 'mg' };
const values = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000),
  // Around the bounds of the fast test: 17 significant digits below 0.1 need 18 or more after the point.
  fc.double({ min: 1e-4, max: 0.2, noNaN: true }),
  fc.double({ min: 1e19, max: 1e22, noNaN: true }),
  fc.constantFrom(0, -0, 0.01, 0.009999999999999998, 0.1, 1e-7, 1e20, 99999999999999990000, 1e21, 123456789.12345678, 5e-324, 0.0012345678901234567, -0.009876543210987654),
);

// Bounded facts: their columns are DECIMAL(18,s), s = 18 minus the digits of the largest bound.
const narrow: ColumnSpec[] = [
  { key: 'x', kind: 'decimal', unit: 'mg', quantity: { range: { low: '0', high: '5000' } } },
  { key: 'x', kind: 'decimal', unit: 'mg', quantity: { range: { low: '-50', high: '9.5' } } },
  { key: 'x', kind: 'decimal', unit: 'mg', quantity: { range: { low: '0', high: '99999999' } } },
  { key: 'x', kind: 'decimal', unit: 'mg', quantity: { range: { low: '0', high: '0.5' } } },
  // A unit whose factor is no decimal (mo to a): the column stays DECIMAL(38,18).
  { key: 'x', kind: 'decimal', unit: 'a', quantity: { range: { low: '0', high: '150' }, acceptedUnits: [{ factor: '1' }, { factor: '1/12' }] } },
];
const narrowValues = fc.oneof(
  values,
  fc.double({ min: -100, max: 10_000, noNaN: true }),
  // Up to 18 digits after the point, at the edges of each scale.
  fc.tuple(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.integer({ min: 0, max: 18 })).map(([n, k]) => Number(`${n}e-${k}`)),
  fc.constantFrom(9999.99999999999, 9999.999999999999, 0.123456789012345, 1.0000000000000002, 99999999.9999999, 0.49999999999999994),
);

describe('load step fast paths', () => {
  it('on a narrow column, rowError refuses exactly what factRow refuses', () => {
    expect(narrow.map((s) => DUCKDB.quantityColumn(s.quantity).type)).toEqual(['DECIMAL(18,14)', 'DECIMAL(18,16)', 'DECIMAL(18,10)', 'DECIMAL(18,18)', 'DECIMAL(38,18)']);
    fc.assert(
      fc.property(fc.constantFrom(...narrow), narrowValues, (s, v) => {
        const full = factRow([s], { x: v }, DUCKDB);
        expect(rowError([s], { x: v }, DUCKDB)).toEqual(Array.isArray(full) ? undefined : full);
        if (Array.isArray(full)) {
          const scale = DUCKDB.quantityColumn(s.quantity).scale!;
          const d = decimalOf(v);
          expect(scaledDecimal(v, scale)).toBe(d.scaled * 10n ** BigInt(scale - d.scale));
        }
      }),
      { numRuns: 4000 },
    );
  });

  it('rowError refuses exactly what factRow refuses', () => {
    fc.assert(
      fc.property(values, (v) => {
        const full = factRow([spec], { x: v }, DUCKDB);
        expect(rowError([spec], { x: v }, DUCKDB)).toEqual(Array.isArray(full) ? undefined : full);
      }),
      { numRuns: 3000 },
    );
  });

  it('scaledDecimal is the exact decimal scaled to 18 digits', () => {
    fc.assert(
      fc.property(values, (v) => {
        fc.pre(rowError([spec], { x: v }, DUCKDB) === undefined);
        const d = decimalOf(v);
        expect(scaledDecimal(v, 18)).toBe(d.scaled * 10n ** BigInt(18 - d.scale));
      }),
      { numRuns: 3000 },
    );
  });
});
