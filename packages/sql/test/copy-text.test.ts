// PostgreSQL loads the run's facts with COPY in its text format (src/copy-text.ts): any text,
// list of text, decimal, boolean and instant must come back exactly as given, whatever
// characters it holds (tabs, newlines, carriage returns, backslashes, quotes, braces, `\.`,
// `\N`, commas, NULL spelled out), and a missing fact as NULL.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type ColumnSpec, type SqlDatabase } from '../src/index.js';
import { arrayLiteral, copyText } from '../src/copy-text.js';
import { postgresBinaries, startPostgres, type TestPostgres } from './support/postgres.js';

const SPECS: ColumnSpec[] = [
  { key: 'a', kind: 'text' },
  { key: 'b', kind: 'list' },
  { key: 'c', kind: 'decimal', unit: 'mg' },
  { key: 'd', kind: 'boolean' },
  { key: 'e', kind: 'instant' },
];
const PIECES = ['\t', '\n', '\r', '\\', '\\.', '\\N', '"', "'", '{', '}', ',', 'NULL', ' ', 'é', '\u{1F600}', 'a', '$$', ';'];
const text = fc.oneof(fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((p) => p.join('')), fc.string({ unit: 'grapheme', maxLength: 8 }));
const facts = fc.record({
  a: fc.option(text, { nil: null }),
  b: fc.option(fc.array(text, { maxLength: 4 }), { nil: null }),
  c: fc.option(fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e-7, 0.1, 123456.789, -0.000001)), { nil: null }),
  d: fc.option(fc.boolean(), { nil: null }),
  e: fc.option(fc.integer({ min: -30610224000000, max: 253402300799000 }), { nil: null }),
});

describe('COPY text', () => {
  it('escapes what ends a column, a row or the data', () => {
    expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyText('\\.')).toBe('\\\\.');
    expect(copyText('plain')).toBe('plain');
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral(['a"b', 'c\\d', 'NULL', ''])).toBe('{"a\\"b","c\\\\d","NULL",""}');
  });
});

describe('PostgreSQL COPY load', () => {
  const bins = postgresBinaries();
  let server: TestPostgres | undefined;
  let db: SqlDatabase | undefined;
  beforeAll(async () => {
    if ('bin' in bins) {
      server = startPostgres(bins.bin);
      db = await openPostgres(server.url);
      await db.execute('CREATE TEMPORARY TABLE copied (patient_id BIGINT, a TEXT, b TEXT[], c NUMERIC, d BOOLEAN, e TIMESTAMPTZ)');
    }
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    server?.stop();
  });

  it.skipIf(!('bin' in bins))(`gives back every value as loaded${'reason' in bins ? ` (skipped: ${bins.reason})` : ''}`, { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(facts, { minLength: 1, maxLength: 40 }), async (rows) => {
        await db!.execute('TRUNCATE copied');
        await db!.insert('copied', rows.map((f, i) => ({ pid: i + 1, facts: f })), SPECS);
        // One JSON text per row: text and lists as JSON strings, the decimal as its exact text, the instant in epoch ms.
        const sql = `SELECT patient_id, json_build_array(a, b, c::text, d, (extract(epoch FROM e) * 1000)::bigint)::text FROM copied WHERE $1::bigint IS NOT NULL ORDER BY patient_id`;
        const got: unknown[] = [];
        for await (const r of db!.summaries(sql, 0)) got[r.pid - 1] = JSON.parse(r.summary);
        const want = rows.map((f) => [f.a, f.b, f.c === null ? null : decimalText(f.c), f.d, f.e]);
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });
});

/** The decimal a number stands for, as PostgreSQL prints a NUMERIC: no exponent. */
function decimalText(v: number): string {
  const s = String(v);
  if (!/e/i.test(s)) return s;
  const [m, e] = s.split('e') as [string, string];
  const neg = m.startsWith('-');
  const [i, f = ''] = m.replace('-', '').split('.') as [string, string?];
  const exp = Number(e);
  const digits = i + f;
  const point = i.length + exp;
  const out = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? '-' : '') + out;
}
