// Package faces: every package imports another only by name, through a face (a key of the
// other's package.json `exports`) and only when its package.json declares the dependency;
// no relative import leaves its package; the dependencies form no cycle. tsc, vitest and
// esbuild all resolve `@vigil/x/face` through these `exports`, so what passes here is what
// every tool sees.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = join(ROOT, 'packages');

interface Manifest {
  readonly name: string;
  readonly exports?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
const packageDirs = readdirSync(PACKAGES).filter((n) => existsSync(join(PACKAGES, n, 'package.json'))).sort();
const byName = new Map(packageDirs.map((d) => [manifest(join(PACKAGES, d)).name, d]));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** Module specifiers of static imports and re-exports, `import('…')` and `import '…'`. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*'([^']+)'/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s*'([^']+)'/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) out.push(m[1]!);
  return out;
}

const FACE = /^(@vigil\/[a-z-]+)(\/[a-z-]+)?$/;

/** Problems with one file's imports: undeclared packages, unknown faces, relative paths out of `home`. */
function problemsOf(file: string, home: string, declared: ReadonlySet<string>, text = readFileSync(file, 'utf8'), fence = home): string[] {
  const problems: string[] = [];
  const where = relative(ROOT, file);
  for (const spec of specifiers(text)) {
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      const inside = target === home || target.startsWith(home + sep);
      const fenced = target === fence || target.startsWith(fence + sep);
      if (home === fence ? !inside : fenced) problems.push(`${where}: '${spec}' reaches into ${relative(ROOT, home === fence ? target : fence)}; import the package by name`);
      continue;
    }
    if (!spec.startsWith('@vigil/')) continue;
    const m = FACE.exec(spec);
    const name = m?.[1];
    if (!m || !name || !byName.has(name)) {
      problems.push(`${where}: '${spec}' is no package of the workspace`);
      continue;
    }
    if (!declared.has(name)) problems.push(`${where}: imports ${name} without declaring it in package.json`);
    const face = `.${m[2] ?? ''}`;
    const exports = manifest(join(PACKAGES, byName.get(name)!)).exports ?? {};
    if (!(face in exports)) problems.push(`${where}: '${spec}' is not a face of ${name} (faces: ${Object.keys(exports).join(', ')})`);
  }
  return problems;
}

describe('package faces', () => {
  it('every face a package.json exports exists', () => {
    for (const d of packageDirs) {
      const m = manifest(join(PACKAGES, d));
      expect(m.exports, `${d} has no exports`).toBeDefined();
      for (const [face, target] of Object.entries(m.exports ?? {})) expect(existsSync(join(PACKAGES, d, target)), `${m.name} ${face} → ${target}`).toBe(true);
    }
  });

  it('packages import each other by name, through a face, as declared dependencies', () => {
    const problems: string[] = [];
    for (const d of packageDirs) {
      const home = join(PACKAGES, d);
      const m = manifest(home);
      const runtime = new Set(Object.keys(m.dependencies ?? {}));
      const all = new Set([...runtime, ...Object.keys(m.devDependencies ?? {})]);
      for (const file of sourceFiles(home)) {
        // Shipped code needs a dependency; tests and test support may use a dev dependency.
        const isTest = /\.test\.ts$/.test(file) || /^(test|test-support)[/\\]/.test(relative(home, file));
        problems.push(...problemsOf(file, home, isTest ? all : runtime));
      }
    }
    expect(problems).toEqual([]);
  });

  it('the repository-wide tests import packages by name, as the root package.json declares them', () => {
    const root = manifest(ROOT);
    const declared = new Set(Object.keys(root.devDependencies ?? {}));
    const problems = sourceFiles(join(ROOT, 'test')).flatMap((f) => problemsOf(f, join(ROOT, 'test'), declared, undefined, PACKAGES));
    expect(problems).toEqual([]);
  });

  it('the dependencies between packages form no cycle', () => {
    const edges = new Map(packageDirs.map((d) => {
      const m = manifest(join(PACKAGES, d));
      return [m.name, Object.keys(m.dependencies ?? {}).filter((n) => byName.has(n))] as const;
    }));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (n: string, path: string[]) => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'open') {
        cycles.push([...path.slice(path.indexOf(n)), n].join(' → '));
        return;
      }
      state.set(n, 'open');
      for (const m of edges.get(n) ?? []) visit(m, [...path, n]);
      state.set(n, 'done');
    };
    for (const n of edges.keys()) visit(n, []);
    expect(cycles).toEqual([]);
  });

  it('finds a relative path into another package, an internal path, an unknown face and an undeclared package', () => {
    const cli = join(PACKAGES, 'cli');
    const text = [
      "import { checkFiles } from '../../core/src/pipeline.js';",
      "import { lowerProgram } from '@vigil/core/src/ir/lower.js';",
      "export { x } from '@vigil/core/nope';",
      `const { runTests } = await ${'import'}('@vigil/nowhere');`,
      "import { diffRuleSets } from '@vigil/diff';",
    ].join('\n');
    const problems = problemsOf(join(cli, 'src', 'x.ts'), cli, new Set(['@vigil/core']), text);
    expect(problems).toEqual([
      "packages/cli/src/x.ts: '../../core/src/pipeline.js' reaches into packages/core/src/pipeline.js; import the package by name",
      "packages/cli/src/x.ts: '@vigil/core/src/ir/lower.js' is no package of the workspace",
      "packages/cli/src/x.ts: '@vigil/core/nope' is not a face of @vigil/core (faces: ., ./services, ./test)",
      "packages/cli/src/x.ts: imports @vigil/diff without declaring it in package.json",
      "packages/cli/src/x.ts: '@vigil/nowhere' is no package of the workspace",
    ]);
  });

  it('esbuild resolves a face to the file the exports name, and refuses a path that is no face', async () => {
    const bundle = (contents: string) =>
      build({ stdin: { contents, resolveDir: ROOT, loader: 'ts' }, bundle: true, write: false, platform: 'node', format: 'esm', logLevel: 'silent', metafile: true, external: ['chevrotain', '@lhncbc/ucum-lhc'] });
    const ok = await bundle("export { lexText } from '@vigil/core/services';\nexport { mark } from '@vigil/core/test';\n");
    const inputs = Object.keys(ok.metafile.inputs);
    expect(inputs).toContain('packages/core/src/services.ts');
    expect(inputs).toContain('packages/core/test-support/index.ts');
    await expect(bundle("export { lowerProgram } from '@vigil/core/src/ir/lower.js';\n")).rejects.toThrow(/not exported|Could not resolve/);
  });
});
