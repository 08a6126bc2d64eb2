// Duration intervals in monitoring schedules on DuckDB: the decision carries both ends, as
// the JS engine reports them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import type { Decision } from '@vigil/runtime';
import { openDuckDb, runOnDatabase, type SqlDatabase } from '../src/index.js';

const RULES = `ruleset t version "1"
facts { flag: boolean }
rule R-1 "ranges" source "s" when flag then monitor cbc every 1 to 2 wk for 3 to 6 mo, then every 8 h to 1 d until 1 a, then every 1 mo
`;

let db: SqlDatabase;
beforeAll(async () => {
  db = await openDuckDb({ threads: 1 });
});
afterAll(async () => {
  await db?.close();
});

describe('schedule intervals in the SQL back end', () => {
  it('reports both ends of each interval as the JS engine does', async () => {
    const ir = checkText(RULES, '/m/t.vigil').ir!;
    const want = instantiateEngine(ir).evaluate({ flag: true }, { explain: false }).decisions;
    const got: Decision[][] = [];
    async function* records() {
      yield { record: 1, facts: { flag: true } as Record<string, unknown> };
    }
    await runOnDatabase<never>(ir, db, records(), {
      async result(_record, r) {
        got.push([...r.decisions]);
      },
      async failure() {
        throw new Error('no record fails here');
      },
      async rowError(_record, e) {
        throw new Error(e.message);
      },
    }, { nowMs: Date.parse('2026-01-01T00:00:00Z') });
    expect(got).toHaveLength(1);
    expect(got[0]![0]!.schedule).toEqual(want[0]!.schedule);
    expect(got[0]![0]!.schedule![0]!.everyDaysHigh).toBe(14);
  });
});
