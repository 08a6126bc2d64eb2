// Item 7: `[{…},,{…}]` and trailing commas were accepted, and a facts file holding `null`
// was an empty patient. Both are now refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { AZA, ensureBuilt, expectContract, NOW, records, tempDir, vigil } from './support.js';

beforeAll(ensureBuilt, 120_000);

describe('lenient JSON', () => {
  for (const [text, message] of [
    ['[{"tpmt":"absent"},,{"tpmt":"normal"}]', 'two commas in a row at line 1, column 20: a record is missing between them'],
    ['[{"tpmt":"absent"},{"tpmt":"normal"},]', "a comma with no record after it (trailing comma) before ']' at line 1, column 38"],
    ['[,{"tpmt":"absent"}]', 'a comma before the first record at line 1, column 2'],
  ] as const) {
    it(`run refuses ${text}`, () => {
      const dir = tempDir({ 'p.json': text });
      const r = vigil(['run', AZA, '--facts', 'p.json', '--now', NOW, '--no-explain'], { cwd: dir });
      expectContract(r);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`error: p.json: ${message}`);
    });
  }

  it('a trailing comma inside a record is an error of that record', () => {
    const dir = tempDir({ 'p.ndjson': '{"tpmt":"absent",}\n{"medications":["a",]}\n' });
    const r = vigil(['run', AZA, '--facts', 'p.ndjson', '--now', NOW], { cwd: dir });
    expect(records(r.stdout).map((l) => l.error)).toEqual([
      { message: 'not valid JSON: trailing comma before } at column 17' },
      { message: 'not valid JSON: trailing comma before ] at column 20' },
    ]);
  });

  it('eval refuses trailing commas with the position', () => {
    const dir = tempDir({ 'p.json': '{"tpmt": "absent",}' });
    const r = vigil(['eval', AZA, '--facts', 'p.json', '--now', NOW], { cwd: dir });
    expectContract(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('p.json:1:18 - error VGL7002: Malformed JSON: trailing comma before }.');
  });

  for (const [file, text] of [
    ['p.json', 'null'],
    ['p.yaml', 'null\n'],
    ['q.yaml', '~\n'],
  ] as const) {
    it(`eval refuses a facts file holding null (${file}: ${JSON.stringify(text)})`, () => {
      const dir = tempDir({ [file]: text });
      const r = vigil(['eval', AZA, '--facts', file, '--now', NOW], { cwd: dir });
      expectContract(r);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error VGL7005: A facts file holds a mapping from fact names to values, not null. Write {} for a patient with no facts.');
      expect(r.stdout).toBe('');
    });
  }

  it('an empty YAML facts file is still a patient with no facts', () => {
    const dir = tempDir({ 'p.yaml': '# nothing recorded\n' });
    const r = vigil(['eval', AZA, '--facts', 'p.yaml', '--now', NOW], { cwd: dir });
    expect(r.code).toBe(0);
  });
});
