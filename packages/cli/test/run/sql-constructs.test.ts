// `vigil run --engine duckdb` and `--engine postgres` on a rule set with an anchored
// monitoring schedule, a titration and a single-action override: the records equal the JS
// run's (explanations included) byte for byte, and `compile --target sql` writes both files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBinaries, startPostgres, type TestPostgres } from '@vigil/sql/test';
import { runCli, tempTree } from '../helpers.js';

const RULES = `ruleset r version "1"
facts {
  on_aza: boolean
  xo: boolean
  weight: quantity kg range 0.3 kg to 400 kg
  started: date optional
}
groups { aza_use }
rule DOSE "titrate" source "s" group aza_use
  when on_aza
  then dose azathioprine start 1 mg/kg/d * weight, increase by 0.5 mg/kg/d * weight every 4 wk to 2.5 mg/kg/d * weight
  then monitor cbc every 1 wk for 1 mo, then every 1 to 2 wk until 3 mo, then every 1 mo from started
rule XO "xanthine oxidase inhibitor" source "s"
  overrides dose of aza_use
  when xo
  then contraindicate azathioprine
`;
const PATIENTS = [
  '{"on_aza":true,"weight":"70 kg","started":"2024-02-29","xo":false}',
  '{"on_aza":true,"weight":70.5,"started":"2026-01-31","xo":true}',
  '{"on_aza":true,"weight":70}',
  '{"on_aza":true,"started":"2025-12-31"}',
  '{"xo":true}',
  '{"on_aza":true,"weight":"2 g"}',
  '{}',
].join('\n');

const COMMON = ['run', 'rules', '--facts', 'p.ndjson', '--now', '2026-03-01T09:00:00Z', '--quiet'];

describe('vigil run on the SQL engines: anchored schedules, titrations, single-action overrides', () => {
  it('DuckDB writes the JS run byte for byte', { timeout: 60_000 }, async () => {
    const dir = tempTree({ 'rules/r.vigil': RULES, 'p.ndjson': PATIENTS });
    const js = await runCli([...COMMON, '--out', 'js.ndjson'], { cwd: dir });
    const duck = await runCli([...COMMON, '--engine', 'duckdb', '--out', 'duck.ndjson'], { cwd: dir });
    expect(duck.code).toBe(js.code);
    const out = readFileSync(join(dir, 'duck.ndjson'), 'utf8');
    expect(out).toBe(readFileSync(join(dir, 'js.ndjson'), 'utf8'));
    expect(out).toContain('"anchor":{"fact":"started","value":"2024-02-29"}');
    expect(out).toContain('"titration":{"direction":"increase","start":"70","step":"35","limit":"175"');
    expect(out).toContain('"overridden":[{"rule":"DOSE","by":"XO","actions":[{"index":0,"action":"dose","targets":["azathioprine"]}]}]');
    expect(out).toContain('"missing":["started"]');
    const c = await runCli(['compile', 'rules', '--target', 'sql', '--dialect', 'duckdb', '--out', 'sql'], { cwd: dir });
    expect(c.code).toBe(0);
    expect(existsSync(join(dir, 'sql', 'evaluate.sql'))).toBe(true);
    expect(readFileSync(join(dir, 'sql', 'schema.sql'), 'utf8')).toContain('schedule_ms VARCHAR[]');
  });

  describe('PostgreSQL', () => {
    const bins = postgresBinaries();
    let server: TestPostgres | undefined;
    beforeAll(() => {
      if ('bin' in bins) server = startPostgres(bins.bin);
    }, 120_000);
    afterAll(() => server?.stop());
    it.skipIf(!('bin' in bins))('writes the JS run byte for byte', { timeout: 60_000 }, async () => {
      const dir = tempTree({ 'rules/r.vigil': RULES, 'p.ndjson': PATIENTS });
      const js = await runCli([...COMMON, '--out', 'js.ndjson'], { cwd: dir });
      const pg = await runCli([...COMMON, '--engine', 'postgres', '--db', server!.url, '--out', 'pg.ndjson'], { cwd: dir });
      const untimed = (t: string) => t.replace(/[\d,]+ records\/s \([\d.]+ s\)/, 'RATE');
      expect(untimed(pg.stderr)).toBe(untimed(js.stderr));
      expect(pg.code).toBe(js.code);
      expect(readFileSync(join(dir, 'pg.ndjson'), 'utf8')).toBe(readFileSync(join(dir, 'js.ndjson'), 'utf8'));
    });
  });
});
