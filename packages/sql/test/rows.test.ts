// The load step's fast paths agree with the exact ones: rowError refuses what factRow
// refuses (DuckDB's DECIMAL(38,18)), and scaledDecimal is the decimal String(v) stands for.
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

describe('load step fast paths', () => {
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
