// Item 12 (facts and fixtures): exit 3 "internal error" (or a crash) for user input: a YAML
// alias bomb in facts or fixtures (which also stopped the whole test run), JSON facts nested
// 10,000 deep, `run` on an unreadable facts file, fixture dates like `300000 years ago`,
// `test --update` into an unwritable folder. Each is now a clear error naming the file.
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AZA, ensureBuilt, expectContract, NOW, records, tempDir, vigil } from './support.js';

beforeAll(ensureBuilt, 120_000);

/** A "billion laughs" YAML: 9^9 strings from a few hundred bytes. */
function aliasBomb(prefix = ''): string {
  let text = `${prefix}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  let prev = 'a';
  for (const k of 'bcdefghi') {
    text += `${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    prev = k;
  }
  return text;
}

const RULES = `ruleset demo version "1.0.0"

facts {
  tpmt: enum { normal, absent }
  last_dose: datetime
}

rule R-1 "Absent TPMT"
  source "s.txt"
  strength strong
  when tpmt = absent
  then contraindicate azathioprine because "pancytopenia"
`;

const GOOD_CASES = `as_of: 2026-01-15T09:00:00Z
cases:
  - name: absent
    facts: { tpmt: absent }
    expect: { decisions: [{ rule: R-1 }] }
`;

describe('facts', () => {
  it('a YAML alias bomb in a facts file is VGL7006, at once', () => {
    const dir = tempDir({ 'p.yaml': aliasBomb() });
    const r = vigil(['eval', AZA, '--facts', 'p.yaml', '--now', NOW], { cwd: dir, timeoutMs: 15_000 });
    expectContract(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('p.yaml:1:1 - error VGL7006: YAML refused: aliases expand one anchor more than 1000 times');
  });

  it('JSON facts nested 10,000 deep: eval and run refuse them with the position', () => {
    const deep = `${'{"tpmt":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const dir = tempDir({ 'p.json': deep, 'p.ndjson': `${deep}\n{"tpmt":"absent"}\n`, 'p.yaml': `tpmt: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n` });
    const e = vigil(['eval', AZA, '--facts', 'p.json', '--now', NOW], { cwd: dir });
    expectContract(e);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('p.json:1:513 - error VGL7002: Malformed JSON: nested more than 64 levels deep.');
    const y = vigil(['eval', AZA, '--facts', 'p.yaml', '--now', NOW], { cwd: dir });
    expectContract(y);
    expect(y.code).toBe(1);
    expect(y.stderr).toContain('p.yaml:1:71 - error VGL7006: YAML refused: lists and mappings are nested more than 64 levels deep.');
    const r = vigil(['run', AZA, '--facts', 'p.ndjson', '--now', NOW, '--no-explain'], { cwd: dir });
    expectContract(r);
    const out = records(r.stdout);
    expect(out[0]).toEqual({ record: 1, error: { message: 'nested more than 64 levels deep at column 513' } });
    expect(out[1]!.decisions).toBeDefined();
  });

  it('run on an unreadable facts file is exit 2 naming it', () => {
    const dir = tempDir({ 'p.ndjson': '{"tpmt":"absent"}\n' });
    chmodSync(join(dir, 'p.ndjson'), 0o000);
    const r = vigil(['run', AZA, '--facts', 'p.ndjson', '--now', NOW], { cwd: dir, unprivileged: true });
    expectContract(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: cannot read 'p.ndjson': permission denied\n");
  });
});

describe('fixtures', () => {
  it('an alias bomb fails its own fixture file only; the other files still run', () => {
    const dir = tempDir({ 'set/rules.vigil': RULES, 'set/tests/good.cases.yaml': GOOD_CASES, 'set/tests/bomb.cases.yaml': aliasBomb('as_of: 2026-01-15\n') + 'cases: []\n' });
    const r = vigil(['test', 'set'], { cwd: dir, timeoutMs: 30_000 });
    expectContract(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('set/tests/bomb.cases.yaml:1:1 - error VGL7006: YAML refused: aliases expand one anchor more than 1000 times');
    expect(r.stdout).toContain('✓ absent');
    expect(r.stdout).toMatch(/1 passed, 0 failed, 1 error/);
  });

  it('a relative date too far back is an error of its case, with the file and line', () => {
    const dir = tempDir({
      'set/rules.vigil': RULES,
      'set/tests/far.cases.yaml': `as_of: 2026-01-15T09:00:00Z\ncases:\n  - name: far\n    facts: { tpmt: normal, last_dose: 300000 years ago }\n    expect: { decisions: [] }\n  - name: near\n    facts: { tpmt: absent, last_dose: 3 days ago }\n    expect: { decisions: [{ rule: R-1 }] }\n`,
    });
    const r = vigil(['test', 'set'], { cwd: dir });
    expectContract(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("set/tests/far.cases.yaml:4:28 - error VGL7001: Case 'far', fact 'last_dose': the relative date '300000 years ago' falls outside the years 0001 to 9999");
    expect(r.stdout).toMatch(/1 passed, 0 failed, 1 error/);
  });

  it('test --update into an unwritable folder: an error naming the file; the fixture is unchanged', () => {
    const cases = `as_of: 2026-01-15T09:00:00Z\ncases:\n  - name: snap\n    facts: { tpmt: absent }\n    expect: snapshot\n`;
    const dir = tempDir({ 'set/rules.vigil': RULES, 'set/tests/snap.cases.yaml': cases });
    chmodSync(join(dir, 'set/tests'), 0o555);
    const r = vigil(['test', 'set', '--update'], { cwd: dir, unprivileged: true });
    expectContract(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('set/tests/snap.cases.yaml:1:1 - error VGL7008: Could not write the snapshots: permission denied.');
    expect(readFileSync(join(dir, 'set/tests/snap.cases.yaml'), 'utf8')).toBe(cases);
    chmodSync(join(dir, 'set/tests'), 0o755);
    const ok = vigil(['test', 'set', '--update'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(readFileSync(join(dir, 'set/tests/snap.cases.yaml'), 'utf8')).toContain('rule: R-1');
  });

  it('test --suggest into an unwritable folder: an error naming the file, exit 1', () => {
    const dir = tempDir({ 'set/rules.vigil': RULES, 'set/tests/good.cases.yaml': GOOD_CASES });
    chmodSync(join(dir, 'set/tests'), 0o555);
    const r = vigil(['test', 'set', '--suggest'], { cwd: dir, unprivileged: true });
    expectContract(r);
    expect(r.code).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toContain('cannot write set/tests/suggested.cases.yaml: permission denied');
  });
});
