import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROKEN_RULES, RULES, runCli, stubServices, tempTree } from './helpers.js';

describe('vigil compile', () => {
  it('--target js writes engine.js, engine.d.ts and facts.schema.js and says so', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES });
    const r = await runCli(['compile', 'rules', '--target', 'js', '--out', 'build/demo'], { cwd, services: stubServices() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const name of ['engine.js', 'engine.d.ts', 'facts.schema.js']) {
      expect(existsSync(join(cwd, 'build/demo', name))).toBe(true);
      expect(r.stdout).toContain(`wrote build/demo/${name} (`);
    }
    expect(readFileSync(join(cwd, 'build/demo/engine.js'), 'utf8')).toContain('engine for demo');
    expect(r.stdout).toContain('compiled demo 1.0.0: 3 rules from 1 file');
  });

  it('--target ir writes ruleset.ir.json; js is the default target', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES });
    const ir = await runCli(['compile', 'rules', '--target', 'ir', '--out', 'out'], { cwd, services: stubServices() });
    expect(ir.code).toBe(0);
    const program = JSON.parse(readFileSync(join(cwd, 'out/ruleset.ir.json'), 'utf8'));
    expect(program.ruleset).toEqual({ name: 'demo', version: '1.0.0' });
    expect(program.rules.map((r: { id: string }) => r.id)).toEqual(['AZA-PRE-02', 'AZA-WBC-01', 'AZA-MISS-01']);
    const js = await runCli(['compile', 'rules', '-o', 'out2'], { cwd, services: stubServices() });
    expect(js.code).toBe(0);
    expect(existsSync(join(cwd, 'out2/engine.js'))).toBe(true);
  });

  it('refuses a rule set with errors: exit 1, diagnostics printed, nothing written', async () => {
    const cwd = tempTree({ 'rules/main.vigil': BROKEN_RULES });
    const r = await runCli(['compile', 'rules', '--out', 'out'], { cwd, services: stubServices() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error VGL2001');
    expect(r.stderr).toContain('nothing written');
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('usage errors exit 2: no --out, bad target, output path that is a file', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES });
    const noOut = await runCli(['compile', 'rules'], { cwd, services: stubServices() });
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain("required option '-o, --out <dir>' not specified");
    const badTarget = await runCli(['compile', 'rules', '--target', 'wasm', '--out', 'x'], { cwd, services: stubServices() });
    expect(badTarget.code).toBe(2);
    expect(badTarget.stderr).toContain('Allowed choices are js, ir');
    writeFileSync(join(cwd, 'afile'), '');
    const outIsFile = await runCli(['compile', 'rules', '--out', 'afile'], { cwd, services: stubServices() });
    expect(outIsFile.code).toBe(2);
    expect(outIsFile.stderr).toMatch(/^error: cannot create output directory 'afile'/);
  });

  it('with the real compiler, writes an engine module that evaluates patients', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES });
    const r = await runCli(['compile', 'rules', '--out', 'out'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(cwd, 'out/engine.d.ts'), 'utf8')).toContain('evaluate');
    const engine = await import(pathToFileURL(join(cwd, 'out/engine.js')).href);
    const result = engine.evaluate({ tpmt: 'absent', wbc: '5 10*9/L' });
    expect(result.decisions.map((d: { rule: string }) => d.rule)).toEqual(['AZA-PRE-02']);
    const ir = await runCli(['compile', 'rules', '--target', 'ir', '--out', 'ir'], { cwd });
    expect(ir.code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'ir/ruleset.ir.json'), 'utf8')).irVersion).toBe('1.6');
  });

  it('--target ir names source files relative to the rule set root: the same bytes on every machine', async () => {
    const files = { 'rules/main.vigil': RULES, 'rules/more/extra.vigil': 'rule AZA-X-01 "Extra" source "s" when tpmt = normal then order cbc because "m"\n' };
    const a = tempTree(files);
    const b = tempTree(files);
    for (const cwd of [a, b]) expect((await runCli(['compile', 'rules', '--target', 'ir', '--out', 'ir'], { cwd })).code).toBe(0);
    const text = readFileSync(join(a, 'ir/ruleset.ir.json'), 'utf8');
    expect(text).toBe(readFileSync(join(b, 'ir/ruleset.ir.json'), 'utf8'));
    expect(text).not.toContain(a);
    const uris = new Set([...text.matchAll(/"uri": "([^"]*)"/g)].map((m) => m[1]));
    expect([...uris].sort()).toEqual(['main.vigil', 'more/extra.vigil']);
    // From inside the rule set, or naming it by an absolute path: the same IR.
    expect((await runCli(['compile', join(a, 'rules'), '--target', 'ir', '--out', 'ir2'], { cwd: b })).code).toBe(0);
    expect(readFileSync(join(b, 'ir2/ruleset.ir.json'), 'utf8')).toBe(text);
  });
});
