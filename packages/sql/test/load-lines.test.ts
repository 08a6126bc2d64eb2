// runLinesOnDatabase: NDJSON lines checked and loaded by DuckDB (validate-sql.ts), the others
// through the caller's JS path, records written in record order with the JS engine's
// decisions; and when DuckDB's load fails outright, the whole batch goes through JS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import { openDuckDb, runLinesOnDatabase, type LineDatabase, type SqlDatabase } from '../src/index.js';

const NOW = '2026-01-01T00:00:00Z';
const RULES = `ruleset t version "1"
facts {
  tpmt: enum { normal, low } "TPMT"
  wbc: quantity 10*9/L range 0 10*9/L to 500 10*9/L "White cells"
  medications: set of code "Medications"
  last_cbc: date "Last blood count"
  primary: code "Primary diagnosis"
}
valueset xo "Xanthine oxidase inhibitors" {
  allopurinol rxnorm "519"
}
rule LOW "Low" source "s" when tpmt = low then contraindicate azathioprine
rule WBC "Leucopenia" source "s" when wbc < 3.5 10*9/L then stop azathioprine
rule ALLO "Allopurinol" source "s" when medications includes xo then dose azathioprine 25 mg/d
rule CBC "Count due" source "s" when last_cbc more than 30 d ago then order cbc
`;

const LINES = [
  '{"tpmt":"low","wbc":"3.4 10*9/L","medications":["allopurinol"],"last_cbc":"2025-11-01"}',
  '{"tpmt":"normal","wbc":{"value":3500,"unit":"10*6/L"}}',
  '{"wbc":"2 g"}',
  'not json',
  '{"tpmt":"low",}',
  '{"wbc":3.5,"last_cbc":"2025-12-31"}',
  '{"last_cbc":"2026-02-01"}',
  '{"medications":["RxNorm:519"],"tpmt":null}',
  '{}',
  // DuckDB's parser takes NaN and Infinity, which the engine's JSON does not; as text they would pass a code's syntax.
  '{"primary":nan}',
  '{"primary":Infinity}',
  '{"primary":"icd10:M32"}',
];

let db: SqlDatabase & LineDatabase;
beforeAll(async () => {
  db = await openDuckDb({ threads: 1 });
});
afterAll(async () => {
  await db?.close();
});

async function run(target: SqlDatabase & LineDatabase): Promise<{ out: string[]; inSql: number }> {
  const check = checkText(RULES, '/m/t.vigil');
  expect(check.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const ir = check.ir!;
  const engine = instantiateEngine(ir);
  const nowMs = Date.parse(NOW);
  const out: string[] = [];
  let inSql = 0;
  async function* lines() {
    yield LINES.map((line, k) => ({ record: k + 1, line }));
  }
  await runLinesOnDatabase<string>(
    ir,
    target,
    lines(),
    ({ record, line }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return { record, failure: 'not JSON' };
      }
      const v = engine.validateFacts(value);
      if (!v.ok) return { record, failure: v.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
      if (typeof (v.facts as { last_cbc?: unknown }).last_cbc === 'number' && (v.facts as { last_cbc: number }).last_cbc > nowMs) return { record, failure: 'future date' };
      return { record, facts: v.facts as Record<string, unknown> };
    },
    {
      async result(record, r) {
        out.push(`${record} {${r.fields}}`);
      },
      async failure(record, f) {
        out.push(`${record} error ${f}`);
      },
      async rowError(record, e) {
        out.push(`${record} row ${e.field}`);
      },
    },
    { nowMs, onLoad: (s) => (inSql += s) },
  );
  // The JS engine's own decisions for the valid records.
  for (const o of out) {
    const record = Number(o.split(' ')[0]);
    if (o.includes(' error ')) continue;
    const r = engine.evaluate(JSON.parse(LINES[record - 1]!), { now: NOW, explain: false });
    const want = JSON.stringify({ decisions: r.decisions, notEvaluable: r.notEvaluable, ...(r.overridden.length > 0 ? { overridden: r.overridden } : {}) });
    expect(o).toBe(`${record} ${want}`);
  }
  return { out, inSql };
}

describe('runLinesOnDatabase (DuckDB checks the lines)', () => {
  it('decides as the JS engine, errors in place, most lines checked in SQL', async () => {
    const { out, inSql } = await run(db);
    expect(out.map((o) => Number(o.split(' ')[0]))).toEqual(LINES.map((_, k) => k + 1));
    expect(out.filter((o) => o.includes(' error ')).map((o) => o.split(' ')[0])).toEqual(['3', '4', '5', '7', '10', '11']);
    // Valid lines SQL proves: 1, 2, 6, 9, 12 (8 has a null fact: JS).
    expect(inSql).toBe(5);
  });

  it('sends the whole batch through JS when DuckDB cannot load it', async () => {
    const failing: SqlDatabase & LineDatabase = Object.assign(Object.create(db) as SqlDatabase & LineDatabase, {
      executeAt: async () => {
        throw new Error('load failed');
      },
    });
    const { out, inSql } = await run(failing);
    expect(inSql).toBe(0);
    expect(out.filter((o) => o.includes(' error ')).map((o) => o.split(' ')[0])).toEqual(['3', '4', '5', '7', '10', '11']);
  });
});
