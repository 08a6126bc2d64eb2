// The bundled rules/ folder, holding azathioprine and azathioprine-pgx (written with a
// decision table): check, compile, test (with row coverage) and diff --git work on the
// folder set by set, and a changed table row is reported as that row.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '../../..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-bundled-'));
  cpSync(join(ROOT, 'rules'), join(dir, 'rules'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bundled rules/ folder', () => {
  it('vigil check rules/ checks both sets clean', async () => {
    const r = await runCli(['check', 'rules', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { files: string[]; diagnostics: { severity: string }[] };
    expect(out.files.some((f) => f.includes('azathioprine-pgx/pgx.vigil'))).toBe(true);
    expect(out.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('vigil compile rules/ writes one IR per set, the table rows as rules', async () => {
    const r = await runCli(['compile', 'rules', '--target', 'ir', '--out', 'out'], { cwd: dir });
    expect(r.code).toBe(0);
    for (const name of ['azathioprine', 'azathioprine_pgx']) expect(existsSync(join(dir, 'out', name, 'ruleset.ir.json'))).toBe(true);
    const ir = JSON.parse(readFileSync(join(dir, 'out/azathioprine_pgx/ruleset.ir.json'), 'utf8')) as { rules: { id: string; sources: string[] }[] };
    expect(ir.rules.filter((x) => x.id.startsWith('AZA-PGX.row')).map((x) => x.id)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `AZA-PGX.row${n}`));
    expect(ir.rules.every((x) => x.sources.length > 0)).toBe(true);
  });

  it('vigil test rules/ runs both sets; the table set has 100% rule, branch and row coverage', async () => {
    const all = await runCli(['test', 'rules'], { cwd: dir });
    expect(all.code).toBe(0);
    const r = await runCli(['test', 'rules/azathioprine-pgx', '--coverage', '--reporter', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const totals = (JSON.parse(r.stdout) as { coverage: { totals: Record<string, number> } }).coverage.totals;
    expect(totals).toMatchObject({ rulePercent: 100, branchPercent: 100, rows: 6, rowsHit: 6, rowPercent: 100 });
  });

  it('vigil diff --git REV rules/ diffs set by set and names the changed row', async () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    git('add', 'rules');
    git('commit', '-q', '-m', 'rules');
    const file = join(dir, 'rules/azathioprine-pgx/pgx.vigil');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before.replace('dose azathioprine 30% to 80% of standard', 'dose azathioprine 30% to 70% of standard'));
    try {
      const r = await runCli(['diff', '--git', 'HEAD', 'rules', '--format', 'json', '--now', '2026-03-01T00:00:00Z'], { cwd: dir });
      const out = JSON.parse(r.stdout) as { sets: { name: string; result?: { behaviourChanged: boolean; structural: { id: string; parts: { part: string }[] }[] } }[] };
      expect(out.sets.map((s) => [s.name, s.result?.behaviourChanged])).toEqual([
        ['azathioprine', false],
        ['azathioprine_pgx', true],
      ]);
      const pgx = out.sets[1]!.result!;
      expect(pgx.structural.map((c) => [c.id, c.parts.map((p) => p.part)])).toEqual([['AZA-PGX.row5', ['dose']]]);
    } finally {
      writeFileSync(file, before);
    }
  });
});
