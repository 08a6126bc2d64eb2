import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiles } from '../../pipeline.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'vigil-imports-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe('import-problems', () => {
  it('reports an import cycle where it closes', () => {
    const d = dir({ 'a.vigil': 'import "b.vigil"\nfacts { flag: boolean }\n', 'b.vigil': 'import "a.vigil"\n' });
    const r = checkFiles([join(d, 'a.vigil')]);
    const cyc = r.diagnostics.filter((x) => x.code === 'VGL2003');
    expect(cyc).toHaveLength(1);
    expect(cyc[0]!.message).toBe('Import cycle: a.vigil → b.vigil → a.vigil.');
    expect(cyc[0]!.uri).toBe(join(d, 'b.vigil'));
    expect(cyc[0]!.range.start).toMatchObject({ line: 0, character: 7 });
  });
  it('reports an import that cannot be read', () => {
    const d = dir({ 'a.vigil': 'import "nope.vigil"\n' });
    const r = checkFiles([join(d, 'a.vigil')]);
    expect(r.diagnostics.map((x) => x.code)).toEqual(['VGL2004']);
  });
  it('is quiet for a diamond of imports, loading each file once', () => {
    const d = dir({
      'main.vigil': 'import "l.vigil"\nimport "r.vigil"\n',
      'l.vigil': 'import "base.vigil"\n',
      'r.vigil': 'import "base.vigil"\n',
      'base.vigil': 'facts { flag: boolean }\n',
    });
    const r = checkFiles([join(d, 'main.vigil')]);
    expect(r.diagnostics).toEqual([]);
    expect(r.files).toHaveLength(4);
  });
});
