// `vigil test`: the command as the CLI registers it (packages/cli/src/commands/test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestCommand, runTest } from '../src/commands/test.js';
import type { CommandContext } from '../src/commands/context.js';
import { UsageError, type Colors } from '../src/io.js';
import { DEMO, demoTree, parseXml } from '@vigil/harness/test';

function context(cwd: string) {
  const out = { stdout: '', stderr: '' };
  const ctx: CommandContext = {
    io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) }, cwd, isTTY: false, env: {} },
    colors: new Proxy({}, { get: () => (s: string) => s }) as Colors,
    services: () => Promise.reject(new Error('vigil test needs no services')),
    version: '0.0.0',
  };
  return { ctx, out };
}

/** Parses `argv` (after `vigil`) with the test command as the CLI configures it; returns the exit code as the CLI would. */
async function vigil(argv: string[], cwd: string) {
  const { ctx, out } = context(cwd);
  let code = 0;
  expect(argv[0]).toBe('test');
  const command = createTestCommand(ctx, (c) => (code = c))
    .exitOverride()
    .configureOutput({ writeOut: (s) => (out.stdout += s), writeErr: (s) => (out.stderr += s) });
  try {
    await command.parseAsync(argv.slice(1), { from: 'user' });
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr += `error: ${error.message}\n`;
      code = 2;
    } else if (typeof (error as { code?: unknown }).code === 'string' && String((error as { code: string }).code).startsWith('commander.')) {
      code = (error as { exitCode: number }).exitCode === 0 ? 0 : 2;
    } else throw error;
  }
  return { code, ...out };
}

const FAILING = `as_of: 2026-01-15
cases:
  - name: passes
    extends: normal_patient
    facts: { tpmt: absent }
    expect: { decisions: [DEMO-TPMT-01] }
  - name: fails
    extends: normal_patient
    expect: { decisions: [DEMO-WBC-01] }
`;

describe('vigil test', () => {
  it('passes: exit 0 and the summary line last', async () => {
    const r = await vigil(['test', 'packages/harness/test/fixtures/demo'], process.cwd());
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('10 passed, 0 failed');
  });

  it('the default path is the working directory', async () => {
    const r = await vigil(['test'], DEMO);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tests/basic.cases.yaml');
  });

  it('a failure: exit 1 with the diff', async () => {
    const dir = demoTree(FAILING);
    const r = await vigil(['test', 'demo'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('- DEMO-WBC-01');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 passed, 1 failed');
  });

  it('errors use the code-frame renderer', async () => {
    const dir = demoTree(FAILING.replace('tpmt: absent', 'tpmt: absnt'));
    const r = await vigil(['test'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("demo/tests/t.cases.yaml:5:14 - error VGL7001: Case 'passes', fact 'tpmt':");
    expect(r.stdout).toMatch(/5 \|\s+facts: \{ tpmt: absnt \}/);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 passed, 1 failed, 1 errors');
  });

  it('--reporter junit and json write to stdout, the summary to stderr', async () => {
    const dir = demoTree(FAILING);
    const junit = await vigil(['test', '--reporter', 'junit'], dir);
    expect(junit.code).toBe(1);
    expect(parseXml(junit.stdout).attributes).toMatchObject({ tests: '2', failures: '1' });
    expect(junit.stderr).toBe('1 passed, 1 failed\n');
    const json = await vigil(['test', '-r', 'json', '--filter', 'passes'], dir);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ schema: 'vigil-test-report/1', totals: { passed: 1, filteredOut: 1 } });
  });

  it('--coverage and --min-coverage', async () => {
    const ok = await vigil(['test', DEMO, '--coverage'], process.cwd());
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Coverage: rules 85.7%, branches 87.5%');
    const below = await vigil(['test', DEMO, '--min-coverage', '95'], process.cwd());
    expect(below.code).toBe(1);
    expect(below.stdout).toContain('minimum 95% NOT MET');
  });

  it('--update records snapshots', async () => {
    const dir = demoTree('cases:\n  - name: s\n    facts: { tpmt: low }\n    expect: snapshot  # record\n');
    expect((await vigil(['test'], dir)).code).toBe(1);
    const r = await vigil(['test', '--update'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'demo/tests/t.cases.yaml'), 'utf8')).toContain('    expect: # record\n      snapshot:\n        - rule: DEMO-TPMT-01\n');
    expect((await vigil(['test'], dir)).code).toBe(0);
  });

  it('--suggest writes cases for the untested branches, which then pass', async () => {
    const dir = demoTree('as_of: 2026-01-15\ncases:\n  - name: s\n    facts: { tpmt: low }\n    expect: { decisions: [DEMO-TPMT-01] }\n');
    const r = await vigil(['test', '--suggest', '--now', '2026-01-15'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Suggested cases for demo\n {2}\d+ added to demo\/tests\/suggested\.cases\.yaml/);
    const after = await vigil(['test', '--coverage'], dir);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('branches 100.0%');
    expect((await vigil(['test', '--suggest', '--watch'], dir)).stderr).toContain('--suggest writes files once; it cannot be combined with --watch');
    expect((await vigil(['test', '--suggest', '--filter', 'x'], dir)).code).toBe(2);
  });

  it('usage errors exit 2', async () => {
    expect((await vigil(['test', 'no/such/dir'], process.cwd())).stderr).toContain("cannot read 'no/such/dir'");
    expect((await vigil(['test', 'no/such/dir'], process.cwd())).code).toBe(2);
    expect((await vigil(['test', DEMO, '--min-coverage', 'lots'], process.cwd())).code).toBe(2);
    expect((await vigil(['test', DEMO, '--reporter', 'tap'], process.cwd())).code).toBe(2);
    expect((await vigil(['test', DEMO, '--filter', '/(/'], process.cwd())).code).toBe(2);
  });

  it('a filter that matches nothing exits 1 and says so', async () => {
    const dir = demoTree(FAILING);
    const filtered = await vigil(['test', '--reporter', 'json', '--filter', 'zzz'], dir);
    expect(filtered.code).toBe(1);
    expect(filtered.stderr).toBe("no case matches --filter 'zzz'\n");
  });

  it('a rule set without fixtures: exit 1, "no fixture files"', async () => {
    const dir = demoTree('');
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'demo', 'tests'), { recursive: true });
    const text = await vigil(['test', 'demo'], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('No fixture files (*.cases.yaml) found.');
    const json = await vigil(['test', 'demo', '-r', 'json'], dir);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe("no fixture files (*.cases.yaml) found in 'demo'\n");
  });

  it('--watch runs again after a change and stops on abort', async () => {
    const dir = demoTree(FAILING);
    const { ctx, out } = context(dir);
    const abort = new AbortController();
    const done = runTest([], { watch: true, signal: abort.signal }, ctx);
    const until = async (p: () => boolean) => {
      for (let i = 0; i < 250 && !p(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(p()).toBe(true);
    };
    await until(() => out.stdout.includes('1 passed, 1 failed') || out.stderr !== '');
    expect(out.stderr).toBe('');
    const path = join(dir, 'demo/tests/t.cases.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('{ decisions: [DEMO-WBC-01] }', '{ not: [DEMO-WBC-01] }'));
    await until(() => out.stdout.includes('2 passed, 0 failed'));
    expect(out.stdout).toContain('changed: demo/tests/t.cases.yaml; running again');
    abort.abort();
    expect(await done).toBe(0);
  });
});
