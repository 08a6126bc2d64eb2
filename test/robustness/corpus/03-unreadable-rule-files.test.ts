// Item 3: a rule file that cannot be read (permissions, a dangling symbolic link, a
// directory or a pipe named `*.vigil`) is an error naming the file and the reason in
// check, eval, compile, test, diff and the language server, never silently left out.
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LspClient } from '../../lsp/client.js';
import { contractProblems, tempDir, vigil } from './vigil-process.js';

const FACTS = `ruleset t version "1"
facts { tpmt: enum { normal, absent } }
rule A-0 "Normal TPMT" source "s" when tpmt = normal then advise azathioprine because "standard dose"
`;
const CONTRA = `rule A-1 "Absent TPMT" source "s" when tpmt = absent then contraindicate azathioprine because "pancytopenia"
`;

type Breakage = { name: string; reason: RegExp; make(dir: string): void };

const breakages: Breakage[] = [
  { name: 'a dangling symbolic link', reason: /symbolic link to a file that does not exist/, make: (d) => symlinkSync(join(d, 'gone.vigil'), join(d, 'contra.vigil')) },
  {
    name: 'a link to a directory named contra.vigil',
    reason: /it is a directory/,
    make: (d) => {
      mkdirSync(join(d, 'sub'));
      symlinkSync(join(d, 'sub'), join(d, 'contra.vigil'));
    },
  },
  { name: 'a FIFO named contra.vigil', reason: /not a regular file/, make: (d) => execFileSync('mkfifo', [join(d, 'contra.vigil')]) },
];
function ruleSet(b: Breakage): { dir: string; rules: string } {
  const dir = tempDir();
  const rules = join(dir, 'rules');
  mkdirSync(rules);
  writeFileSync(join(rules, 'facts.vigil'), FACTS);
  b.make(rules);
  writeFileSync(join(dir, 'patient.json'), '{ "tpmt": "absent" }');
  return { dir, rules };
}

describe.each(breakages)('03 unreadable rule file: $name', (b) => {
  it('check exits 1 naming the file and the reason', () => {
    const { dir } = ruleSet(b);
    const r = vigil(['check', 'rules'], dir);
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain('rules/contra.vigil');
    expect(out).toMatch(/VGL2010/);
    expect(out).toMatch(b.reason);
    expect(out).not.toMatch(/0 errors/);
  });

  it('eval refuses instead of answering "No decisions" for a TPMT-absent patient', () => {
    const { dir } = ruleSet(b);
    const r = vigil(['eval', 'rules', '--facts', 'patient.json', '--now', '2026-01-01T00:00:00Z'], dir);
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('contra.vigil');
    expect(r.stdout).not.toMatch(/No decisions/i);
  });

  it('compile writes no engine', () => {
    const { dir } = ruleSet(b);
    const r = vigil(['compile', 'rules', '--target', 'js', '--out', 'out'], dir);
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('contra.vigil');
    expect(existsSync(join(dir, 'out', 'engine.js'))).toBe(false);
  });

  it('test fails the fixture file', () => {
    const { dir, rules } = ruleSet(b);
    mkdirSync(join(rules, 'tests'));
    writeFileSync(
      join(rules, 'tests', 'a.cases.yaml'),
      'as_of: 2026-01-01T00:00:00Z\ncases:\n  - name: absent\n    facts: { tpmt: absent }\n    expect:\n      decisions: [{ rule: A-1 }]\n',
    );
    const r = vigil(['test', 'rules'], dir);
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('contra.vigil');
    expect(r.stdout + r.stderr).toMatch(b.reason);
  });

  it('diff stops with the file and the reason', () => {
    const { dir } = ruleSet(b);
    mkdirSync(join(dir, 'old'));
    writeFileSync(join(dir, 'old', 'facts.vigil'), FACTS);
    writeFileSync(join(dir, 'old', 'contra.vigil'), CONTRA);
    const r = vigil(['diff', 'old', 'rules', '--now', '2026-01-01T00:00:00Z'], dir);
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('rules/contra.vigil');
    expect(r.stderr).toMatch(b.reason);
  });
});

describe('03 a rule file without read permission', () => {
  it('check names the file and says permission denied (run as an unprivileged user)', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'rules'), { mode: 0o755 });
    writeFileSync(join(dir, 'rules', 'facts.vigil'), FACTS, { mode: 0o644 });
    writeFileSync(join(dir, 'rules', 'contra.vigil'), CONTRA, { mode: 0o644 });
    chmodSync(join(dir, 'rules', 'contra.vigil'), 0o000);
    const r = vigil(['check', 'rules'], dir, 20_000, {}, true);
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("rules/contra.vigil:1:1 - error VGL2010: Cannot read rule file 'contra.vigil': permission denied.");
  });
});

describe('03 a folder of rule files without read permission', () => {
  it('check stops with the folder and the reason instead of leaving its files out', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'rules', 'more'), { recursive: true, mode: 0o755 });
    writeFileSync(join(dir, 'rules', 'facts.vigil'), FACTS, { mode: 0o644 });
    writeFileSync(join(dir, 'rules', 'more', 'contra.vigil'), CONTRA, { mode: 0o644 });
    chmodSync(join(dir, 'rules', 'more'), 0o000);
    const r = vigil(['check', 'rules'], dir, 20_000, {}, true);
    chmodSync(join(dir, 'rules', 'more'), 0o755);
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read '.*rules\/more': permission denied/);
  });
});

describe('03 unreadable rule file in the language server', () => {
  it('publishes the error for the file beside an open document', async () => {
    const { rules } = ruleSet(breakages[0]!);
    const { client } = await LspClient.start(rules);
    try {
      const main = pathToFileURL(join(rules, 'facts.vigil')).href;
      const broken = pathToFileURL(join(rules, 'contra.vigil')).href;
      await client.open(main, FACTS);
      const p = await client.waitFor((x) => x.uri === broken && x.diagnostics.length > 0, 20_000);
      expect(p.diagnostics[0]!.code).toBe('VGL2010');
      expect(p.diagnostics[0]!.message).toMatch(/contra\.vigil.*symbolic link/);
    } finally {
      await client.shutdown();
    }
  }, 60_000);
});
