// Parquet in and out, CSV out: gen-facts patients of the bundled rule set written as a
// Parquet file by DuckDB (a typed column per fact: quantities as "value unit" text, sets
// as VARCHAR[], dates as DATE, date-times as TIMESTAMPTZ, booleans as BOOLEAN), run on
// DuckDB and on the JS engine, compared record by record with the NDJSON run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { ProgramTables } from '@vigil/compiler';
import { checkFiles, collectRuleFiles, type IrProgram } from '@vigil/core';
import { planFacts, patientGenerator } from '../../src/batch/generate.js';
import { RULES, runCli, tempTree } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const NOW = '2026-11-22T00:00:00Z';

function azathioprine(): IrProgram {
  const { files } = collectRuleFiles([join(ROOT, 'rules', 'azathioprine')], ROOT);
  return checkFiles(files).ir!;
}

function columnType(type: IrProgram['facts'][number]['type']): string {
  switch (type.kind) {
    case 'boolean':
      return 'BOOLEAN';
    case 'set':
      return 'VARCHAR[]';
    case 'date':
      return 'DATE';
    case 'datetime':
      return 'TIMESTAMPTZ';
    default:
      return 'VARCHAR';
  }
}

async function sql<T = unknown[]>(query: string): Promise<T[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(query)).getRows() as T[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

describe('vigil run with Parquet', () => {
  it('decides a Parquet file as its NDJSON twin, on DuckDB and on the JS engine; writes Parquet and CSV', { timeout: 120_000 }, async () => {
    const ir = azathioprine();
    const next = patientGenerator(planFacts(ir), { seed: 5, now: new Date(NOW) });
    const lines: string[] = [];
    for (let i = 0; i < 400; i++) {
      const p = next() as Record<string, unknown>;
      // One form per column: a quantity as its "value unit" text.
      for (const [k, v] of Object.entries(p)) if (v !== null && typeof v === 'object' && !Array.isArray(v)) p[k] = `${(v as { value: number }).value} ${(v as { unit: string }).unit}`;
      lines.push(JSON.stringify(p));
    }
    // A record the validator refuses keeps its place.
    lines.splice(7, 0, JSON.stringify({ wbc: '2 g' }));
    const dir = tempTree({ 'p.ndjson': lines.join('\n') + '\n' });
    const columns = `{${new ProgramTables(ir).inputs.map((k) => `${lit(k.key)}: ${lit(columnType(k.fact.type))}`).join(', ')}}`;
    await sql(`COPY (SELECT * FROM read_json(${lit(join(dir, 'p.ndjson'))}, format = 'newline_delimited', columns = ${columns})) TO ${lit(join(dir, 'p.parquet'))} (FORMAT parquet)`);
    const types = await sql<[string, string]>(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${lit(join(dir, 'p.parquet'))}))`);
    expect(new Set(types.map((t) => t[1]))).toEqual(new Set(['VARCHAR', 'BOOLEAN', 'VARCHAR[]', 'DATE', 'TIMESTAMP WITH TIME ZONE']));

    const rules = join(ROOT, 'rules', 'azathioprine');
    const common = ['run', rules, '--now', NOW, '--no-explain', '--quiet', '--jobs', '1'];
    const ndjson = await runCli([...common, '--facts', 'p.ndjson', '--out', 'ndjson.ndjson'], { cwd: dir });
    const duck = await runCli([...common, '--facts', 'p.parquet', '--engine', 'duckdb', '--out', 'duck.ndjson'], { cwd: dir });
    const js = await runCli([...common, '--facts', 'p.parquet', '--out', 'js.ndjson'], { cwd: dir });
    expect(ndjson.code).toBe(1);
    expect(ndjson.stderr).toContain('error: record 8: wbc');
    const untimed = (t: string) => t.replace(/[\d,]+ records\/s \([\d.]+ s\)/, 'RATE');
    expect(untimed(duck.stderr)).toBe(untimed(ndjson.stderr));
    expect(untimed(js.stderr)).toBe(untimed(ndjson.stderr));
    const want = readFileSync(join(dir, 'ndjson.ndjson'), 'utf8').split('\n');
    expect(want.length).toBe(402);
    const got = { duck: readFileSync(join(dir, 'duck.ndjson'), 'utf8').split('\n'), js: readFileSync(join(dir, 'js.ndjson'), 'utf8').split('\n') };
    for (let i = 0; i < want.length; i++) {
      expect(got.duck[i], `record ${i + 1} on DuckDB`).toBe(want[i]);
      expect(got.js[i], `record ${i + 1} on the JS engine`).toBe(want[i]);
    }
    expect(want.filter((l) => l.includes('"action":')).length).toBeGreaterThan(100);

    // The same records as Parquet rows and CSV rows (record, status, json).
    const pq = await runCli([...common, '--facts', 'p.parquet', '--engine', 'duckdb', '--out', 'out.parquet'], { cwd: dir });
    expect(pq.code).toBe(1);
    const rows = await sql<[bigint, string, string]>(`SELECT record, status, json FROM read_parquet(${lit(join(dir, 'out.parquet'))})`);
    expect(rows.map((r) => r[2])).toEqual(want.slice(0, -1));
    expect(rows.map((r) => Number(r[0]))).toEqual(want.slice(0, -1).map((_, i) => i + 1));
    expect(rows[7]![1]).toBe('error');
    expect(rows[0]![1]).toBe('decided');
    const csv = await runCli([...common, '--facts', 'p.ndjson', '--out', 'out.csv'], { cwd: dir });
    expect(csv.code).toBe(1);
    const back = await sql<[bigint, string, string]>(`SELECT record, status, json FROM read_csv(${lit(join(dir, 'out.csv'))}, header = true, columns = {'record': 'BIGINT', 'status': 'VARCHAR', 'json': 'VARCHAR'})`);
    expect(back.map((r) => r[2])).toEqual(want.slice(0, -1));
    expect(back[7]![1]).toBe('error');
  });

  it('reads numbers, DECIMAL and ISO text, and refuses columns it cannot read exactly, naming them', { timeout: 60_000 }, async () => {
    const dir = tempTree({ 'rules/demo.vigil': RULES });
    const p = (name: string) => lit(join(dir, name));
    await sql(`COPY (SELECT * FROM (VALUES (CAST(2.1 AS DECIMAL(4,2)), 'absent'), (NULL, 'normal'), (CAST(5 AS DECIMAL(4,2)), NULL)) t(wbc, tpmt)) TO ${p('ok.parquet')} (FORMAT parquet)`);
    writeFileSync(join(dir, 'ok.ndjson'), '{"wbc":2.1,"tpmt":"absent"}\n{"tpmt":"normal"}\n{"wbc":5}\n');
    await sql(`COPY (SELECT 2.1::DOUBLE AS wbc, 'x' AS colour) TO ${p('extra.parquet')} (FORMAT parquet)`);
    await sql(`COPY (SELECT CAST(2.1 AS FLOAT) AS wbc) TO ${p('float.parquet')} (FORMAT parquet)`);
    writeFileSync(join(dir, 'broken.parquet'), 'PAR1 not really');
    const common = ['run', 'rules', '--now', '2026-01-01T00:00:00Z', '--no-explain', '--quiet'];
    const want = await runCli([...common, '--facts', 'ok.ndjson'], { cwd: dir });
    for (const engine of ['js', 'duckdb']) {
      const r = await runCli([...common, '--facts', 'ok.parquet', '--engine', engine], { cwd: dir });
      expect(r.stdout).toBe(want.stdout);
      expect(r.code).toBe(want.code);
      const extra = await runCli([...common, '--facts', 'extra.parquet', '--engine', engine, '--out', 'o.ndjson'], { cwd: dir });
      expect(extra.code).toBe(1);
      expect(extra.stderr).toContain("extra.parquet: column 'colour' is not a fact of the rule set");
      expect(extra.stderr).toContain("(nothing written to 'o.ndjson')");
      const float = await runCli([...common, '--facts', 'float.parquet', '--engine', engine], { cwd: dir });
      expect(float.code).toBe(1);
      expect(float.stderr).toContain("column 'wbc' has type FLOAT");
      const broken = await runCli([...common, '--facts', 'broken.parquet', '--engine', engine], { cwd: dir });
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain('broken.parquet: cannot read it as Parquet');
      expect(broken.stderr).not.toContain('    at ');
    }
    const stdin = await runCli([...common, '--facts', '-', '--format', 'parquet'], { cwd: dir });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('Parquet is read from a file');
  });
});
