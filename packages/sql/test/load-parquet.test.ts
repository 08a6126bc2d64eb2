// runParquetOnDatabase in batches: each batch is loaded and checked in SQL (the rows SQL
// cannot prove through JS), decided and written, and records must come out in file order,
// each once, errors in place, with the JS engine's decisions, whatever the batch size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import { openDuckDb, runParquetOnDatabase, type ParquetDatabase, type SqlDatabase } from '../src/index.js';

const NOW = '2026-01-01T00:00:00Z';
const RULES = `ruleset t version "1"
facts {
  tpmt: enum { normal, low } "TPMT"
  wbc: quantity 10*9/L range 0 10*9/L to 500 10*9/L "White cells"
}
rule LOW "Low" source "s" when tpmt = low then contraindicate azathioprine
rule WBC "Leucopenia" source "s" when wbc < 3.5 10*9/L then stop azathioprine
`;
const ROWS = 23;

let db: SqlDatabase & ParquetDatabase;
let dir: string;
let file: string;
beforeAll(async () => {
  db = await openDuckDb({ threads: 2 });
  dir = mkdtempSync(join(tmpdir(), 'vigil-parquet-batches-'));
  file = join(dir, 'patients.parquet');
  // Valid rows, missing facts, an enum member the rules do not know and a count out of range (both through JS, refused).
  await db.execute(`COPY (SELECT
      CASE WHEN i % 7 = 3 THEN 'zzz' WHEN i % 4 = 0 THEN 'low' WHEN i % 4 = 1 THEN 'normal' WHEN i % 4 = 2 THEN NULL ELSE 'low' END AS tpmt,
      CAST(CASE WHEN i % 5 = 0 THEN NULL WHEN i % 11 = 4 THEN 9999 ELSE 3 + (i % 3) * 0.25 END AS DECIMAL(15,3)) AS wbc
    FROM range(${ROWS}) t(i) ORDER BY i) TO '${file}' (FORMAT parquet)`);
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(batchSize: number): Promise<{ out: string[]; inSql: number; batches: number }> {
  const check = checkText(RULES, '/m/t.vigil');
  expect(check.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const ir = check.ir!;
  const engine = instantiateEngine(ir);
  const out: string[] = [];
  let inSql = 0;
  let batches = 0;
  await runParquetOnDatabase<string>(
    ir,
    db,
    file,
    (rec) => {
      if ('error' in rec) return { record: rec.record, failure: rec.error.message };
      const v = engine.validateFacts(rec.value);
      return v.ok ? { record: rec.record, facts: v.facts as Record<string, unknown> } : { record: rec.record, failure: v.issues.map((i) => i.path).join(',') };
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
    { nowMs: Date.parse(NOW), batchSize, onLoad: (s) => (inSql += s), onBatch: () => batches++ },
  );
  return { out, inSql, batches };
}

describe('runParquetOnDatabase in batches', () => {
  it('writes every record once, in order, as the JS engine decides, for any batch size', async () => {
    const whole = await run(1_000);
    expect(whole.batches).toBe(1);
    expect(whole.out.map((o) => Number(o.split(' ')[0]))).toEqual(Array.from({ length: ROWS }, (_, k) => k + 1));
    // Rows 4, 11, 18 (i % 7 = 3) name an unknown member; row 5 (i = 4) is out of range.
    expect(whole.out.filter((o) => o.includes(' error ')).map((o) => Number(o.split(' ')[0]))).toEqual([4, 5, 11, 18]);
    expect(whole.inSql).toBe(ROWS - 4);
    // The decisions are the JS engine's on each row, as the file holds it.
    const engine = instantiateEngine(checkText(RULES, '/m/t.vigil').ir!);
    for (const o of whole.out.filter((x) => !x.includes(' error '))) {
      const i = Number(o.split(' ')[0]) - 1;
      const tpmt = i % 4 === 0 || i % 4 === 3 ? 'low' : i % 4 === 1 ? 'normal' : undefined;
      const wbc = i % 5 === 0 ? undefined : 3 + (i % 3) * 0.25;
      const r = engine.evaluate({ ...(tpmt ? { tpmt } : {}), ...(wbc !== undefined ? { wbc } : {}) }, { now: NOW, explain: false });
      expect(o).toBe(`${i + 1} ${JSON.stringify({ decisions: r.decisions, notEvaluable: r.notEvaluable })}`);
    }
    for (const size of [1, 4, 7]) {
      const batched = await run(size);
      expect(batched.batches).toBe(Math.ceil(ROWS / size));
      expect(batched.out).toEqual(whole.out);
      expect(batched.inSql).toBe(whole.inSql);
    }
  });
});
