// Item 6: a CSV with one unterminated quoted cell swallowed every later row, in
// super-linear time (700 kB did not finish in 60 s). The unclosed quote is now an error of
// its row, naming its line and column, and every later row is read, each line at most twice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AZA, ensureBuilt, expectContract, NOW, records, tempDir, vigil } from './support.js';

beforeAll(ensureBuilt, 120_000);

describe('a CSV cell whose quote is never closed', () => {
  it('700 kB: the row is one error with its line; all 40,000 later rows are evaluated', () => {
    const rows = ['tpmt,wbc', '"normal,3.5 10*9/L'];
    for (let i = 0; i < 40_000; i++) rows.push(`${i % 2 ? 'normal' : 'absent'},${(i % 9) + 1}.5 10*9/L`);
    const text = `${rows.join('\n')}\n`;
    expect(text.length).toBeGreaterThan(700_000);
    const dir = tempDir({ 'p.csv': text });
    const r = vigil(['run', AZA, '--facts', 'p.csv', '--now', NOW, '--no-explain', '--quiet', '--out', 'out.ndjson'], { cwd: dir, timeoutMs: 120_000 });
    expectContract(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: record 1: row at line 2: the quote at line 2, column 1 is not closed by the end of the file');
    const out = records(readFileSync(join(dir, 'out.ndjson'), 'utf8'));
    expect(out).toHaveLength(40_001);
    expect(out.filter((l) => 'error' in l)).toHaveLength(1);
    expect(out[1]).toMatchObject({ record: 2, decisions: expect.arrayContaining([expect.objectContaining({ rule: 'AZA-PRE-02' })]) });
  }, 150_000);

  it('a quoted cell over two lines is still one cell when it is closed', () => {
    const dir = tempDir({ 'p.csv': 'tpmt,medications\n"absent","allopurinol;\nrxnorm:519"\nnormal,\n' });
    const r = vigil(['run', AZA, '--facts', 'p.csv', '--now', NOW, '--no-explain'], { cwd: dir });
    expectContract(r);
    const out = records(r.stdout);
    expect(out.map((l) => l.record)).toEqual([1, 2]);
    expect(out.every((l) => !('error' in l))).toBe(true);
  });

  it('an unclosed quote in the middle: the rows after it are read again as rows', () => {
    const dir = tempDir({ 'p.csv': 'tpmt,wbc\nnormal,"3 10*9/L\nabsent,4 10*9/L\nnormal,5 10*9/L\n' });
    const r = vigil(['run', AZA, '--facts', 'p.csv', '--now', NOW, '--no-explain'], { cwd: dir });
    const out = records(r.stdout);
    expect(out.map((l) => l.record)).toEqual([1, 2, 3]);
    expect(out[0]!.error).toEqual({ message: 'row at line 2: the quote at line 2, column 8 is not closed by the end of the file' });
    expect(out[1]).toMatchObject({ decisions: expect.arrayContaining([expect.objectContaining({ rule: 'AZA-PRE-02' })]) });
  });
});
