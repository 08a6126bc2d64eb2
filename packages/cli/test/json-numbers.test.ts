// A JSON number with more digits than a double holds would reach the engine rounded by
// JSON.parse (2.49999999999999999 is 2.5): facts files and `vigil run` records refuse it,
// naming the field, and say to write it as a string, which the engine reads exactly.
import { describe, expect, it } from 'vitest';
import { parseJsonLine } from '../src/batch/record.js';
import { parseFacts } from '../src/facts/load-facts.js';

const read = (text: string) => {
  const r = parseJsonLine(1, text);
  return 'error' in r ? { field: r.error.field, message: r.error.message } : r.value;
};

describe('JSON numbers', () => {
  it('refuses a number JSON.parse would round, naming the field and the column', () => {
    expect(read('{"wbc": 2.49999999999999999}')).toEqual({
      field: 'wbc',
      message: 'wbc: the number 2.49999999999999999 has more digits than a JSON number holds exactly (15 significant digits); write it as a string, "2.49999999999999999", to have it read exactly at column 9',
    });
    expect(read('{"x": {"y": [1, 12345678901234567890]}}')).toMatchObject({ field: 'x' });
    expect(read('{"k": 9007199254740993}')).toMatchObject({ field: 'k' });
    expect(read('{"weight": {"value": 70.0000000000000001, "unit": "kg"}}')).toMatchObject({ field: 'weight' });
  });

  it('keeps every number a double stands for, however it is written, and long numbers given as strings', () => {
    expect(read('{"a": 0.30000000000000004, "b": 1e5, "c": -0, "d": 9007199254740992, "e": 2.50000000000000000, "f": 1.5E-7, "g": 123456789012345}')).toEqual({
      a: 0.30000000000000004,
      b: 100000,
      c: -0,
      d: 9007199254740992,
      e: 2.5,
      f: 1.5e-7,
      g: 123456789012345,
    });
    expect(read('{"wbc": "2.49999999999999999", "note": "12345678901234567890"}')).toEqual({ wbc: '2.49999999999999999', note: '12345678901234567890' });
  });

  it('is an error of the facts file at the number', () => {
    const r = parseFacts('{\n  "wbc": 2.49999999999999999\n}\n', '/p/patient.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.message])).toEqual([
      [1, 9, 'Malformed JSON: wbc: the number 2.49999999999999999 has more digits than a JSON number holds exactly (15 significant digits); write it as a string, "2.49999999999999999", to have it read exactly.'],
    ]);
  });
});
