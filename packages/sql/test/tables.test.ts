// Decision tables on DuckDB: a table's rows are rules with whole-rule overrides, so the SQL
// back end decides as the JS engine for every hit policy, on every combination of inputs
// (each value and missing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkText, type IrProgram } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import { openDuckDb, runOnDatabase, type SqlDatabase } from '../src/index.js';

const NOW_MS = Date.UTC(2026, 0, 15);
const rules = (hit: string) => `ruleset t version "1"
facts {
  tpmt: enum { normal, intermediate, poor }
  nudt15: enum { normal, intermediate, poor }
  wbc: quantity 10*9/L
}
table T-1 "t" source "s" hit ${hit}
  | tpmt         | nudt15       | wbc          | then
  | poor         | -            | -            | contraindicate azathioprine
  | -            | poor         | -            | advise against azathioprine
  | -            | -            | < 2.5 10*9/L | stop azathioprine
  | intermediate | -            | -            | dose azathioprine 25 mg/d
  | normal       | intermediate | -            | dose azathioprine 40 mg/d
  | normal       | normal       | -            | dose azathioprine 50 mg/d
`;
const values = (xs: readonly string[]) => [...xs, undefined];
const patients: Record<string, unknown>[] = [];
for (const tpmt of values(['normal', 'intermediate', 'poor']))
  for (const nudt15 of values(['normal', 'intermediate', 'poor']))
    for (const wbc of values(['2 10*9/L', '2.5 10*9/L', '6 10*9/L'])) {
      const p: Record<string, unknown> = {};
      if (tpmt) p.tpmt = tpmt;
      if (nudt15) p.nudt15 = nudt15;
      if (wbc) p.wbc = wbc;
      patients.push(p);
    }

let db: SqlDatabase;
beforeAll(async () => {
  db = await openDuckDb({ threads: 1 });
});
afterAll(async () => {
  await db?.close();
});

async function differences(ir: IrProgram): Promise<{ differences: string[]; overridden: number }> {
  const engine = instantiateEngine(ir);
  const want = new Map<number, string>();
  const out: string[] = [];
  let overridden = 0;
  async function* records() {
    for (const [i, p] of patients.entries()) {
      const v = engine.validateFacts(p);
      if (!v.ok) throw new Error(JSON.stringify(v.issues));
      const r = engine.evaluateValidated!(v.facts, { now: NOW_MS });
      overridden += r.overridden.length;
      want.set(i + 1, JSON.stringify({ decisions: r.decisions, notEvaluable: r.notEvaluable, ...(r.overridden.length > 0 ? { overridden: r.overridden } : {}) }).slice(1, -1));
      yield { record: i + 1, facts: v.facts as Record<string, unknown> };
    }
  }
  await db.execute('DROP TABLE IF EXISTS vigil_facts_run');
  await runOnDatabase<never>(ir, db, records(), {
    async result(record, r) {
      const got = r.fields;
      if (got !== want.get(record)) out.push(`${JSON.stringify(patients[record - 1])}\n  js:  ${want.get(record)}\n  sql: ${got}`);
    },
    async failure() {
      throw new Error('no record fails here');
    },
    async rowError(record, e) {
      out.push(`${JSON.stringify(patients[record - 1])} not loaded: ${e.field}: ${e.message}`);
    },
  }, { nowMs: NOW_MS, explain: true });
  return { differences: out, overridden };
}

describe('decision tables on DuckDB', () => {
  for (const hit of ['first', 'priority', 'collect']) {
    it(`hit ${hit}: the same decisions, not-evaluable rules and overrides as the JS engine on all 64 patients`, { timeout: 60_000 }, async () => {
      const r = checkText(rules(hit), '/m/t.vigil');
      if (!r.ir) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
      const d = await differences(r.ir);
      expect(d.differences).toEqual([]);
      if (hit !== 'collect') expect(d.overridden).toBeGreaterThan(10);
    });
  }
});
