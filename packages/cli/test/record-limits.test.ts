import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '@vigil/core';
import { LINE_TOO_LONG, parseJsonLine } from '../src/batch/record.js';
import { LineSplitter, readJsonArray, type InputRecord } from '../src/batch/records.js';

async function all(gen: AsyncIterable<InputRecord>): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

describe('record limits', () => {
  it('parseJsonLine (self-contained for worker threads) writes the limits INPUT_LIMITS states', () => {
    const source = parseJsonLine.toString();
    expect(source).toContain(`MAX_DEPTH = ${INPUT_LIMITS.factsDepth}`);
    expect(source).toMatch(/MAX_CHARS = 4 \* 1024 \* 1024/);
    expect(4 * 1024 * 1024).toBe(INPUT_LIMITS.recordChars);
    expect(parseJsonLine(1, `${LINE_TOO_LONG}5000000`)).toMatchObject({ error: { message: 'the record is 5,000,000 characters long, more than the limit of 4,194,304' } });
  });

  it('nesting: 64 levels are read, 65 refused', () => {
    expect('value' in parseJsonLine(1, `${'['.repeat(64)}${']'.repeat(64)}`)).toBe(true);
    expect(parseJsonLine(1, `${'['.repeat(65)}${']'.repeat(65)}`)).toMatchObject({ error: { detail: 'nested more than 64 levels deep', offset: 64 } });
  });

  it('the line splitter drops an over-long line for a marker and keeps the lines after it, across chunks', () => {
    const s = new LineSplitter(10);
    const lines = [...s.push('short\n0123'), ...s.push('456789abc'), ...s.push('def\r\nnext\rlast'), ...s.end()];
    expect(lines).toEqual(['short', `${LINE_TOO_LONG}16`, 'next', 'last']);
    expect(parseJsonLine(2, lines[1]!)).toMatchObject({ error: { message: 'the record is 16 characters long, more than the limit of 4,194,304' } });
  });

  it('a line in many chunks is joined once (each chunk is searched once)', () => {
    const s = new LineSplitter();
    const out: string[] = [];
    for (let i = 0; i < 1000; i++) out.push(...s.push('x'.repeat(1000)));
    out.push(...s.push('\n'));
    expect(out).toEqual(['x'.repeat(1_000_000)]);
  });

  it('the JSON array reader moves forward on every input: one structural error, or records', async () => {
    for (const text of ['[}]', '[{"a":1}}]', '[{"a":1},,{"b":2}]', '[{"a":1},]', '[{"a":1}', ']', '[[[[', '["a\\"]",}']) {
      const run = all(readJsonArray(Readable.from([text])));
      await expect(run).rejects.toThrow();
    }
    expect((await all(readJsonArray(Readable.from(['[ {"a":"]},[\\""}', ' , 1 ,"x" ,null,[2]]'])))).map((r) => ('value' in r ? r.value : r.error))).toEqual([{ a: ']},["' }, 1, 'x', null, [2]]);
  });
});
