// `vigil run` and `vigil gen-facts` with the real compiler: per-record errors, --fail-fast,
// CSV and JSON inputs, generator determinism, and flat memory over a large input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../helpers.js';
import { mulberry32 } from '../../src/batch/generate.js';
import { splitCsvRow } from '../../src/batch/records.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const AZA = join(ROOT, 'rules/azathioprine');
const NOW = '2026-11-22T09:00:00Z';

const RULES = `ruleset demo version "1.0.0"
facts {
  tpmt: enum { normal, intermediate, low, absent } "TPMT phenotype"
  wbc: quantity 10*9/L "White cell count"
  medications: set of code
  pregnant: boolean
}
valueset xo "Xanthine oxidase inhibitors" { allopurinol rxnorm "519", febuxostat rxnorm "73689" }
rule AZA-PRE-02 "Absent TPMT activity"
  source "g.txt"
  when tpmt in { low, absent }
  then contraindicate azathioprine because "pancytopenia"
rule AZA-WBC-01 "Low white cell count"
  source "g.txt"
  when wbc < 3.5 10*9/L
  then caution azathioprine because "leucopenia"
rule AZA-XO-01 "Xanthine oxidase inhibitor"
  source "g.txt"
  when medications includes xo and not pregnant
  then advise because "reduce the dose"
`;

function lines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('vigil run', () => {
  it('evaluates NDJSON records, reports per-record errors with record number and field, and goes on', async () => {
    const dir = tempTree({
      'rules.vigil': RULES,
      'p.ndjson': [
        '{"tpmt":"low","wbc":"3.1 10*9/L"}',
        '{"tpmt":"sideways"}',
        '',
        '{"wbc":"2100 /uL","medications":["allopurinol"],"pregnant":false}',
        'not json',
        '{"wbc":"3 kg"}',
        '{}',
      ].join('\n'),
    });
    const r = await runCli(['run', 'rules.vigil', '--facts', 'p.ndjson', '--now', NOW], { cwd: dir });
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect(out.map((l) => l.record)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((out[0]!.decisions as { rule: string }[]).map((d) => d.rule)).toEqual(['AZA-PRE-02', 'AZA-WBC-01']);
    expect(out[1]!.error).toMatchObject({ field: 'tpmt' });
    expect((out[2]!.decisions as { rule: string }[]).map((d) => d.rule)).toEqual(['AZA-WBC-01', 'AZA-XO-01']);
    expect(out[3]!.error).toMatchObject({ message: expect.stringContaining('not valid JSON') });
    expect(out[4]!.error).toMatchObject({ field: 'wbc' });
    expect((out[5]!.notEvaluable as unknown[]).length).toBe(3);
    expect(r.stderr).toMatch(/record 2: tpmt: /);
    expect(r.stderr).toMatch(/record 4: not valid JSON/);
    expect(r.stderr).toMatch(/record 5: wbc: /);
    // The field is named once.
    expect(r.stderr).not.toMatch(/tpmt: tpmt:|wbc: wbc:/);
    expect(r.stderr).toMatch(/6 records; decisions: contraindicate 1, caution 2, advise 1; not evaluable: \d+; 3 errors; [\d,]+ records\/s/);
  });

  it('stops at the first failed record with --fail-fast (exit 1)', async () => {
    const dir = tempTree({ 'rules.vigil': RULES, 'p.ndjson': '{"tpmt":"low"}\n{"tpmt":1}\n{"tpmt":"normal"}\n' });
    const r = await runCli(['run', 'rules.vigil', '--facts', 'p.ndjson', '--fail-fast', '--now', NOW], { cwd: dir });
    expect(r.code).toBe(1);
    expect(lines(r.stdout).map((l) => l.record)).toEqual([1, 2]);
    expect(r.stderr).toMatch(/record 2: tpmt/);
    expect(r.stderr).toMatch(/--fail-fast/);
  });

  it('exits 0 and prints nothing on stderr with --quiet when every record is valid, writing --out', async () => {
    const dir = tempTree({ 'rules.vigil': RULES, 'p.ndjson': '{"tpmt":"low"}\n{"tpmt":"normal","wbc":5}\n' });
    const r = await runCli(['run', 'rules.vigil', '--facts', 'p.ndjson', '--out', 'd.ndjson', '--quiet', '--now', NOW], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(lines(readFileSync(join(dir, 'd.ndjson'), 'utf8')).map((l) => l.record)).toEqual([1, 2]);
  });

  it('--no-explain leaves the explanations out and nothing else', async () => {
    const dir = tempTree({ 'rules.vigil': RULES, 'p.ndjson': '{"tpmt":"low","wbc":"3.1 10*9/L"}\n{"tpmt":"sideways"}\n' });
    const full = lines((await runCli(['run', 'rules.vigil', '--facts', 'p.ndjson', '--now', NOW], { cwd: dir })).stdout);
    const bare = await runCli(['run', 'rules.vigil', '--facts', 'p.ndjson', '--now', NOW, '--no-explain'], { cwd: dir });
    expect(bare.code).toBe(1);
    const out = lines(bare.stdout);
    const decisions = out[0]!.decisions as { explanation: unknown[] }[];
    expect(decisions.map((d) => d.explanation)).toEqual([[], []]);
    expect((full[0]!.decisions as { explanation: unknown[] }[]).every((d) => d.explanation.length > 0)).toBe(true);
    expect(decisions.map((d) => ({ ...d, explanation: [] }))).toEqual((full[0]!.decisions as object[]).map((d) => ({ ...d, explanation: [] })));
    expect(out[1]).toEqual(full[1]);
  });

  it('reads CSV with quantities in one cell or with a unit column, booleans, sets and quoted cells', async () => {
    const csv = ['tpmt,wbc,wbc_unit,medications,pregnant', 'normal,2100,/uL,allopurinol;rxnorm:0,false', '"low","3.9",,"",', 'normal,"2.1 10*9/L",,,maybe', 'normal,1,2'].join('\r\n');
    const dir = tempTree({ 'rules.vigil': RULES, 'p.csv': csv });
    const r = await runCli(['run', 'rules.vigil', '--facts', 'p.csv', '--now', NOW], { cwd: dir });
    const out = lines(r.stdout);
    expect(out.map((l) => l.record)).toEqual([1, 2, 3, 4]);
    expect((out[0]!.decisions as { rule: string }[]).map((d) => d.rule)).toEqual(['AZA-WBC-01', 'AZA-XO-01']);
    expect((out[1]!.decisions as { rule: string }[]).map((d) => d.rule)).toEqual(['AZA-PRE-02']);
    expect(out[2]!.error).toMatchObject({ field: 'pregnant' });
    expect(out[3]!.error).toMatchObject({ message: expect.stringContaining('cells') });
    expect(r.code).toBe(1);
  });

  it('reads a JSON array incrementally, including strings with brackets and commas', async () => {
    const dir = tempTree({ 'rules.vigil': RULES, 'p.json': ' [ {"tpmt":"low","medications":["rxnorm:a,]}\\"["]},\n{"wbc":"3 10*9/L"} ,{"tpmt":"x"}]\n' });
    const r = await runCli(['run', 'rules.vigil', '--facts', 'p.json', '--now', NOW], { cwd: dir });
    const out = lines(r.stdout);
    expect(out.map((l) => l.record)).toEqual([1, 2, 3]);
    expect((out[0]!.decisions as { rule: string }[]).map((d) => d.rule)).toEqual(['AZA-PRE-02']);
    expect((out[1]!.decisions as { rule: string }[]).map((d) => d.rule)).toEqual(['AZA-WBC-01']);
    expect(out[2]!.error).toMatchObject({ field: 'tpmt' });
    const bad = tempTree({ 'rules.vigil': RULES, 'p.json': '{"tpmt":"low"}' });
    const r2 = await runCli(['run', 'rules.vigil', '--facts', 'p.json'], { cwd: bad });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/must hold an array/);
  });

  it('refuses an unknown extension, a missing file and a bad --now as usage errors', async () => {
    const dir = tempTree({ 'rules.vigil': RULES, 'p.txt': '' });
    expect((await runCli(['run', 'rules.vigil', '--facts', 'p.txt'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['run', 'rules.vigil', '--facts', 'nope.ndjson'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['run', 'rules.vigil', '--facts', 'p.txt', '--format', 'ndjson', '--now', 'soon'], { cwd: dir })).code).toBe(2);
  });
});

describe('vigil gen-facts', () => {
  it('is deterministic by seed and --now, and different seeds differ', async () => {
    const args = ['gen-facts', AZA, '-n', '300', '--now', NOW];
    const a = await runCli([...args, '--seed', '7'], { cwd: ROOT });
    const b = await runCli([...args, '--seed', '7'], { cwd: ROOT });
    const c = await runCli([...args, '--seed', '8'], { cwd: ROOT });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(c.stdout).not.toBe(a.stdout);
    expect(lines(a.stdout)).toHaveLength(300);
  });

  it('generates patients the azathioprine engine accepts, with facts missing now and then, and varied decisions', async () => {
    const gen = await runCli(['gen-facts', AZA, '-n', '500', '--seed', '1', '--now', NOW], { cwd: ROOT });
    const dir = tempTree({ 'p.ndjson': gen.stdout });
    const patients = lines(gen.stdout);
    const present = patients.reduce((n, p) => n + Object.keys(p).length, 0);
    expect(present).toBeGreaterThan(0);
    expect(patients.filter((p) => !('tpmt' in p)).length).toBeGreaterThan(5);
    const r = await runCli(['run', AZA, '--facts', join(dir, 'p.ndjson'), '--now', NOW], { cwd: ROOT });
    expect(r.stderr).toMatch(/0 errors/);
    expect(r.code).toBe(0);
    const fired = new Set(lines(r.stdout).flatMap((l) => (l.decisions as { rule: string }[]).map((d) => d.rule)));
    expect(fired.size).toBeGreaterThan(20);
  });

  it('mulberry32 is a fixed sequence', () => {
    const r = mulberry32(42);
    expect([r(), r(), r()].map((x) => x.toFixed(6))).toEqual(Array.from({ length: 3 }, ((s) => () => s().toFixed(6))(mulberry32(42))));
    expect(splitCsvRow('a,"b,""c""",')).toEqual(['a', 'b,"c"', '']);
  });
});

describe('memory', () => {
  it('keeps memory flat over 200,000 records', async () => {
    const gen = await runCli(['gen-facts', AZA, '-n', '2000', '--seed', '3', '--now', NOW], { cwd: ROOT });
    const dir = tempTree({});
    const file = join(dir, 'big.ndjson');
    const block = gen.stdout;
    writeFileSync(file, '');
    for (let i = 0; i < 100; i++) writeFileSync(file, block, { flag: 'a' });
    // Flat memory: after the first quarter of the run (worker threads started, heaps
    // settled), RSS must not keep growing with the records read.
    let records = 0;
    let settled = 0;
    let peakAfter = 0;
    const sample = () => {
      const rss = process.memoryUsage().rss;
      if (settled > 0) peakAfter = Math.max(peakAfter, rss);
    };
    const sink = {
      write: (s: string) => {
        records += s.split('\n').length - 1;
        if (settled === 0 && records >= 50_000) settled = process.memoryUsage().rss;
        return true;
      },
    };
    const { main } = await import('../../src/cli.js');
    global.gc?.();
    const before = process.memoryUsage().rss;
    const timer = setInterval(sample, 20);
    const code = await main(['run', AZA, '--facts', file, '--now', NOW, '--quiet'], { stdout: sink, stderr: { write: () => true }, cwd: ROOT, isTTY: false, env: {} });
    clearInterval(timer);
    sample();
    expect(code).toBe(0);
    expect(records).toBe(200_000);
    const warmMb = (settled - before) / 2 ** 20;
    const laterMb = (Math.max(peakAfter, settled) - settled) / 2 ** 20;
    const inputMb = (Buffer.byteLength(block) * 100) / 2 ** 20;
    console.log(`RSS: +${warmMb.toFixed(1)} MB over the first 50,000 records, +${laterMb.toFixed(1)} MB over the next 150,000 (input ${inputMb.toFixed(0)} MB)`);
    // The last three quarters read 300 MB of input; holding even a third of it would fail.
    // What remains is the heap's own growth between collections (30-50 MB seen).
    expect(laterMb).toBeLessThan(Math.min(96, inputMb / 4));
    expect(warmMb).toBeLessThan(400);
  }, 300_000);
});
