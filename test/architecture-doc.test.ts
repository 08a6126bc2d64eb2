// docs/architecture.md stays true: its table lists every package, with the faces its
// package.json exports and the packages it depends on, and no package that does not exist;
// its layers put every dependency below the package that has it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOC = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');

interface Manifest {
  readonly name: string;
  readonly exports?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
}

const manifests = readdirSync(join(ROOT, 'packages'))
  .filter((d) => existsSync(join(ROOT, 'packages', d, 'package.json')))
  .map((d) => JSON.parse(readFileSync(join(ROOT, 'packages', d, 'package.json'), 'utf8')) as Manifest);

/** Rows of the package table: name, faces, dependencies (each cell's backticked words). */
function tableRows(doc: string): Map<string, { faces: string[]; deps: string[] }> {
  const rows = new Map<string, { faces: string[]; deps: string[] }>();
  for (const line of doc.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`(@vigil\/[a-z-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!name) continue;
    const words = (cell: string | undefined) => [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    rows.set(name, { faces: words(cells[2]), deps: words(cells[3]) });
  }
  return rows;
}

/** `layer N   a   b` lines: package name → layer. */
function layers(doc: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of doc.matchAll(/^layer (\d+)\s+(.+)$/gm)) for (const p of m[2]!.trim().split(/\s+/)) out.set(`@vigil/${p}`, Number(m[1]));
  return out;
}

describe('docs/architecture.md', () => {
  const rows = tableRows(DOC);

  it('lists every package, and no package that does not exist', () => {
    expect([...rows.keys()].sort()).toEqual(manifests.map((m) => m.name).sort());
    const named = new Set([...DOC.matchAll(/@vigil\/[a-z-]+/g)].map((m) => m[0]));
    for (const n of named) expect(manifests.map((m) => m.name), n).toContain(n);
  });

  it('gives each package the faces and dependencies its package.json declares', () => {
    for (const m of manifests) {
      const row = rows.get(m.name)!;
      expect(row.faces.sort(), `${m.name} faces`).toEqual(Object.keys(m.exports ?? {}).sort());
      const deps = Object.keys(m.dependencies ?? {}).filter((d) => d.startsWith('@vigil/'));
      expect(row.deps.sort(), `${m.name} dependencies`).toEqual(deps.sort());
    }
  });

  it('draws layers in which every dependency lies below the package that has it', () => {
    const layer = layers(DOC);
    expect([...layer.keys()].sort()).toEqual(manifests.map((m) => m.name).sort());
    const upward: string[] = [];
    for (const m of manifests) for (const d of Object.keys(m.dependencies ?? {}).filter((x) => x.startsWith('@vigil/'))) if (layer.get(d)! >= layer.get(m.name)!) upward.push(`${m.name} → ${d}`);
    expect(upward).toEqual([]);
  });

  it('reads a table and layers that disagree with the packages as disagreeing', () => {
    const bad = tableRows('| `@vigil/core` | `.` | `@vigil/cli` | x |\n');
    expect(bad.get('@vigil/core')).toEqual({ faces: ['.'], deps: ['@vigil/cli'] });
    expect(layers('layer 0   cli\nlayer 1   core\n')).toEqual(new Map([['@vigil/cli', 0], ['@vigil/core', 1]]));
  });
});
