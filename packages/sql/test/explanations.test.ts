// Explanations on the SQL engines, both forms (the summary `vigil run` reads, whose texts
// are made with the engine's formatters, and the outcome rows of `evaluate.sql --explain`,
// whose texts are made in SQL): elapsed days of datetimes to the millisecond (among them
// exact 12-digit half-way points, where the engine rounds the nearest double), and texts
// that JSON escapes or that hold the summary's separators.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkText, type IrProgram } from '@vigil/core';
import { openDuckDb, openPostgres, type SqlDatabase } from '../src/index.js';
import { differences } from './support/agree.js';
import { postgresBinaries, startPostgres, type TestPostgres } from './support/postgres.js';

const NOW = '2026-01-01T00:00:00Z';
const NOW_MS = Date.parse(NOW);

const RULES = `ruleset expl version "1"
facts {
  last_dose: datetime "Last dose"
  note: text "Note"
}
rule OLD "old dose" source "s" when last_dose more than 2 d ago then advise because "a"
rule RECENT "recent dose" source "s" when not (last_dose more than 100 d ago) then caution azathioprine because "c"
rule NOTE "note" source "s" when note = "x" or note != "a\\"b" then advise because "n"
`;

function ir(): IrProgram {
  const r = checkText(RULES, '/m/x.vigil');
  if (!r.ir) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.ir;
}

// 179.9356346875 d and 100.0000003125 d: exact half-way points of 12 significant digits.
const TIES = [15_546_438_837, 8_640_000_027];
const NOTES = ['x', 'a"b', 'a\\"b', 'tab\there', 'line\nbreak', 'semi;colon|bar,comma', 'bell\u0007', '$$ dollar', 'back\\slash\\z', 'é ü 😀'];

function patients(): Record<string, unknown>[] {
  const ms = fc.sample(fc.integer({ min: 1, max: 400 * 86_400_000 }), { numRuns: 300, seed: 7 });
  const out: Record<string, unknown>[] = [...TIES, ...ms].map((m) => ({ last_dose: new Date(NOW_MS - m).toISOString() }));
  // Multiples of 27 ms make the days terminate: more half-way points among them.
  for (const m of fc.sample(fc.integer({ min: 1, max: 15 * 86_400_000 }), { numRuns: 200, seed: 8 })) out.push({ last_dose: new Date(NOW_MS - 27 * m).toISOString() });
  for (const note of NOTES) out.push({ note });
  return out;
}

async function check(db: SqlDatabase): Promise<void> {
  const r = await differences(db, ir(), patients(), NOW);
  expect(r.differences.slice(0, 3)).toEqual([]);
  const all = r.js.join('\n');
  // Not vacuous: the half-way points and the escaped texts are explained.
  expect(all).toContain('last_dose 179.935634687 d ago, more than 2 d');
  expect(all).toContain('last_dose 100.000000313 d ago, more than 2 d');
  expect(all).toContain(' d ago, not more than 100 d');
  expect(all).toContain('"text":"note = \\"tab\\\\there\\", != \\"a\\\\\\"b\\""');
}

describe('explanations in SQL', () => {
  it('DuckDB: elapsed days and texts as the JS engine writes them', { timeout: 120_000 }, async () => {
    const db = await openDuckDb();
    try {
      await check(db);
    } finally {
      await db.close();
    }
  });

  describe('PostgreSQL', () => {
    const bins = postgresBinaries();
    let server: TestPostgres | undefined;
    beforeAll(() => {
      if ('bin' in bins) server = startPostgres(bins.bin);
    }, 120_000);
    afterAll(() => server?.stop());
    it.skipIf(!('bin' in bins))(`elapsed days and texts as the JS engine writes them${'reason' in bins ? ` (skipped: ${bins.reason})` : ''}`, { timeout: 120_000 }, async () => {
      const db = await openPostgres(server!.url);
      try {
        await check(db);
      } finally {
        await db.close();
      }
    });
  });
});
