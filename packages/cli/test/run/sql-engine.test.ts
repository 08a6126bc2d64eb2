// `vigil run --engine duckdb` and `vigil compile --target sql`, in process: the records equal
// the JS run's, with explanations (the default) and with --no-explain (errors included, in
// place), and the usage rules.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, runCli, tempTree } from '../helpers.js';

const PATIENTS = [
  '{"tpmt":"absent","wbc":"2100 /uL","medications":["allopurinol"]}',
  '{"tpmt":"normal"}',
  '{"wbc":"2 g"}',
  '{"tpmt":"low","wbc":{"value":3.5,"unit":"10*9/L"}}',
  'not json',
  '{}',
].join('\n');

describe('vigil run --engine duckdb', () => {
  for (const explain of [true, false]) {
    it(`writes the records of the JS run${explain ? ' with explanations' : ' with --no-explain'}, errors in place`, { timeout: 60_000 }, async () => {
      const dir = tempTree({ 'rules/demo.vigil': RULES, 'p.ndjson': PATIENTS });
      const common = ['run', 'rules', '--facts', 'p.ndjson', '--now', '2026-01-01T00:00:00Z', ...(explain ? [] : ['--no-explain']), '--quiet'];
      const js = await runCli([...common, '--out', 'js.ndjson'], { cwd: dir });
      const duck = await runCli([...common, '--engine', 'duckdb', '--out', 'duck.ndjson'], { cwd: dir });
      expect(duck.code).toBe(js.code);
      const untimed = (t: string) => t.replace(/[\d,]+ records\/s \([\d.]+ s\)/, 'RATE');
      expect(untimed(duck.stderr)).toBe(untimed(js.stderr));
      const out = readFileSync(join(dir, 'duck.ndjson'), 'utf8');
      expect(out).toBe(readFileSync(join(dir, 'js.ndjson'), 'utf8'));
      expect(out.split('\n')[2]).toContain('"error"');
      // Not vacuous: the first patient's decisions are explained, or not at all.
      expect(out.split('\n')[0]).toMatch(explain ? /"explanation":\[\{"atom":\d+,"text":"[^"]+"\}/ : /"explanation":\[\]/);
    });
  }

  it('runs a rule set whose doses are rounded for display, writing the JS run byte for byte', { timeout: 60_000 }, async () => {
    const rules = `ruleset r version "1"
facts {
  weight: quantity kg range 0.3 kg to 400 kg
}
rule STD "standard" source "s" when weight > 1 kg then dose azathioprine 2 mg/kg/d * weight rounded to 25 mg/d
`;
    const dir = tempTree({ 'rules/r.vigil': rules, 'p.ndjson': '{"weight":70}\n{"weight":6}\n{"weight":6.25}\n{}\n' });
    const common = ['run', 'rules', '--facts', 'p.ndjson', '--now', '2026-01-01T00:00:00Z', '--no-explain', '--quiet'];
    const js = await runCli([...common, '--out', 'js.ndjson'], { cwd: dir });
    const duck = await runCli([...common, '--engine', 'duckdb', '--out', 'duck.ndjson'], { cwd: dir });
    expect(duck.code).toBe(js.code);
    const out = readFileSync(join(dir, 'duck.ndjson'), 'utf8');
    expect(out).toBe(readFileSync(join(dir, 'js.ndjson'), 'utf8'));
    expect(out).toContain('"rounded":{"step":"25","low":"150","text":"150 mg/d (the multiple of 25 mg/d nearest to 140 mg/d)"}');
    const c = await runCli(['compile', 'rules', '--target', 'sql', '--dialect', 'duckdb', '--out', 'sql'], { cwd: dir });
    expect(c.code).toBe(0);
    expect(existsSync(join(dir, 'sql', 'evaluate.sql'))).toBe(true);
  });

  it('refuses --engine postgres without --db, and --db without --engine postgres', async () => {
    const dir = tempTree({ 'rules/demo.vigil': RULES, 'p.ndjson': PATIENTS });
    const b = await runCli(['run', 'rules', '--facts', 'p.ndjson', '--no-explain', '--engine', 'postgres'], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--engine postgres needs --db');
    const c = await runCli(['run', 'rules', '--facts', 'p.ndjson', '--no-explain', '--db', 'postgres://x@localhost/y'], { cwd: dir });
    expect(c.code).toBe(2);
  });
});

describe('vigil compile --target sql', () => {
  it('writes schema.sql and evaluate.sql for a dialect, and needs one', async () => {
    const dir = tempTree({ 'rules/demo.vigil': RULES });
    const r = await runCli(['compile', 'rules', '--target', 'sql', '--dialect', 'postgres', '--out', 'out'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'schema.sql'), 'utf8')).toContain('"wbc" NUMERIC');
    expect(readFileSync(join(dir, 'out', 'evaluate.sql'), 'utf8')).toContain('INSERT INTO "vigil_outcomes"');
    const none = await runCli(['compile', 'rules', '--target', 'sql', '--out', 'out2'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--dialect');
  });

  it('with --explain, adds the explanation columns to the outcomes table and the query', async () => {
    const dir = tempTree({ 'rules/demo.vigil': RULES });
    const r = await runCli(['compile', 'rules', '--target', 'sql', '--dialect', 'duckdb', '--explain', '--out', 'out'], { cwd: dir });
    expect(r.code).toBe(0);
    const schema = readFileSync(join(dir, 'out', 'schema.sql'), 'utf8');
    expect(schema).toContain('explanation_atoms INTEGER[]');
    expect(schema).toContain('dose_calculation VARCHAR');
    expect(readFileSync(join(dir, 'out', 'evaluate.sql'), 'utf8')).toContain(' AS x0');
    const plain = await runCli(['compile', 'rules', '--target', 'sql', '--dialect', 'duckdb', '--out', 'plain'], { cwd: dir });
    expect(plain.code).toBe(0);
    expect(readFileSync(join(dir, 'plain', 'schema.sql'), 'utf8')).not.toContain('explanation');
  });
});
