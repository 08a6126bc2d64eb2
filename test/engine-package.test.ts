// `vigil compile --target package`: the package is packed with npm pack, installed offline
// into fresh ESM, CommonJS and TypeScript (node16 and bundler resolution) projects and
// used there; publint and arethetypeswrong check it. The bundled CLI writes it.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IR_VERSION } from '@vigil/core';

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'packages/cli/dist/vigil.mjs');
const BIN = join(ROOT, 'packages/compiler/node_modules/.bin');
const NAME = 'vigil-engine-azathioprine';
const work = mkdtempSync(join(tmpdir(), 'vigil-package-'));
let tarball = '';

function vigil(args: string[], cwd = ROOT): string {
  return execFileSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false' } });
}

function project(dir: string, files: Record<string, string>): string {
  const path = join(work, dir);
  mkdirSync(path, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text);
  npm(['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], path);
  return path;
}

const BUNDLE = readFileSync(join(ROOT, 'rules/azathioprine/fhir/tpmt-absent.json'), 'utf8');

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--cli'], { cwd: ROOT, stdio: 'pipe' });
  vigil(['compile', 'rules/azathioprine', '--target', 'package', '--out', join(work, 'pkg')]);
  tarball = join(work, npm(['pack', '--silent', '--pack-destination', work], join(work, 'pkg')).trim().split('\n').pop()!);
  writeFileSync(join(work, 'bundle.json'), BUNDLE);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('vigil compile --target package', () => {
  it('writes the same bytes every time, wherever the rule set lives', () => {
    const copy = join(work, 'elsewhere/azathioprine');
    cpSync(join(ROOT, 'rules/azathioprine'), copy, { recursive: true });
    vigil(['compile', copy, '--target', 'package', '--out', join(work, 'pkg2')]);
    const files = readdirSync(join(work, 'pkg')).filter((f) => !f.endsWith('.tgz')).sort();
    expect(files).toEqual(['README.md', 'engine.cjs', 'engine.d.cts', 'engine.d.ts', 'engine.js', 'index.cjs', 'index.d.cts', 'index.d.ts', 'index.js', 'package.json', 'runtime.cjs', 'runtime.js']);
    for (const f of files) expect(readFileSync(join(work, 'pkg2', f), 'utf8'), f).toBe(readFileSync(join(work, 'pkg', f), 'utf8'));
    const pkg = JSON.parse(readFileSync(join(work, 'pkg/package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: NAME, version: '1.0.0', type: 'module', vigil: { ruleset: 'azathioprine', irVersion: IR_VERSION } });
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.vigil.contentHash).toMatch(/^sha256-[0-9a-f]{64}$/);
    const readme = readFileSync(join(work, 'pkg/README.md'), 'utf8');
    expect(readme).toContain('| AZA-PRE-02 | Very low or absent TPMT activity | contraindicate azathioprine | 002_905f97d69bf3a083.txt | strong |');
    expect(readme).toContain('| `tpmt` | one of normal, intermediate, low, absent | TPMT activity (or genotype-predicted phenotype) |');
  });

  it('works from a fresh ES module project: evaluate, factsFromFhir, the CDS Hooks service', () => {
    const dir = project('esm', {
      'package.json': '{ "name": "esm-app", "private": true, "type": "module" }\n',
      'main.js': `import { readFileSync } from 'node:fs';
import { evaluate, factsFromFhir, createCdsService, version, irVersion, contentHash } from '${NAME}';
const now = '2026-12-01T09:00:00Z';
const { facts, missing } = factsFromFhir(JSON.parse(readFileSync('${join(work, 'bundle.json')}', 'utf8')), { now });
const result = evaluate(facts, { now });
const service = createCdsService();
const running = await service.listen();
const discovery = await (await fetch(running.url + '/cds-services')).json();
await running.close();
console.log(JSON.stringify({ version, irVersion, contentHash, first: result.decisions[0].rule, weight: missing.weight, services: discovery.services.length }));
`,
    });
    const out = JSON.parse(execFileSync(process.execPath, ['main.js'], { cwd: dir, encoding: 'utf8' }));
    expect(out).toMatchObject({ version: '1.0.0', irVersion: IR_VERSION, first: 'AZA-PRE-02', weight: 'no final Observation for LOINC 29463-7 in the last 90 d', services: 3 });
  });

  it('works from a fresh CommonJS project', () => {
    const dir = project('cjs', {
      'package.json': '{ "name": "cjs-app", "private": true }\n',
      'main.js': `const { evaluate, FactsError, version } = require('${NAME}');
const r = evaluate({ tpmt: 'absent', azathioprine_planned: true }, { now: '2026-12-01T09:00:00Z' });
let issue = '';
try { evaluate({ tpmt: 'medium' }); } catch (e) { issue = e instanceof FactsError ? e.issues[0].path : 'wrong error'; }
console.log(JSON.stringify({ version, first: r.decisions[0].rule, issue }));
`,
    });
    expect(JSON.parse(execFileSync(process.execPath, ['main.js'], { cwd: dir, encoding: 'utf8' }))).toEqual({ version: '1.0.0', first: 'AZA-PRE-02', issue: 'tpmt' });
  });

  for (const resolution of ['node16', 'bundler'] as const) {
    it(`type-checks in a fresh TypeScript project (moduleResolution ${resolution})`, () => {
      const source = `import { evaluate, factsFromFhir, createCdsService, version, type EvaluationResult } from '${NAME}';
const r: EvaluationResult = evaluate({ tpmt: 'absent', wbc: '2100 /uL' });
const v: '1.0.0' = version;
const f = factsFromFhir({ resourceType: 'Bundle' }, { now: new Date() });
const reasons: Record<string, string> = f.missing;
const s = createCdsService({ feedbackLog: 'feedback.ndjson', cors: { origins: ['*'] } });
// @ts-expect-error an enum value the rule set does not have (tsc fails if this is not an error)
evaluate({ tpmt: 'medium' });
export { r, v, reasons, s };
`;
      const dir = project(`ts-${resolution}`, {
        'package.json': `{ "name": "ts-${resolution}", "private": true, "type": "module" }\n`,
        'tsconfig.json': JSON.stringify({ compilerOptions: { module: resolution === 'node16' ? 'node16' : 'esnext', moduleResolution: resolution, target: 'es2022', strict: true, noEmit: true, types: [], skipLibCheck: false } }),
        'main.ts': source,
      });
      const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.status).toBe(0);
    });
  }

  it('declares the options of factsFromFhir and createCdsService as @vigil/fhir and @vigil/cds-hooks do', () => {
    // The package's index.d.ts restates those option types (a published package cannot
    // import the workspace's); this project type-checks each against its source, key by key,
    // so a field added to one side and not the other fails here.
    const dir = join(ROOT, 'node_modules/.cache/vigil-package-types');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'pkg'), { recursive: true });
    for (const f of ['index.d.ts', 'engine.d.ts']) cpSync(join(work, 'pkg', f), join(dir, 'pkg', f));
    writeFileSync(
      join(dir, 'check.ts'),
      `import type * as Pkg from './pkg/index.js';
import type { FactsFromFhirOptions, FhirFacts } from '@vigil/fhir';
import type { CdsServiceOptions, CdsService } from '@vigil/cds-hooks';
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Agree<A, B> = Same<keyof A, keyof B> extends true ? Same<A, B> : false;
type FhirOptions = Omit<FactsFromFhirOptions, 'bindings' | 'facts'>;
// fetch is left out: its type is the global fetch, which a project without DOM or Node types lacks.
type ServiceOptions = Omit<CdsServiceOptions, 'engine' | 'bindings' | 'fetch'>;
export const fhirOptions: Agree<Pkg.FactsFromFhirOptions, FhirOptions> = true;
export const fhirFacts: Agree<Pkg.FhirFacts, FhirFacts> = true;
export const serviceOptions: Agree<Pkg.CdsServiceOptions, ServiceOptions> = true;
export const security: Agree<NonNullable<Pkg.CdsServiceOptions['security']>, NonNullable<ServiceOptions['security']>> = true;
export const limits: Agree<NonNullable<Pkg.CdsServiceOptions['limits']>, NonNullable<ServiceOptions['limits']>> = true;
export const service: Same<keyof Pkg.CdsService, keyof CdsService> = true;
`,
    );
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler', target: 'es2022', strict: true, noEmit: true, types: ['node'], skipLibCheck: true, allowImportingTsExtensions: true }, files: ['check.ts'] }));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);

  it('passes publint and arethetypeswrong', () => {
    expect(execFileSync(join(BIN, 'publint'), ['run', join(work, 'pkg')], { encoding: 'utf8' })).toContain('All good!');
    const attw = spawnSync(join(BIN, 'attw'), [tarball, '--format', 'json'], { encoding: 'utf8' });
    expect(attw.status, attw.stdout).toBe(0);
    expect(JSON.parse(attw.stdout).analysis.problems ?? []).toEqual([]);
  });
});
