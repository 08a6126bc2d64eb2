// A folder holding several rule sets: one comparison per set, matched by `ruleset` name.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDiffCommand, type DiffCommandOptions, type FolderDiffResult } from '../src/index.js';

const set = (name: string, fact: string, rule: string) =>
  `ruleset ${name} version "1.0.0"\nfacts {\n  ${fact}: enum { normal, low }\n}\n${rule}`;
const TPMT = (range: string) => set('thiopurine', 'tpmt', `rule T-1 "Low TPMT" source "s" when tpmt = low then dose azathioprine ${range} of standard\n`);
const MTX = set('methotrexate', 'renal', 'rule M-1 "Low renal function" source "s" when renal = low then contraindicate methotrexate\n');
const ALLO = set('allopurinol', 'hla', 'rule A-1 "HLA" source "s" when hla = low then contraindicate allopurinol\n');

function write(root: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function run(paths: string[], options: Partial<DiffCommandOptions>, cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = runDiffCommand(paths, { format: 'json', failOnChange: false, now: '2026-03-01T00:00:00Z', ...options }, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd, colors: false });
  return { code, stdout, stderr };
}

describe('vigil diff on a folder of rule sets', () => {
  it('diffs each set against the set of the same name, and reports sets added and removed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-sets-'));
    write(join(dir, 'old'), { 'thiopurine/main.vigil': TPMT('30% to 70%'), 'methotrexate/main.vigil': MTX, 'thiopurine/tests/t.cases.yaml': 'cases:\n  - name: low\n    facts: { tpmt: low }\n' });
    write(join(dir, 'new'), { 'thiopurine/main.vigil': TPMT('30% to 80%'), 'allopurinol/main.vigil': ALLO, 'thiopurine/tests/t.cases.yaml': 'cases:\n  - name: low\n    facts: { tpmt: low }\n' });
    const r = run(['old', 'new'], {}, dir);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as FolderDiffResult;
    expect(json.sets.map((s) => [s.name, s.change, s.result?.space?.regions.map((g) => g.change)])).toEqual([
      ['allopurinol', 'added', undefined],
      ['methotrexate', 'removed', undefined],
      ['thiopurine', 'compared', ['changes from `dose azathioprine 30% to 70% of standard` to `dose azathioprine 30% to 80% of standard`']],
    ]);
    expect(json.sets[2]!.result!.fixtures!.changed.map((c) => c.case)).toEqual(['low']);
    expect(json.behaviourChanged).toBe(true);
    const md = run(['old', 'new'], { format: 'markdown' }, dir).stdout;
    expect(md).toContain('| `allopurinol` | ➕ added');
    expect(md).toContain('| `methotrexate` | ➖ removed');
    expect(md).toContain('| `thiopurine` | changed | 1 region | 1 of 1 | minor |');
    expect(md).toContain('### Rule set `thiopurine`');
    expect(run(['old', 'new'], { failOnChange: true }, dir).code).toBe(1);
    // Signing off: sets added and removed by name, the changed region by id.
    writeFileSync(join(dir, 'ack.md'), 'nothing yet\n');
    const pending = JSON.parse(run(['old', 'new'], { accept: 'ack.md' }, dir).stdout) as { signOff: { pending: { id: string }[] } };
    const regionId = json.sets[2]!.result!.space!.regions[0]!.id;
    expect(pending.signOff.pending.map((p) => p.id)).toEqual(['ruleset:allopurinol', 'ruleset:methotrexate', regionId]);
    expect(run(['old', 'new'], { accept: 'ack.md' }, dir).code).toBe(1);
    writeFileSync(join(dir, 'ack.md'), `ruleset:allopurinol (new), ruleset:methotrexate (moved out), ${regionId}\n`);
    expect(run(['old', 'new'], { accept: 'ack.md' }, dir).code).toBe(0);
    expect(run(['old', 'new'], { accept: 'missing.md' }, dir)).toMatchObject({ code: 2, stderr: "error: cannot read the --accept file 'missing.md': no such file or directory\n" });
  });

  it('works on a git revision of a folder of sets (the CI case), without duplicate-fact errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-sets-git-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' } });
    git('init', '-q');
    // Both sets declare a fact named `status`: one rule set each, so no clash.
    const a = set('alpha', 'status', 'rule A-1 "a" source "s" when status = low then stop drug_a\n');
    const b = set('beta', 'status', 'rule B-1 "b" source "s" when status = low then stop drug_b\n');
    write(dir, { 'rules/alpha/main.vigil': a, 'rules/beta/main.vigil': b });
    git('add', '.');
    git('commit', '-q', '-m', 'Two sets');
    write(dir, { 'rules/beta/main.vigil': b.replace('status = low', 'status in { low, normal }') });
    const r = run(['rules'], { git: 'HEAD' }, dir);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as FolderDiffResult;
    expect(json.hasErrors).toBe(false);
    expect(json.sets.map((s) => [s.name, s.change, s.result!.space!.regions.map((g) => `${g.description}: ${g.change}`)])).toEqual([
      ['alpha', 'compared', []],
      ['beta', 'compared', ['status = normal (other facts as any): gains `stop drug_b`']],
    ]);
  });

  it('refuses two rule set headers in one folder with the checker VGL2012 on each side (exit 1, naming both files)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-sets-bad-'));
    write(join(dir, 'old'), { 'a.vigil': MTX, 'b.vigil': ALLO });
    write(join(dir, 'new'), { 'a.vigil': MTX, 'b.vigil': ALLO });
    const r = run(['old', 'new'], {}, dir);
    expect(r.code).toBe(1);
    const errors = (JSON.parse(r.stdout) as { errors: { side: string; file: string; message: string }[] }).errors;
    expect(errors.map((e) => [e.side, e.file, e.message.slice(0, 113)])).toEqual([
      ['before', 'old/b.vigil', 'VGL2012 A second header, `ruleset allopurinol`, in the rule set that a.vigil (ruleset methotrexate) already names'],
      ['after', 'new/b.vigil', 'VGL2012 A second header, `ruleset allopurinol`, in the rule set that a.vigil (ruleset methotrexate) already names'],
    ]);
  });
});
