// `vigil eval` on a rule set with its own strength scale and a single-action override:
// the strength is shown with its place on the scale, and the overridden action by name
// while the rule's other decision stands (the real compiler, not a stand-in).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from './helpers.js';

const RULES = `ruleset pgx version "1" strengths { strong, moderate, optional }

facts {
  tpmt: enum { normal, low }
  xo: boolean
}

groups {
  aza_use "Rules that dose azathioprine"
}

rule D-1 "Normal TPMT"
  source "s"
  strength optional
  group aza_use
  when tpmt = normal
  then dose azathioprine 50 mg/d
  then monitor cbc every 1 wk

rule XO "Xanthine oxidase inhibitor"
  source "s"
  strength strong
  overrides dose of aza_use
  when xo
  then contraindicate azathioprine
`;

describe('vigil eval with groups and a strength scale', () => {
  it('shows the strength on the scale and the overridden action, keeping the monitoring', async () => {
    const dir = tempTree({ 'pgx/main.vigil': RULES, 'p.json': '{ "tpmt": "normal", "xo": true }' });
    const r = await runCli(['eval', 'pgx', '--facts', 'p.json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('strength: strong (1 of strong > moderate > optional)');
    expect(r.stdout).toContain('strength: optional (3 of strong > moderate > optional)');
    expect(r.stdout).toContain('monitor cbc every 1 wk');
    expect(r.stdout).not.toContain('dose azathioprine 50 mg/d');
    expect(r.stdout).toContain('D-1 "Normal TPMT": dose azathioprine overridden by XO');
    const json = await runCli(['eval', 'pgx', '--facts', 'p.json', '--json'], { cwd: dir });
    expect(JSON.parse(json.stdout).overridden).toEqual([{ rule: 'D-1', title: 'Normal TPMT', by: ['XO'], actions: [{ index: 0, action: 'dose', targets: ['azathioprine'] }] }]);
  });

  it('vigil run --engine duckdb reports a single-action override as the JS run does, byte for byte', { timeout: 60_000 }, async () => {
    const dir = tempTree({ 'pgx/main.vigil': RULES, 'p.ndjson': '{ "tpmt": "normal", "xo": true }\n{ "tpmt": "normal" }\n{ "tpmt": "normal", "xo": false }\n' });
    const common = ['run', 'pgx', '--facts', 'p.ndjson', '--now', '2026-03-01T09:00:00Z', '--no-explain', '--quiet'];
    const duck = await runCli([...common, '--engine', 'duckdb', '--out', 'duck.ndjson'], { cwd: dir });
    expect(duck.stderr).toBe('');
    expect(duck.code).toBe(0);
    const js = await runCli([...common, '--out', 'js.ndjson'], { cwd: dir });
    expect(js.code).toBe(0);
    const out = readFileSync(join(dir, 'duck.ndjson'), 'utf8');
    expect(out).toBe(readFileSync(join(dir, 'js.ndjson'), 'utf8'));
    expect(JSON.parse(out.split('\n')[0]!).overridden).toEqual([{ rule: 'D-1', by: 'XO', actions: [{ index: 0, action: 'dose', targets: ['azathioprine'] }] }]);
  });
});
