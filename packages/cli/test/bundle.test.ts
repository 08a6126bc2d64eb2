// End to end: the esbuild bundle, run as a separate process.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BROKEN_RULES, RULES, runCli, tempTree } from './helpers.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const BUNDLE = join(ROOT, 'packages/cli/dist/vigil.mjs');

function run(args: string[], cwd = ROOT, script = BUNDLE) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundled CLI', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  }, 60_000);

  it('is one executable ES module with a shebang and a require shim', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(text).toContain('createRequire');
    expect(statSync(BUNDLE).mode & 0o111).not.toBe(0);
  });

  it('builds deterministically', () => {
    // Two builds back to back (other work may change the sources between this and beforeAll).
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--cli'], { cwd: ROOT, stdio: 'pipe' });
    const first = readFileSync(BUNDLE);
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--cli'], { cwd: ROOT, stdio: 'pipe' });
    expect(readFileSync(BUNDLE).equals(first)).toBe(true);
  });

  it('node packages/cli/dist/vigil.mjs --help', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: vigil');
    expect(r.stdout).toContain('check');
  });

  it('evaluates a patient with the bundled compiler', () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES, 'p1.yaml': 'tpmt: absent\nwbc: "2100 /uL"\n' });
    const r = run(['eval', 'rules', '--facts', 'p1.yaml', '--json'], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).decisions.map((d: { rule: string }) => d.rule)).toEqual(['AZA-PRE-02', 'AZA-WBC-01']);
    const bad = run(['eval', 'rules', '--facts', 'p1.yaml', '--now', 'soon'], cwd);
    expect(bad.code).toBe(2);
  });

  it('writes the same engine, byte for byte, as the compiler run from its sources (the engine text is one string, whatever transforms the code)', async () => {
    const cwd = tempTree({});
    const bundled = run(['compile', join(ROOT, 'rules/azathioprine'), '--out', join(cwd, 'bundled')], cwd);
    expect(bundled.code).toBe(0);
    const sources = await runCli(['compile', join(ROOT, 'rules/azathioprine'), '--out', join(cwd, 'sources')], { cwd });
    expect(sources.code).toBe(0);
    for (const name of ['engine.js', 'engine.d.ts', 'facts.schema.js']) expect(readFileSync(join(cwd, 'bundled', name), 'utf8')).toBe(readFileSync(join(cwd, 'sources', name), 'utf8'));
  });

  it('checks a rule set (bundled parser and UCUM units work) with exit codes 0, 1 and 2', () => {
    const cwd = tempTree({ 'good/main.vigil': RULES, 'bad/main.vigil': BROKEN_RULES });
    const good = run(['check', 'good'], cwd);
    expect(good).toMatchObject({ code: 0, stdout: '0 errors, 0 warnings in 1 file\n' });
    const bad = run(['check', 'bad'], cwd);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('bad/main.vigil:');
    expect(bad.stdout).toContain('error VGL2001');
    const usage = run(['check', 'missing'], cwd);
    expect(usage).toMatchObject({ code: 2, stderr: "error: cannot read 'missing': no such file or directory\n" });
  });

  it('scripts/vigil.mjs runs the bundle and forwards its exit code', () => {
    const cwd = tempTree({ 'bad/main.vigil': BROKEN_RULES });
    const r = run(['check', join(cwd, 'bad'), '--format', 'json'], ROOT, join(ROOT, 'scripts/vigil.mjs'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.errors).toBeGreaterThan(0);
    expect(run(['--version'], ROOT, join(ROOT, 'scripts/vigil.mjs')).code).toBe(0);
  });

  it("the package's bin is a committed file that runs the bundle, so installing can link it before a build", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = join(ROOT, 'packages/cli', pkg.bin['vigil']!);
    expect(bin.startsWith(join(ROOT, 'packages/cli/dist'))).toBe(false);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    const r = run(['eval', '--expr', '2500 /uL = 2.5 10*9/L'], ROOT, bin);
    expect([r.code, r.stdout.split('\n')[0]]).toEqual([0, 'true']);
  });
});
