// Item 5: a key given twice in a JSON, NDJSON or CSV facts record
// (`{"tpmt":"absent", "tpmt":"normal"}`) resolved silently to the last value: a patient
// with absent TPMT could be evaluated as normal. It is now an error of that record (or of
// the facts file), as YAML already made it.
import { beforeAll, describe, expect, it } from 'vitest';
import { AZA, ensureBuilt, expectContract, NOW, records, tempDir, vigil } from './support.js';

beforeAll(ensureBuilt, 120_000);

const DUP = '{"tpmt":"absent", "tpmt":"normal"}';

describe('a key given twice', () => {
  it('in an NDJSON record is an error of that record; the others are evaluated', () => {
    const dir = tempDir({ 'p.ndjson': `{"tpmt":"absent"}\n${DUP}\n{"tpmt":"normal","medications":[]}\n` });
    const r = vigil(['run', AZA, '--facts', 'p.ndjson', '--now', NOW, '--no-explain'], { cwd: dir });
    expectContract(r);
    expect(r.code).toBe(1);
    const out = records(r.stdout);
    expect(out.map((l) => l.record)).toEqual([1, 2, 3]);
    expect(out[1]!.error).toEqual({ field: 'tpmt', message: "key 'tpmt' is given twice (columns 2 and 19)" });
    expect(r.stderr).toContain("error: record 2: tpmt: key 'tpmt' is given twice");
  });

  it('is found through escapes and nested objects', () => {
    const dir = tempDir({ 'p.ndjson': '{"wbc":{"value":2,"unit":"10*9/L","v\\u0061lue":9}}\n' });
    const r = vigil(['run', AZA, '--facts', 'p.ndjson', '--now', NOW], { cwd: dir });
    expect(records(r.stdout)[0]!.error).toMatchObject({ field: 'value', message: expect.stringContaining("key 'value' is given twice") });
  });

  it('in a JSON array element is an error of that record, with its line and column', () => {
    const dir = tempDir({ 'p.json': `[{"tpmt":"normal"},\n ${DUP}]` });
    const r = vigil(['run', AZA, '--facts', 'p.json', '--now', NOW, '--no-explain'], { cwd: dir });
    expectContract(r);
    const out = records(r.stdout);
    expect(out[1]!.error).toEqual({ field: 'tpmt', message: "key 'tpmt' is given twice (line 2, column 20)" });
  });

  it('in a CSV header (a column named twice) is an error of every record', () => {
    const dir = tempDir({ 'p.csv': 'tpmt,wbc,tpmt\nabsent,3 10*9/L,normal\n' });
    const r = vigil(['run', AZA, '--facts', 'p.csv', '--now', NOW], { cwd: dir });
    expectContract(r);
    expect(r.code).toBe(1);
    expect(records(r.stdout)).toEqual([{ record: 1, error: { field: 'tpmt', message: "column 'tpmt' appears twice in the header (columns 1 and 3)" } }]);
  });

  it('in an eval facts file (.json) is VGL7002 at the second key', () => {
    const dir = tempDir({ 'p.json': `{\n  "tpmt": "absent",\n  "tpmt": "normal"\n}\n` });
    const r = vigil(['eval', AZA, '--facts', 'p.json', '--now', NOW], { cwd: dir });
    expectContract(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("p.json:3:3 - error VGL7002: Malformed JSON: key 'tpmt' is given twice.");
    expect(r.stdout).toBe('');
  });

  it('in a YAML facts file stays an error (as before)', () => {
    const dir = tempDir({ 'p.yaml': 'tpmt: absent\ntpmt: normal\n' });
    const r = vigil(['eval', AZA, '--facts', 'p.yaml', '--now', NOW], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('VGL7002');
  });
});
