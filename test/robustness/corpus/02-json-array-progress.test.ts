// Item 2: `vigil run --facts bad.json` with a stray `}` in a JSON array (`[}]`, or
// `[{"tpmt":"absent"}}, {…}]`) looped forever writing the same error (79 MB in 10 s). The
// reader now always moves forward, and a malformed array is one error with its position.
import { beforeAll, describe, expect, it } from 'vitest';
import { AZA, ensureBuilt, expectContract, NOW, records, tempDir, vigil } from './support.js';

beforeAll(ensureBuilt, 120_000);

describe('a JSON array with a stray bracket', () => {
  for (const [text, where, evaluated] of [
    ['[}]', "unexpected '}' at line 1, column 2", []],
    ['[{"tpmt":"absent"}}, {"tpmt":"normal"}]', "unexpected '}' at line 1, column 19: expected ',' or ']' after record 1", [1]],
    ['[\n  {"tpmt":"absent"},\n  {"tpmt":"normal"]\n]', "unexpected ']' at line 3, column 19", [1]],
    ['[{"tpmt":"absent"}] ]', "unexpected ']' at line 1, column 21, after the end of the JSON array", [1]],
    ['[{"tpmt":"absent"}', 'the JSON array is not closed', [1]],
  ] as const) {
    it(`${JSON.stringify(text)} is one error with its line and column`, () => {
      const dir = tempDir({ 'bad.json': text });
      const r = vigil(['run', AZA, '--facts', 'bad.json', '--now', NOW, '--no-explain'], { cwd: dir, timeoutMs: 15_000 });
      expectContract(r);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`error: bad.json: ${where}`);
      expect(r.stderr.match(/^error:/gm)).toHaveLength(1);
      // Records before the fault are evaluated; nothing is repeated.
      expect(r.stdout.length).toBeLessThan(20_000);
      expect(records(r.stdout).map((l) => l.record)).toEqual(evaluated);
    });
  }

  it('a malformed record inside a well-formed array is an error of that record; later records are read', () => {
    const dir = tempDir({ 'p.json': '[{"tpmt":"absent"},\n {"tpmt": tru},\n {"tpmt":"normal"}]' });
    const r = vigil(['run', AZA, '--facts', 'p.json', '--now', NOW, '--no-explain'], { cwd: dir });
    expectContract(r);
    expect(r.code).toBe(1);
    const out = records(r.stdout);
    expect(out.map((l) => l.record)).toEqual([1, 2, 3]);
    expect(out[1]!.error).toEqual({ message: "not valid JSON: unexpected 't' (line 2, column 11)" });
    expect(out[2]!.decisions).toBeDefined();
  });
});
