// `vigil run --jobs N` (worker threads) against the one-thread path: the same bytes out, the
// same summary, errors reported with their record numbers in record order, --fail-fast
// stopping at the first failed record; and the NDJSON line splitter against readline.
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../helpers.js';
import { LineSplitter } from '../../src/batch/records.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const AZA = join(ROOT, 'rules/azathioprine');
const NOW = '2026-11-22T09:00:00Z';

/** The summary without its timing. */
const summary = (stderr: string) => stderr.replace(/[\d,]+ records\/s \([\d.]+ s\)/, 'R records/s');

describe('vigil run with worker threads', () => {
  it('writes the same bytes as one thread, in record order, with record-numbered errors', async () => {
    const gen = await runCli(['gen-facts', AZA, '-n', '1500', '--seed', '5', '--now', NOW], { cwd: ROOT });
    const patients = gen.stdout.split('\n').filter((l) => l !== '');
    // Faults spread over several batches, blank lines (not counted) and every line ending.
    const bad = new Map<number, string>([
      [3, 'not json'],
      [300, '{"tpmt":"sideways"}'],
      [301, '[1, 2]'],
      [777, '{"wbc":"3 kg","tpmt":"low"}'],
      [1400, '{"last_dose":"2999-01-01T00:00:00Z"}'],
    ]);
    let text = '\uFEFF';
    patients.forEach((p, i) => {
      const line = bad.get(i + 1) ?? p;
      text += line + (i % 7 === 0 ? '\r\n' : i % 11 === 0 ? '\r' : '\n');
      if (i % 97 === 0) text += '   \n\n';
    });
    const dir = tempTree({ 'p.ndjson': text });
    const one = await runCli(['run', AZA, '--facts', 'p.ndjson', '--now', NOW, '--jobs', '1'], { cwd: dir });
    const two = await runCli(['run', AZA, '--facts', 'p.ndjson', '--now', NOW, '--jobs', '2'], { cwd: dir });
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    const records = two.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { record: number; error?: unknown });
    expect(records.map((r) => r.record)).toEqual(patients.map((_, i) => i + 1));
    expect(records.flatMap((r) => (r.error ? [r.record] : []))).toEqual([...bad.keys()]);
    expect([...two.stderr.matchAll(/error: record (\d+)/g)].map((m) => Number(m[1]))).toEqual([...bad.keys()]);
    expect(summary(two.stderr)).toBe(summary(one.stderr));
    expect(two.stderr).toMatch(/1,?500 records; .*; 5 errors;/);
    const noExplain = await runCli(['run', AZA, '--facts', 'p.ndjson', '--now', NOW, '--jobs', '2', '--no-explain'], { cwd: dir });
    const noExplainOne = await runCli(['run', AZA, '--facts', 'p.ndjson', '--now', NOW, '--jobs', '1', '--no-explain'], { cwd: dir });
    expect(noExplain.stdout).toBe(noExplainOne.stdout);
  }, 120_000);

  it('stops at the first failed record with --fail-fast, writing nothing after it', async () => {
    const gen = await runCli(['gen-facts', AZA, '-n', '1200', '--seed', '9', '--now', NOW], { cwd: ROOT });
    const patients = gen.stdout.split('\n').filter((l) => l !== '');
    patients[899] = '{"tpmt":1}';
    patients[1100] = 'not json';
    const dir = tempTree({ 'p.ndjson': patients.join('\n') });
    const one = await runCli(['run', AZA, '--facts', 'p.ndjson', '--now', NOW, '--fail-fast', '--jobs', '1'], { cwd: dir });
    const three = await runCli(['run', AZA, '--facts', 'p.ndjson', '--now', NOW, '--fail-fast', '--jobs', '3'], { cwd: dir });
    expect(three.code).toBe(1);
    expect(three.stdout).toBe(one.stdout);
    const last = JSON.parse(three.stdout.trimEnd().split('\n').pop()!) as { record: number; error: { field: string } };
    expect(last).toMatchObject({ record: 900, error: { field: 'tpmt' } });
    expect(summary(three.stderr)).toBe(summary(one.stderr));
    expect(three.stderr).toMatch(/900 records; .*; 1 error;/);
    expect(three.stderr).toMatch(/--fail-fast/);
  }, 120_000);

  it('refuses a --jobs that is not a small whole number', async () => {
    const dir = tempTree({ 'p.ndjson': '{}\n' });
    for (const bad of ['0', 'two', '1.5', '65']) expect((await runCli(['run', AZA, '--facts', 'p.ndjson', '--jobs', bad], { cwd: dir })).code).toBe(2);
  });
});

describe('LineSplitter', () => {
  it('splits lines as readline does (crlfDelay: Infinity), whatever the chunks', async () => {
    const viaReadline = async (chunks: string[]) => {
      const out: string[] = [];
      for await (const l of createInterface({ input: Readable.from(chunks), crlfDelay: Number.POSITIVE_INFINITY })) out.push(l);
      return out;
    };
    const viaSplitter = (chunks: string[]) => {
      const s = new LineSplitter();
      const out = chunks.flatMap((c) => s.push(c));
      return [...out, ...s.end()];
    };
    const nonBlank = (ls: string[]) => ls.filter((l) => l.trim() !== '');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('a', 'b', '{"x":1}', ' ', '\n', '\r', '\r\n', '\u00e9'), { maxLength: 40 }), fc.array(fc.nat(40), { maxLength: 6 }), async (parts, cuts) => {
        const text = parts.join('');
        const points = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((x, y) => x - y);
        const chunks: string[] = [];
        let at = 0;
        for (const p of points) {
          chunks.push(text.slice(at, p));
          at = p;
        }
        chunks.push(text.slice(at));
        const got = viaSplitter(chunks.filter((c) => c !== ''));
        const want = await viaReadline(chunks.filter((c) => c !== ''));
        // Blank lines are skipped by every caller; readline may also drop a final empty line.
        expect(nonBlank(got)).toEqual(nonBlank(want));
        expect(got.length - want.length).toBeGreaterThanOrEqual(0);
        expect(got.length - want.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
    const s = new LineSplitter();
    expect([...s.push('\uFEFF{"a":1}\r'), ...s.push('\n{"b":2}\r{"c":3}'), ...s.end()]).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });
});
