import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, runDiffCommand, type DiffCommandOptions } from '../src/index.js';
import { diff, FACTS, twoVersions } from './helpers.js';

const rule = (threshold: string) => `rule R-1 "Low white cell count" source "s" when wbc < ${threshold} 10*9/L then contraindicate azathioprine because "m"\n`;

function run(paths: string[], options: Partial<DiffCommandOptions>, cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = runDiffCommand(paths, { format: 'text', failOnChange: false, now: '2026-03-01T00:00:00Z', ...options }, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd, colors: false });
  return { code, stdout, stderr };
}

describe('markdown output', () => {
  it('is a pull-request comment: summary, regions with witnesses, word-level rule changes', () => {
    const r = diff(rule('2.5'), rule('3.0'));
    const md = renderMarkdown(r);
    expect(r.space!.regions[0]!.id).toMatch(/^[0-9a-f]{10}$/);
    expect(md).toBe(`## Vigil diff: \`old\` → \`new\`

**Patients**: 1 region decided differently: 0 changed, 1 gaining a decision, 0 losing one.  
**Fixture cases**: 0 of 0 decide differently.  
**Declarations**: 1 changed; 0 evidence or wording only.  
**Semver for engine consumers**: **minor** (1 declaration changed meaning, with the same facts). Declared version 1 → 1.

### Declarations

- ✏️ rule R-1 changed: condition
  - condition: wbc \\< ~~2.5~~ **3.0** 10\\*9/L

### Patients decided differently

| id | patients | change | witness |
|---|---|---|---|
| \`${r.space!.regions[0]!.id}\` | wbc in \\[2.5, 3) 10\\*9/L (other facts as any) | gains \`contraindicate azathioprine\` | \`wbc=2.5 10*9/L\` |

_explored 4 of 4 cells._

Rules that changed meaning: \`R-1\`.

### Fixture cases

No fixture cases found (\`*.cases.yaml\`).

### Evidence and wording only

None.
`);
  });

  it('says when nothing changes for any patient', () => {
    const md = renderMarkdown(diff(rule('2.5'), rule('2500 /uL').replace(' 10*9/L', '')));
    expect(md).toContain('**Patients**: no patient is decided differently.');
    expect(md).toContain('**Semver for engine consumers**: **patch** (wording, evidence or layout only).');
    expect(md).toContain('- ✏️ rule R-1 changed: condition (same meaning)');
  });
});

describe('vigil diff OLD NEW', () => {
  it('exits 1 with --fail-on-change when behaviour changes, 0 without it', () => {
    const dir = twoVersions(rule('2.5'), rule('3.0'));
    expect(run(['old', 'new'], { failOnChange: true }, dir).code).toBe(1);
    const plain = run(['old', 'new'], {}, dir);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('  • wbc in [2.5, 3) 10*9/L (other facts as any): gains `contraindicate azathioprine`\n      witness: wbc=2.5 10*9/L   [3c4259ea18]\n');
    expect(plain.stdout).toContain('      condition: wbc < [-2.5-] {+3.0+} 10*9/L\n');
  });

  it('exits 0 with --fail-on-change when only the layout changed', () => {
    const dir = twoVersions(rule('2.5'), rule('2.5').replace(' when', '\n  when').replace(' then', '\n  then'));
    const r = run(['old', 'new'], { failOnChange: true }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No patient is decided differently.');
  });

  it('writes JSON with the documented top-level fields', () => {
    const dir = twoVersions(rule('2.5'), rule('3.0'));
    const json = JSON.parse(run(['old', 'new'], { format: 'json' }, dir).stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['schema', 'before', 'after', 'now', 'errors', 'structural', 'factSchema', 'semver', 'evidence', 'fixtures', 'space', 'behaviourChanged', 'summary']);
    expect(json.summary).toEqual({
      declarationsChanged: 1,
      evidenceOnly: 0,
      fixtureCasesChanged: 0,
      fixtureCasesEvaluabilityOnly: 0,
      regionsChanged: 1,
      regionsGaining: 1,
      regionsLosing: 0,
      regionsChanging: 0,
      regionsEvaluabilityOnly: 0,
      regionsUndescribable: 0,
    });
  });

  it('is a usage error (2) without two rule sets, and 1 when a side has errors', () => {
    const dir = twoVersions(rule('2.5'), 'rule R-1 "x" source "s" when nope < 3 then stop azathioprine\n');
    expect(run(['old'], {}, dir)).toMatchObject({ code: 2, stderr: 'error: expected two rule sets (OLD NEW), got 1; or use --git REV [paths]\n' });
    expect(run(['old', 'missing'], {}, dir)).toMatchObject({ code: 2, stderr: "error: cannot read 'missing': no such file or directory\n" });
    const broken = run(['old', 'new'], {}, dir);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('Behaviour was not compared: a side has errors.');
  });

});

describe('vigil diff --git', () => {
  it('compares the rules at a revision with the working tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-diff-git-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' } });
    git('init', '-q');
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'main.vigil'), FACTS.replace('version "1"\n', 'version "1"\nimport "wbc.vigil"\n'));
    writeFileSync(join(dir, 'rules', 'wbc.vigil'), rule('2.5'));
    writeFileSync(join(dir, 'rules', 'wbc.cases.yaml'), 'cases:\n  - name: borderline\n    facts: { wbc: "2.8 10*9/L" }\n');
    git('add', '.');
    git('commit', '-q', '-m', 'rules');
    writeFileSync(join(dir, 'rules', 'wbc.vigil'), rule('3.0'));
    const r = run(['rules'], { git: 'HEAD', format: 'json', failOnChange: true }, dir);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { before: string; space: { regions: { description: string; witness: { facts: unknown } }[] }; fixtures: { changed: unknown[] } };
    const head = git('log', '-1', '--format=%h').toString().trim();
    expect(json.before).toBe(`rules at ${head} (rules)`);
    expect(json.space.regions.map((g) => [g.description, g.witness.facts])).toEqual([['wbc in [2.5, 3) 10*9/L (other facts as any)', { wbc: '2.5 10*9/L' }]]);
    expect(json.fixtures.changed).toEqual([{ case: 'borderline', file: 'wbc.cases.yaml', kind: 'decisions', gained: ['contraindicate azathioprine (R-1)'], lost: [] }]);
    // Unchanged working tree: nothing to report.
    git('checkout', '-q', '--', 'rules/wbc.vigil');
    expect(run(['rules'], { git: 'HEAD', failOnChange: true }, dir).code).toBe(0);
    expect(run(['rules'], { git: 'no-such-rev' }, dir).code).toBe(2);
  });
});

describe('--accept', () => {
  it('reads only a regular file: a named pipe is refused at once (exit 2), never waited on', () => {
    const dir = twoVersions(rule('2.5'), rule('3.0'));
    execFileSync('mkfifo', [join(dir, 'accepted.txt')]);
    const r = run(['old', 'new'], { accept: 'accepted.txt' }, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot read the --accept file 'accepted.txt': it is a named pipe (FIFO), not a regular file");
  });
});
