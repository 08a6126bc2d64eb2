// The files of `vigil compile --target sql` as a warehouse runs them: schema.sql creates both
// tables, evaluate.sql (with $1 bound) fills vigil_outcomes, on DuckDB and PostgreSQL. The
// rows of an anchored schedule, a titration and a single-action override hold what the
// README says: schedule_ms, dose_step, and an overridden row per suppressed action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { DUCKDB, POSTGRES, sqlFiles } from '../src/index.js';
import { postgresBinaries, startPostgres, type TestPostgres } from './support/postgres.js';

const RULES = `ruleset t version "1"
facts {
  on_aza: boolean
  xo: boolean
  weight: quantity kg range 0.3 kg to 400 kg
  started: date optional
}
rule DOSE "titrate" source "s"
  when on_aza
  then dose azathioprine start 1 mg/kg/d * weight, increase by 0.5 mg/kg/d * weight every 4 wk to 2.5 mg/kg/d * weight
  then monitor cbc every 1 wk for 1 mo, then every 1 mo from started
rule XO "xanthine oxidase inhibitor" source "s"
  overrides dose of DOSE
  when xo
  then contraindicate azathioprine
`;
const ir = checkText(RULES, '/m/t.vigil').ir!;
const NOW = BigInt(Date.parse('2026-03-01T00:00:00Z'));
// Patient 1: titrated and dated; 2: the dose suppressed by XO; 3: no start date.
const INSERT = `INSERT INTO vigil_facts (patient_id, on_aza, xo, weight, started) VALUES
  (1, TRUE, FALSE, 70, TIMESTAMPTZ '2024-02-29 00:00:00+00'),
  (2, TRUE, TRUE, 70, TIMESTAMPTZ '2026-01-31 00:00:00+00'),
  (3, TRUE, FALSE, 70, NULL)`;
const SELECT = 'SELECT patient_id, rule_id, action_index, status, schedule_ms, dose_step, dose_step_den, overridden_by, missing FROM vigil_outcomes ORDER BY patient_id, rule_index, action_index NULLS FIRST, status';

const files = (dialect: typeof DUCKDB) => new Map(sqlFiles(ir, dialect));
/** Cells as one driver-neutral form: small integers as numbers (BIGINT comes back as text from pg), decimals without trailing zeros (each dialect has its scale). */
const canon = (rows: readonly (readonly unknown[])[]) =>
  rows.map((r) =>
    r.map((v) => {
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'string' && /^\d{1,5}$/.test(v)) return Number(v);
      if (typeof v === 'string' && /^-?\d+\.\d*$/.test(v)) return Number(v.replace(/\.?0+$/, ''));
      return v;
    }),
  );
const WANT = [
  [1, 'DOSE', 0, 'fired', [], '35', '1', [], []],
  [1, 'DOSE', 1, 'fired', ['1709164800000', '1709164800000', '1711794600000', '1711794600000'], null, null, [], []],
  [2, 'DOSE', 0, 'overridden', [], null, null, ['XO'], []],
  [2, 'DOSE', 1, 'fired', ['1769817600000', '1769817600000', '1772447400000', '1772447400000'], null, null, [], []],
  [2, 'XO', 0, 'fired', [], null, null, [], []],
  [3, 'DOSE', null, 'not evaluable', [], null, null, [], ['started']],
];

describe('schema.sql and evaluate.sql in a warehouse', () => {
  it('DuckDB', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      const f = files(DUCKDB);
      await conn.run(f.get('schema.sql')!);
      await conn.run(INSERT);
      await conn.run(f.get('evaluate.sql')!, [NOW]);
      expect(canon((await conn.runAndReadAll(SELECT)).getRowsJS())).toEqual(canon(WANT));
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  describe('PostgreSQL', () => {
    const bins = postgresBinaries();
    let server: TestPostgres | undefined;
    beforeAll(() => {
      if ('bin' in bins) server = startPostgres(bins.bin);
    }, 120_000);
    afterAll(() => server?.stop());
    it.skipIf(!('bin' in bins))('PostgreSQL', { timeout: 60_000 }, async () => {
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: server!.url });
      await client.connect();
      try {
        const f = files(POSTGRES);
        await client.query(f.get('schema.sql')!);
        await client.query(INSERT);
        await client.query(f.get('evaluate.sql')!, [String(NOW)]);
        const r = await client.query({ text: SELECT, rowMode: 'array' });
        expect(canon(r.rows as unknown[][])).toEqual(canon(WANT));
      } finally {
        await client.end();
      }
    });
  });
});
