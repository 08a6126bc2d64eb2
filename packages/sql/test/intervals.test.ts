// Duration intervals in monitoring schedules, a dose's excluded high end and dose frequencies
// on DuckDB: the decision carries both ends, the exclusivity and the amount each time, as the
// JS engine reports them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import type { Decision } from '@vigil/runtime';
import { openDuckDb, runOnDatabase, type SqlDatabase } from '../src/index.js';

const RULES = `ruleset t version "1"
facts { flag: boolean injurious_dose: quantity mg/d range 0 mg/d to 1000 mg/d weight: quantity kg range 0.3 kg to 400 kg }
rule R-1 "ranges" source "s" when flag then monitor cbc every 1 to 2 wk for 3 to 6 mo, then every 8 h to 1 d until 1 a, then every 1 mo
rule R-2 "below" source "s" when flag and injurious_dose > 50 mg/d then dose aza 50 mg/d to below injurious_dose
rule R-3 "frequency" source "s" when flag then dose mtx 50 mg three times weekly
rule R-4 "weight" source "s" when flag then dose cetirizine 0.1 mg/kg * weight to below 0.2 mg/kg * weight 3 times daily
`;

let db: SqlDatabase;
beforeAll(async () => {
  db = await openDuckDb({ threads: 1 });
});
afterAll(async () => {
  await db?.close();
});

describe('schedule intervals in the SQL back end', () => {
  it('reports both ends of each interval and the excluded dose end as the JS engine does', async () => {
    const ir = checkText(RULES, '/m/t.vigil').ir!;
    const engine = instantiateEngine(ir);
    const facts = { flag: true, injurious_dose: '150 mg/d', weight: '70 kg' };
    const want = engine.evaluate(facts, { explain: false }).decisions;
    const got: Decision[][] = [];
    async function* records() {
      const v = engine.validateFacts(facts);
      if (!v.ok) throw new Error('invalid facts');
      yield { record: 1, facts: v.facts as Record<string, unknown> };
    }
    await runOnDatabase<never>(ir, db, records(), {
      async result(_record, r) {
        got.push((JSON.parse(`{${r.fields}}`) as { decisions: Decision[] }).decisions);
      },
      async failure() {
        throw new Error('no record fails here');
      },
      async rowError(_record, e) {
        throw new Error(e.message);
      },
    }, { nowMs: Date.parse('2026-01-01T00:00:00Z') });
    expect(got).toHaveLength(1);
    expect(JSON.stringify(got[0])).toBe(JSON.stringify(want));
    expect(got[0]!.find((d) => d.rule === 'R-1')!.schedule![0]!.everyDaysHigh).toBe(14);
    expect(got[0]!.find((d) => d.rule === 'R-2')!.dose).toMatchObject({ low: 50, high: 150, highExclusive: true });
    expect(got[0]!.find((d) => d.rule === 'R-3')!.dose).toMatchObject({ exact: { low: '150/7' }, frequency: { text: 'three times weekly', amount: { exact: { low: '50' } } } });
    expect(got[0]!.find((d) => d.rule === 'R-4')!.dose!.frequency!.amount.exact).toEqual({ low: '7', high: '14' });
  });
});
