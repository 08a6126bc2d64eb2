// A folder holding several rule sets (a copy of azathioprine beside a small second set):
// check, compile, test and diff --git work set by set, through the core's workspace
// service; eval asks for one set; two headers in one set are an error with a code.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '../../..');

const PGX = `ruleset thiopurine_pgx version "1.0.0"

facts {
  tpmt: enum { normal, intermediate, poor } "TPMT phenotype"
  wbc: quantity 10*9/L "White cell count"
}

rule PGX-01 "Poor TPMT metaboliser"
  source "CPIC 2018" strength strong
  when tpmt = poor
  then contraindicate mercaptopurine because "life-threatening myelosuppression"

rule PGX-02 "TPMT not known"
  source "CPIC 2018" strength strong
  when tpmt is missing
  then order tpmt

rule PGX-03 "Low white cell count"
  source "CPIC 2018" strength strong
  when wbc < 3 10*9/L
  then caution mercaptopurine because "check the count again"

rule PGX-04 "White cell count not known"
  source "CPIC 2018" strength strong
  when wbc is missing
  then order cbc
`;

const PGX_CASES = `as_of: 2026-01-15T09:00:00Z
cases:
  - name: poor metaboliser
    facts: { tpmt: poor, wbc: "5 10*9/L" }
    expect:
      decisions: [{ rule: PGX-01, action: contraindicate, target: mercaptopurine }]
  - name: normal metaboliser with a low count
    facts: { tpmt: normal, wbc: "2 10*9/L" }
    expect:
      decisions: [{ rule: PGX-03 }]
`;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-sets-'));
  cpSync(join(ROOT, 'rules/azathioprine'), join(dir, 'rules/azathioprine'), { recursive: true });
  mkdirSync(join(dir, 'rules/pgx/tests'), { recursive: true });
  writeFileSync(join(dir, 'rules/pgx/pgx.vigil'), PGX);
  writeFileSync(join(dir, 'rules/pgx/tests/pgx.cases.yaml'), PGX_CASES);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a folder of two rule sets', () => {
  it('vigil check rules/ checks each set on its own: no duplicate facts across sets', async () => {
    const r = await runCli(['check', 'rules'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('VGL2002');
    // The azathioprine set's 13 files and the second set's one.
    expect(r.stdout).toMatch(/0 errors, 0 warnings, \d+ info in 14 files\n$/);
    const json = JSON.parse((await runCli(['check', 'rules', '--format', 'json'], { cwd: dir })).stdout) as { files: string[] };
    expect(json.files).toContain('rules/pgx/pgx.vigil');
    expect(json.files).toContain('rules/azathioprine/azathioprine.vigil');
  });

  it('vigil compile rules/ writes one engine per set, in a folder named after it', async () => {
    const r = await runCli(['compile', 'rules', '--target', 'js', '--out', 'out'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const set of ['azathioprine', 'thiopurine_pgx']) expect(existsSync(join(dir, 'out', set, 'engine.js')), set).toBe(true);
    expect(r.stdout).toContain('compiled azathioprine 1.0.0: ');
    expect(r.stdout).toContain('compiled thiopurine_pgx 1.0.0: 4 rules from 1 file\n');
    // One set alone is written to --out itself, as always.
    const one = await runCli(['compile', 'rules/pgx', '--target', 'ir', '--out', 'one'], { cwd: dir });
    expect(one.code).toBe(0);
    expect(existsSync(join(dir, 'one', 'ruleset.ir.json'))).toBe(true);
  });

  it('vigil test rules/ runs each set with its own fixtures', async () => {
    const r = await runCli(['test', 'rules', '--now', '2026-01-15T09:00:00Z'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\n(\d+) passed, 0 failed/);
    const passed = Number(/\n(\d+) passed, 0 failed/.exec(r.stdout)![1]);
    const aza = await runCli(['test', 'rules/azathioprine', '--now', '2026-01-15T09:00:00Z'], { cwd: dir });
    expect(passed).toBe(Number(/\n(\d+) passed, 0 failed/.exec(aza.stdout)![1]) + 2);
  });

  it('vigil eval on the folder asks for one set, naming both', async () => {
    writeFileSync(join(dir, 'p.json'), '{ "tpmt": "poor" }');
    const r = await runCli(['eval', 'rules', '--facts', 'p.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: 'rules' hold 2 rule sets: azathioprine (rules/azathioprine), thiopurine_pgx (rules/pgx); name the folder of one\n");
    expect((await runCli(['eval', 'rules/pgx', '--facts', 'p.json', '--json'], { cwd: dir })).code).toBe(0);
  });

  it('vigil diff --git REV rules/ diffs set by set', async () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    git('add', 'rules');
    git('commit', '-q', '-m', 'rules');
    const pgx = join(dir, 'rules/pgx/pgx.vigil');
    const before = readFileSync(pgx, 'utf8');
    writeFileSync(pgx, before.replace('when wbc < 3 10*9/L', 'when wbc < 3.5 10*9/L'));
    try {
      const r = await runCli(['diff', '--git', 'HEAD', 'rules', '--format', 'json', '--now', '2026-03-01T00:00:00Z'], { cwd: dir });
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as { kind: string; sets: { name: string; change: string; result?: { behaviourChanged: boolean } }[] };
      expect(out.kind).toBe('rule-sets');
      expect(out.sets.map((s) => [s.name, s.change, s.result?.behaviourChanged])).toEqual([
        ['azathioprine', 'compared', false],
        ['thiopurine_pgx', 'compared', true],
      ]);
    } finally {
      writeFileSync(pgx, before);
    }
  });

  it('two ruleset headers in one set are an error with a code, and one name in two folders another', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'vigil-sets-bad-'));
    try {
      mkdirSync(join(bad, 'one'));
      writeFileSync(join(bad, 'one/a.vigil'), 'ruleset first version "1"\nfacts { pregnant: boolean }\n');
      writeFileSync(join(bad, 'one/b.vigil'), 'ruleset second version "1"\n');
      const r = await runCli(['check', 'one'], { cwd: bad });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('one/b.vigil:1:1 - error VGL2012');
      mkdirSync(join(bad, 'two/x'), { recursive: true });
      mkdirSync(join(bad, 'two/y'));
      writeFileSync(join(bad, 'two/x/main.vigil'), 'ruleset same version "1"\n');
      writeFileSync(join(bad, 'two/y/main.vigil'), 'ruleset same version "2"\n');
      const twice = await runCli(['check', 'two'], { cwd: bad });
      expect(twice.code).toBe(1);
      expect(twice.stdout).toContain('VGL2013');
      expect(twice.stdout).toContain('ruleset same is declared by two folders');
      const compile = await runCli(['compile', 'two', '--out', 'o'], { cwd: bad });
      expect(compile.code).toBe(1);
      expect(existsSync(join(bad, 'o'))).toBe(false);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
