// Bounded fuzz target for facts: JSON and YAML facts files (as `vigil eval` reads them) and
// NDJSON, CSV and JSON-array batch inputs (as `vigil run` reads them), through the same
// functions the CLI calls, split into chunks at random places. The contract, for every
// input: no exception other than the documented file-level RecordsError, records numbered
// 1, 2, 3… with no record lost or repeated, every record either a value or an error with a
// message, the engine never throws on what the reader hands it, and each input stays
// within a time and heap limit. Then a few inputs run through the built CLI.
import { Readable } from 'node:stream';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFacts } from '@vigil/cli';
import { evaluateRecord, type RecordEngine } from '@vigil/cli/batch';
import { readCsv, readJsonArray, readNdjson, RecordsError, type InputRecord } from '@vigil/cli/batch';
import { ensureBuilt, vigil } from '../corpus/support.js';
import { expectCliContract, fuzzEngine, nearJson, ruleDir, structuredText, withinLimits } from './support.js';

// VIGIL_FUZZ_RUNS raises the count for a longer local search.
const RUNS = Number(process.env['VIGIL_FUZZ_RUNS'] ?? 250);
const dir = ruleDir();
const { engine, ir } = fuzzEngine(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `text` as a stream of chunks cut at the given places. */
function chunked(text: string, cuts: readonly number[]): Readable {
  const at = [...new Set(cuts.map((c) => (text.length === 0 ? 0 : c % text.length)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const c of at) {
    parts.push(text.slice(from, c));
    from = c;
  }
  parts.push(text.slice(from));
  return Readable.from(parts.filter((p) => p !== ''));
}

/** Reads every record; checks numbering and shape; evaluates each; returns the count. */
async function drain(records: AsyncIterable<InputRecord>): Promise<number> {
  let expected = 1;
  try {
    for await (const rec of records) {
      expect(rec.record).toBe(expected++);
      if ('error' in rec) expect(rec.error.message.length).toBeGreaterThan(0);
      const outcome = evaluateRecord(engine as RecordEngine, { now: '2026-03-01T00:00:00Z' }, rec);
      expect(() => JSON.parse(outcome.line) as unknown).not.toThrow();
    }
  } catch (error) {
    // The only file-level failure: a structural fault of a JSON array or a CSV header.
    expect(error).toBeInstanceOf(RecordsError);
    expect((error as Error).message.length).toBeGreaterThan(0);
  }
  return expected - 1;
}

describe('facts files (eval)', () => {
  for (const ext of ['json', 'yaml']) {
    it(`.${ext}: a mapping, or diagnostics with ranges inside the text`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(structuredText, nearJson), async (text) => {
          const r = await withinLimits(() => parseFacts(text, `/p/facts.${ext}`), () => JSON.stringify(text));
          if (r.ok) {
            expect(typeof r.facts.data).toBe('object');
            expect(Array.isArray(r.facts.data)).toBe(false);
            const v = engine.validateFacts(r.facts.data);
            if (v.ok) expect(() => engine.evaluate(r.facts.data, { now: '2100-01-01T00:00:00Z' })).not.toThrow();
          } else {
            expect(r.diagnostics.length).toBeGreaterThan(0);
            for (const d of r.diagnostics) {
              expect(d.range.start.offset).toBeGreaterThanOrEqual(0);
              expect(d.range.end.offset).toBeLessThanOrEqual(text.length + 1);
              expect(d.message.length).toBeGreaterThan(0);
            }
          }
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('batch inputs (run)', () => {
  const lines = fc.array(fc.oneof(nearJson, structuredText), { maxLength: 8 });
  const cuts = fc.array(fc.nat(), { maxLength: 6 });

  it('NDJSON', async () => {
    await fc.assert(
      fc.asyncProperty(lines, cuts, fc.constantFrom('\n', '\r\n', '\r'), async (ls, cs, eol) => {
        const text = ls.join(eol);
        const n = await withinLimits(() => drain(readNdjson(chunked(text, cs))), () => JSON.stringify(text));
        // Every non-blank line is one record (a line break inside a text starts a new line).
        expect(n).toBe(text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '').length);
      }),
      { numRuns: RUNS },
    );
  });

  it('a JSON array', async () => {
    await fc.assert(
      fc.asyncProperty(lines, cuts, async (ls, cs) => {
        const text = `[${ls.join(',')}]`;
        await withinLimits(() => drain(readJsonArray(chunked(text, cs))), () => JSON.stringify(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('CSV, quoted cells and unclosed quotes included', async () => {
    const cell = fc.oneof(fc.constantFrom('absent', 'normal', '3 10*9/L', '', '"', '""', '"a', 'b"', '"x,y"', 'true', 'a;b', '\t'), fc.string({ maxLength: 4 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 8 }), cuts, async (rows, cs) => {
        const text = ['tpmt,wbc,pregnant', ...rows.map((r) => r.join(','))].join('\n');
        await withinLimits(() => drain(readCsv(chunked(text, cs), ir.facts)), () => JSON.stringify(text));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('through the built CLI', () => {
  beforeAll(ensureBuilt, 120_000);

  it('a few inputs per format keep the exit-code contract', () => {
    const samples = fc.sample(fc.array(fc.oneof(nearJson, structuredText), { maxLength: 6 }), { numRuns: 2, seed: 11 });
    for (const [i, ls] of samples.entries()) {
      for (const [file, text] of [
        [`p${i}.ndjson`, ls.join('\n')],
        [`p${i}.json`, `[${ls.join(',')}]`],
        [`p${i}.csv`, `tpmt,wbc\n${ls.join('\n')}`],
      ] as const) {
        writeFileSync(join(dir, file), text);
        const r = vigil(['run', 'rules.vigil', '--facts', file, '--now', '2026-03-01'], { cwd: dir, timeoutMs: 20_000 });
        expectCliContract(r, `${file}: ${JSON.stringify(text)}`);
      }
      writeFileSync(join(dir, `e${i}.yaml`), ls.join('\n'));
      expectCliContract(vigil(['eval', 'rules.vigil', '--facts', `e${i}.yaml`, '--now', '2026-03-01'], { cwd: dir }), `eval e${i}.yaml`);
    }
  }, 120_000);
});
