// Anchored monitoring schedules on DuckDB and PostgreSQL: the decision carries the anchor and
// each phase's dates, computed in the query from the anchor's instant to the millisecond
// (UCUM months of 30.4375 d, so date anchors get date-times after a month), and a rule that
// fires without its anchor is not evaluable with the anchor named; every record equals the
// JS engine's, in both query forms, around month ends, leap days, offsets and far dates,
// and whatever the session's time zone (all time is UTC, as in the engine).
import { describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { compileQuery, compileSummaryQuery, DUCKDB, POSTGRES, type SqlDatabase } from '../src/index.js';
import { differences } from './support/agree.js';
import { onEachEngine } from './support/engines.js';

const RULES = `ruleset t version "1"
facts {
  flag: boolean
  started: date optional
  last_change: datetime optional
}
rule R-1 "anchored" source "s" when flag then monitor cbc every 1 wk for 4 wk, then every 2 wk until 12 wk, then every 1 mo from started
rule R-2 "window" source "s" when not flag then monitor cbc every 1 to 2 wk for 3 to 6 mo, then every 1 mo for 1 mo, then every 3 mo from last_change
rule R-3 "plain" source "s" when flag then monitor lft every 1 wk
rule R-4 "two anchors" source "s" when flag and last_change is present then monitor cbc every 1 d for 1 a from last_change then monitor tpmt every 1 mo for 2 mo from started
rule R-5 "overridden" source "s" overrides R-1 when flag and started more than 5000 d ago then advise because "long ago"
`;
const ir = checkText(RULES, '/m/t.vigil').ir!;

const STARTED = ['2024-02-29', '2024-01-31', '2023-12-31', '2025-02-28', '2026-11-30', '1900-01-01', '1000-03-01', '0001-01-01', '2026-12-31'];
const CHANGED = ['2026-01-01T08:00:00Z', '2024-02-29T23:59:59.999Z', '2026-03-29T01:30:00+02:00', '2025-12-31T23:00:00-05:30', '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '2026-12-31T23:59:59.999Z'];

function patients(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [{}, { flag: true }, { flag: false }];
  for (const flag of [true, false]) {
    for (const s of STARTED) out.push({ flag, started: s });
    for (const c of CHANGED) out.push({ flag, last_change: c });
    STARTED.forEach((s, k) => out.push({ flag, started: s, last_change: CHANGED[k % CHANGED.length] }));
  }
  return out;
}

const NOW = '2027-01-01T00:00:00Z';

async function agrees(db: SqlDatabase): Promise<void> {
  const { differences: diff, js } = await differences(db, ir, patients(), NOW);
  expect(diff.slice(0, 3)).toEqual([]);
  // Not vacuous: dated schedules, an anchor missing, a window.
  expect(js.some((r) => r.includes('"startLatest":"'))).toBe(true);
  expect(js.some((r) => r.includes('"missing":["started"]'))).toBe(true);
  expect(js.some((r) => r.includes('"value":"0001-01-01"'))).toBe(true);
  // Far in the future: a year past 9999 is written as the engine writes it.
  const far = await differences(db, ir, [{ flag: true, started: '9999-12-01', last_change: '9999-12-31T12:00:00Z' }, { flag: false, last_change: '9999-06-01T00:00:00Z' }], '9999-12-31T23:59:59.999Z');
  expect(far.differences).toEqual([]);
  expect(far.js.join('')).toContain('+010000-');
}

describe('anchored schedules in the SQL back end', () => {
  it('compiles in both forms, the anchor read from its column', () => {
    for (const dialect of [DUCKDB, POSTGRES]) {
      for (const compile of [compileQuery, compileSummaryQuery]) expect(compile(ir, dialect).select).toContain('CAST(2419200000 AS BIGINT)');
    }
  });

  onEachEngine({
    'dates every phase as the JS engine does': agrees,
    // New York on DuckDB, Paris on PostgreSQL: zones with daylight saving either side of UTC.
    'whatever the session time zone (one with daylight saving)': async (db, engine) => {
      await db.execute(engine === 'duckdb' ? "SET TimeZone = 'America/New_York'" : "SET TIME ZONE 'Europe/Paris'");
      try {
        await agrees(db);
      } finally {
        await db.execute(engine === 'duckdb' ? "SET TimeZone = 'UTC'" : 'RESET TIME ZONE');
      }
    },
  });
});
