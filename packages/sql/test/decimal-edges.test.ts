// Quantities at the edges of their plausible ranges on DuckDB (DECIMAL(38,18) columns and
// the query's exact arithmetic): the largest and smallest values in range and values with
// 13 to 16 digits after the point, in sums, differences, ratios, a division and a dose,
// decide as the JS engine does, in both query forms; a value with more digits after the
// point than the column keeps is refused for its record, never rounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import { DUCKDB, factsTableDdl, openDuckDb, runOnDatabase, type RowError, type SqlDatabase } from '../src/index.js';
import { differences } from './support/agree.js';

const RULES = `ruleset t version "1"
facts {
  a: quantity mg range 0 mg to 5000 mg
  b: quantity mg range 0 mg to 5000 mg
  t: quantity mmol/L range -50 mmol/L to 9.5 mmol/L
  big: quantity mg range 0 mg to 99999999 mg
  alt: quantity U/L range 0 U/L to 50000 U/L uln
  weight: quantity kg range 0.3 kg to 400 kg
}
rule SUM "sum" source "s" when a + b > 9999.99999999999 mg then advise because "sum"
rule DIFF "difference" source "s" when a - b <= -4999.99999999999 mg then advise because "difference"
rule RATIO "ratio" source "s" when alt >= 3 x uln then advise because "ratio"
rule SMALL "small" source "s" when t < -49.9999999999999999 mmol/L then advise because "small"
rule NEG "negative" source "s" when t - 9.5 mmol/L < -59.4999999999999999 mmol/L then advise because "negative"
rule BIG "big" source "s" when big + a >= 100004998.9999999999 mg then advise because "big"
rule DIV "division" source "s" when a / b > 0.99999999999999 then advise because "division"
rule DOSE "dose" source "s" when weight > 0.3 kg then dose azathioprine 2.5 mg/kg/d * weight to 3 mg/kg/d * weight
`;
const ir = checkText(RULES, '/m/t.vigil').ir!;

function patients(): Record<string, unknown>[] {
  const edges = {
    a: [0, 1e-14, 4999.99999999999, 4999.999999999999, 5000, 2500.00000000001],
    b: [0, 1e-14, 5000, 0.00000000000001, 4999.99999999999],
    t: [-50, -49.9999999999999999, -49.99999999999999, 9.5, 9.4999999999999999, 0.0000000000000001],
    big: [0, 99999999, 99999998.9999999999, 0.0000000001],
    alt: [{ v: 50000, u: 16666.6666666667 }, { v: 49999.9999999999, u: 16666.6666666666 }, { v: 0.0000000000001, u: 50000 }, { v: 150, u: 50 }, { v: 149.9999999999999, u: 50 }],
    weight: [0.3, 400, 399.999999999999, 0.300000000000001],
  };
  const out: Record<string, unknown>[] = [];
  const n = Math.max(...Object.values(edges).map((e) => e.length));
  // Every pair of a and b; the other facts cycle through their edges.
  for (const a of edges.a)
    for (const b of edges.b)
      for (let k = 0; k < n; k++) {
        const alt = edges.alt[k % edges.alt.length]!;
        out.push({ a, b, t: edges.t[k % edges.t.length], big: edges.big[k % edges.big.length], alt: alt.v, alt_uln: alt.u, weight: edges.weight[k % edges.weight.length] });
      }
  return out;
}

describe('quantities at their edges on DuckDB', () => {
  let db: SqlDatabase;
  beforeAll(async () => {
    db = await openDuckDb({ threads: 1 });
  });
  afterAll(async () => {
    await db.close();
  });

  it('holds quantities in DECIMAL(38,18)', () => {
    expect(factsTableDdl(ir, DUCKDB)).toContain('"a" DECIMAL(38,18)');
  });

  it('decides the edges of every column as the JS engine does', async () => {
    const { differences: diff, js } = await differences(db, ir, patients(), '2026-01-01T00:00:00Z');
    expect(diff.slice(0, 3)).toEqual([]);
    // Not vacuous: each rule fires for some patients and not for others.
    for (const id of ['SUM', 'DIFF', 'RATIO', 'SMALL', 'NEG', 'BIG', 'DIV', 'DOSE']) {
      const fired = js.filter((r) => r.includes(`"rule":"${id}"`)).length;
      expect([id, fired > 0 && fired < js.length]).toEqual([id, true]);
    }
  });

  it('refuses a value with more digits after the point than DECIMAL(38,18) keeps', async () => {
    const engine = instantiateEngine(ir);
    const errors: RowError[] = [];
    const facts = [{ a: 1e-19 }, { t: 0.000012345678901234567 }, { a: 1e-18 }];
    let results = 0;
    await db.execute('DROP TABLE IF EXISTS vigil_facts_run');
    await runOnDatabase<never>(ir, db, (async function* () {
      let i = 0;
      for (const p of facts) {
        const v = engine.validateFacts(p);
        if (!v.ok) throw new Error(JSON.stringify(v.issues));
        yield { record: ++i, facts: v.facts as Record<string, unknown> };
      }
    })(), {
      async result() {
        results++;
      },
      async failure() {
        throw new Error('no record fails validation here');
      },
      async rowError(_record, e) {
        errors.push(e);
      },
    }, { nowMs: Date.parse('2026-01-01T00:00:00Z'), form: 'summary' });
    expect(results).toBe(1);
    expect(errors.map((e) => e.field)).toEqual(['a', 't']);
    expect(errors[0]!.message).toContain('0.0000000000000000001 mg needs 19 digits after the decimal point; the duckdb facts table holds DECIMAL(38,18) exactly');
  });
});
