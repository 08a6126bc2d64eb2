// `vigil gen-facts --out x.parquet` and `vigil run --engine duckdb` on typed Parquet, where
// DuckDB reads and checks the columns itself (packages/sql/src/load-parquet.ts): the
// output equals the JS run's byte for byte, on generated patients and on a file with every
// kind of bad or edge cell per column type, and SQL loads exactly the rows it can prove
// (the load statistics count them, so the test fails if everything silently went to JS).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { ProgramTables } from '@vigil/compiler';
import { checkFiles, collectRuleFiles } from '@vigil/core';
import { RULES, runCli, tempTree } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const AZA = join(ROOT, 'rules', 'azathioprine');
const NOW = '2026-06-01T00:00:00Z';

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
const untimed = (t: string) => t.replace(/[\d,]+ records\/s \([\d.]+ s\)/, 'RATE');

/** Runs `run` and returns with it the records SQL loaded itself and those that went through JS (VIGIL_SQL_LOAD_STATS, on the process's stderr), summed over the batches. */
async function withLoadStats<T>(run: () => Promise<T>): Promise<[T, { inSql: number; inJs: number }]> {
  const stats = { inSql: 0, inJs: 0 };
  const write = process.stderr.write.bind(process.stderr);
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const m = typeof chunk === 'string' ? /^sql load: (\d+) in SQL, (\d+) through JS\n$/.exec(chunk) : null;
    if (!m) return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    stats.inSql += Number(m[1]);
    stats.inJs += Number(m[2]);
    return true;
  });
  try {
    return [await run(), stats];
  } finally {
    spy.mockRestore();
  }
}

/** Runs the rule set on `facts` with the JS engine, DuckDB with SQL checks (load statistics) and DuckDB with JS checks; the outputs and messages must agree. */
async function agree(dir: string, rules: string, facts: string, extra: string[] = []) {
  const common = ['run', rules, '--now', NOW, '--quiet', '--jobs', '1', '--facts', facts, ...extra];
  const js = await runCli(common, { cwd: dir });
  const [duck, stats] = await withLoadStats(() => runCli([...common, '--engine', 'duckdb'], { cwd: dir, env: { VIGIL_SQL_LOAD_STATS: '1' } }));
  const jsChecks = await runCli([...common, '--engine', 'duckdb'], { cwd: dir, env: { VIGIL_DUCKDB_CHECKS: 'js' } });
  const want = js.stdout.split('\n');
  const got = duck.stdout.split('\n');
  for (let i = 0; i < Math.max(want.length, got.length); i++) expect(got[i], `record ${i + 1} on DuckDB (SQL checks)`).toBe(want[i]);
  expect(jsChecks.stdout).toBe(js.stdout);
  expect(duck.code).toBe(js.code);
  expect(untimed(duck.stderr)).toBe(untimed(js.stderr));
  expect(untimed(jsChecks.stderr)).toBe(untimed(js.stderr));
  return { js, stats };
}

describe('typed Parquet on DuckDB, checked in SQL', () => {
  it('gen-facts --out x.parquet writes typed columns that decide as the NDJSON of the same seed, all loaded by SQL', { timeout: 180_000 }, async () => {
    const dir = tempTree({});
    const gen = ['gen-facts', AZA, '-n', '2000', '--seed', '11', '--now', NOW];
    expect((await runCli([...gen, '--out', 'p.parquet'], { cwd: dir })).code).toBe(0);
    expect((await runCli([...gen, '--out', 'p.ndjson'], { cwd: dir })).code).toBe(0);
    const stdout = await runCli(gen, { cwd: dir });
    expect(readFileSync(join(dir, 'p.ndjson'), 'utf8')).toBe(stdout.stdout);

    // One column per input, named as in NDJSON, typed as a warehouse holds them.
    const { files } = collectRuleFiles([AZA], ROOT);
    const inputs = new ProgramTables(checkFiles(files).ir!).inputs;
    const types = await sql<[string, string]>(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${lit(join(dir, 'p.parquet'))}))`);
    expect(types.map((t) => t[0])).toEqual(inputs.map((k) => k.key));
    const kinds = { quantity: /^DECIMAL\((15|18|38),\d+\)$/, boolean: /^BOOLEAN$/, enum: /^VARCHAR$/, set: /^VARCHAR\[\]$/, date: /^TIMESTAMP WITH TIME ZONE$/, datetime: /^TIMESTAMP WITH TIME ZONE$/ } as Record<string, RegExp>;
    inputs.forEach((k, i) => expect(types[i]![1], k.key).toMatch(kinds[k.fact.type.kind]!));
    // Quantities in the fact's unit: the NDJSON gave some in other units.
    const ndjson = readFileSync(join(dir, 'p.ndjson'), 'utf8');
    expect(ndjson).toMatch(/"wbc":"[\d.]+ (?!10\*9\/L)/);
    const [wbc] = await sql<[number]>(`SELECT count(*) FROM read_parquet(${lit(join(dir, 'p.parquet'))}) WHERE wbc IS NOT NULL`);
    expect(Number(wbc![0])).toBeGreaterThan(1700);

    // The same decisions (with explanations) as the NDJSON run, on every path.
    const fromNdjson = await runCli(['run', AZA, '--now', NOW, '--quiet', '--jobs', '1', '--facts', 'p.ndjson'], { cwd: dir });
    const { js, stats } = await agree(dir, AZA, 'p.parquet');
    expect(js.stdout).toBe(fromNdjson.stdout);
    expect(js.stdout.split('\n').length).toBe(2001);
    expect(js.stdout).toContain('"explanation":');
    expect(stats).toEqual({ inSql: 2000, inJs: 0 });
  });

  it('every kind of bad or edge cell: the JS run byte for byte; SQL loads exactly the rows it proves', { timeout: 180_000 }, async () => {
    const dir = tempTree({});
    // Column, its type, and edge cells: 'sql' where SQL proves the row valid, 'js' where the row goes through JS.
    const columns: [string, string, [string, 'sql' | 'js'][]][] = [
      ['tpmt', 'VARCHAR', [["'low'", 'sql'], ["'LOW'", 'js'], ["'low '", 'js'], ["''", 'js']]],
      // A wide DECIMAL: its significant digits are counted.
      ['wbc', 'DECIMAL(38,18)', [['500', 'sql'], ['0', 'sql'], ['2.5', 'sql'], ['0.123456789012345', 'sql'], ['0.1234567890123456', 'js'], ['500.000000000000000001', 'js'], ['500.000000000001', 'js'], ['-0.5', 'js'], ['123456789012345678.5', 'js']]],
      // A DECIMAL of at most 15 digits: held as the double stands for it, the range alone decides.
      ['neutrophils', 'DECIMAL(9,3)', [['500.000', 'sql'], ['500.001', 'js'], ['0.001', 'sql'], ['-1', 'js']]],
      ['platelets', 'BIGINT', [['5000', 'sql'], ['0', 'sql'], ['5001', 'js'], ['-1', 'js'], ['9007199254740993', 'js']]],
      ['alt', 'UBIGINT', [['40', 'sql'], ['18446744073709551615', 'js']]],
      // Types SQL never proves: the JS path reads them.
      ['bmi', 'DOUBLE', [['24.5', 'js'], ['4.5', 'js']]],
      ['weight', 'VARCHAR', [["'70 kg'", 'js'], ["'300 g'", 'js'], ["'0.2 kg'", 'js']]],
      ['pregnant', 'BOOLEAN', [['true', 'sql'], ['false', 'sql']]],
      ['medications', 'VARCHAR[]', [["['rxnorm:519']", 'sql'], ["['RxNorm:519']", 'sql'], ['[]', 'sql'], ["['allopurinol', 'allopurinol']", 'sql'], ["['rxnorm:519', NULL]", 'js'], ["['1abc']", 'js'], ["['a:b' || chr(10) || 'c']", 'js'], ["['rxnorm:']", 'js']]],
      ['symptoms', 'VARCHAR[]', [["['fever']", 'sql'], ["['fever', 'fever']", 'sql'], ["['nope']", 'js'], ['[NULL]', 'js']]],
      ['last_cbc', 'DATE', [["'2026-05-31'", 'sql'], ["'2026-06-01'", 'sql'], ["'2024-02-29'", 'sql'], ["'2026-06-02'", 'js'], ["'0999-01-01'", 'js'], ["'1000-01-01'", 'sql']]],
      [
        'last_dose',
        'TIMESTAMPTZ',
        [["'2026-06-01 00:00:00+00'", 'sql'], ["'2026-05-31 23:59:59.999+00'", 'sql'], ["'2026-06-01 01:00:00+02'", 'sql'], ["'2026-06-01 00:00:00.001+00'", 'js'], ["'2026-05-01 10:00:00.123456+00'", 'js'], ["'0999-12-31 23:00:00+00'", 'js']],
      ],
      ['practice_region', 'VARCHAR', [["'europe'", 'sql'], ["'Europe'", 'js']]],
    ];
    // One row per edge cell (the other columns NULL: missing facts), and one row all NULL.
    const rows: string[] = [];
    let provable = 1;
    columns.forEach(([, , cells], c) => {
      for (const [cell, where] of cells) {
        rows.push(`(${columns.map(([, type], k) => `CAST(${k === c ? cell : 'NULL'} AS ${type})`).join(', ')})`);
        if (where === 'sql') provable++;
      }
    });
    rows.push(`(${columns.map(([, type]) => `CAST(NULL AS ${type})`).join(', ')})`);
    await sql(`COPY (SELECT * FROM (VALUES ${rows.join(', ')}) t(${columns.map(([n]) => n).join(', ')})) TO ${lit(join(dir, 'edge.parquet'))} (FORMAT parquet)`);

    const { js, stats } = await agree(dir, AZA, 'edge.parquet', ['--no-explain']);
    expect(stats).toEqual({ inSql: provable, inJs: rows.length - provable });
    // The JS path decided the rows SQL left to it: errors and decisions both.
    expect(js.code).toBe(1);
    const lines = js.stdout.trim().split('\n');
    expect(lines.length).toBe(rows.length);
    expect(lines.filter((l) => l.includes('"error"')).length).toBeGreaterThan(15);
    expect(lines.filter((l) => !l.includes('"error"')).length).toBeGreaterThan(provable);
  });

  it('text and code facts, the default range, FLOAT and TIMESTAMP columns refused', { timeout: 120_000 }, async () => {
    const dir = tempTree({
      'edge.vigil': `ruleset edge version "1"
facts {
  note: text "Note"
  amount: quantity mg "Amount"
  site: code "Site"
}
rule NOTE "note" source "s" when note = "x" then advise because "n"
rule AMT "amount" source "s" when amount > 5 mg then advise because "a"
rule SITE "site" source "s" when site = "snomed:123" then advise because "s"
`,
    });
    const cells: [string, string, string, 'sql' | 'js'][] = [
      ['note', 'VARCHAR', "'x'", 'sql'],
      ['note', 'VARCHAR', "''", 'sql'],
      ['note', 'VARCHAR', "'é ü 😀 \"q\" \\'", 'sql'],
      ['note', 'VARCHAR', "repeat('a', 100000)", 'sql'],
      ['note', 'VARCHAR', "repeat('a', 100001)", 'js'],
      ['site', 'VARCHAR', "'snomed:123'", 'sql'],
      ['site', 'VARCHAR', "'SNOMED:123'", 'sql'],
      ['site', 'VARCHAR', "'term_name'", 'sql'],
      ['site', 'VARCHAR', "'bad code'", 'js'],
      ['amount', 'DECIMAL(10,2)', '6', 'sql'],
      ['amount', 'DECIMAL(10,2)', '0', 'sql'],
      ['amount', 'DECIMAL(10,2)', '-1', 'js'],
    ];
    const names = ['note', 'amount', 'site'];
    const type = (n: string) => (n === 'amount' ? 'DECIMAL(10,2)' : 'VARCHAR');
    const rows = cells.map(([col, , cell]) => `(${names.map((n) => `CAST(${n === col ? cell : 'NULL'} AS ${type(n)})`).join(', ')})`);
    await sql(`COPY (SELECT * FROM (VALUES ${rows.join(', ')}) t(${names.join(', ')})) TO ${lit(join(dir, 'edge.parquet'))} (FORMAT parquet)`);
    const { js, stats } = await agree(dir, 'edge.vigil', 'edge.parquet', ['--no-explain']);
    const provable = cells.filter((c) => c[3] === 'sql').length;
    expect(stats).toEqual({ inSql: provable, inJs: cells.length - provable });
    // The code's system lower-cased: both spellings fire.
    expect(js.stdout.split('\n').filter((l) => l.includes('"decisions":[{"rule":"SITE"')).length).toBe(2);

    // Columns the reader refuses, on every path, naming them.
    await sql(`COPY (SELECT CAST(2.1 AS FLOAT) AS amount) TO ${lit(join(dir, 'float.parquet'))} (FORMAT parquet)`);
    await sql(`COPY (SELECT TIMESTAMP '2026-01-01 10:00:00' AS note) TO ${lit(join(dir, 'ts.parquet'))} (FORMAT parquet)`);
    for (const [file, message] of [
      ['float.parquet', "column 'amount' has type FLOAT"],
      ['ts.parquet', "column 'note' has type TIMESTAMP without time zone"],
    ] as const) {
      for (const env of [{}, { VIGIL_DUCKDB_CHECKS: 'js' }]) {
        const r = await runCli(['run', 'edge.vigil', '--now', NOW, '--quiet', '--facts', file, '--engine', 'duckdb', '--out', 'o.ndjson'], { cwd: dir, env });
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`${file}: ${message}`);
        expect(r.stderr).toContain("(nothing written to 'o.ndjson')");
      }
    }
    expect(existsSync(join(dir, 'o.ndjson'))).toBe(false);
  });

  it('a file whose rows mostly go through JS: every record once, in order, as the JS run', { timeout: 120_000 }, async () => {
    const dir = tempTree({ 'rules/demo.vigil': RULES });
    // More rows through JS than one slice (20,000), so that the batches shrink after the first.
    await sql(`COPY (SELECT CASE WHEN i % 1000 = 7 THEN 'low' ELSE 'LOW' END AS tpmt, CAST(i % 9 AS DECIMAL(4,1)) AS wbc FROM range(30000) t(i)) TO ${lit(join(dir, 'many.parquet'))} (FORMAT parquet)`);
    const { js, stats } = await agree(dir, 'rules', 'many.parquet', ['--no-explain']);
    expect(stats).toEqual({ inSql: 30, inJs: 29_970 });
    const records = js.stdout.trim().split('\n').map((l) => Number(/^\{"record":(\d+),/.exec(l)![1]));
    expect(records).toEqual(Array.from({ length: 30_000 }, (_, i) => i + 1));
  });

  it('gen-facts --out x.parquet stops at a record a typed table cannot hold, naming it, and writes nothing', { timeout: 60_000 }, async () => {
    const dir = tempTree({});
    writeFileSync(
      join(dir, 'huge.vigil'),
      `ruleset huge version "1"
facts {
  huge: quantity g range 0 g to 1000000000000000000000000 g "Huge"
}
rule HUGE "huge" source "s" when huge > 100000000000000000000000 g then advise because "h"
`,
    );
    const r = await runCli(['gen-facts', 'huge.vigil', '-n', '50', '--seed', '1', '--now', NOW, '--out', 'h.parquet'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: record \d+: huge: .* needs 24 digits before the decimal point.*a typed Parquet table cannot hold it \(nothing written to 'h\.parquet'\)/);
    expect(existsSync(join(dir, 'h.parquet'))).toBe(false);
  });
});
