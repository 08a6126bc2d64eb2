// `vigil run --engine duckdb` on NDJSON with VIGIL_DUCKDB_CHECKS=sql, where DuckDB parses and
// checks the records itself (packages/sql/src/validate-sql.ts): the output equals the JS run's byte for byte on input
// with every kind of bad record (malformed JSON, trailing commas, wrong types, unknown
// units and fields, doubled keys, out-of-range values, future dates, escapes, BOM, CRLF,
// lone CR, blank lines), and most valid records are decided without the JS validator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli, tempTree } from '../helpers.js';

const AZA = join(import.meta.dirname, '..', '..', '..', '..', 'rules', 'azathioprine');
const NOW = '2026-06-01T00:00:00Z';

/** Records SQL cannot take as they are, or that JS refuses: each must come out as in the JS run. */
const BAD = [
  // Malformed, or JSON to DuckDB only.
  '{"tpmt":"low"',
  'not json',
  '{"tpmt":"low",}',
  '{"medications":["azathioprine",]}',
  '{"wbc":NaN}',
  '{"wbc":Infinity}',
  '{"tpmt":"low"} trailing',
  '{"tpmt":"low"}/*c*/',
  "{'tpmt':'low'}",
  '[{"tpmt":"low"}]',
  '"tpmt"',
  'null',
  '42',
  '  {"tpmt":"low"}',
  '{"tpmt" : "low"}',
  // Keys: unknown, doubled, null, hidden behind a `":` in a string.
  '{"tpmtt":"low"}',
  '{"TPMT":"low"}',
  '{"tpmt":"low"}\t',
  '{"tpmt":nan}',
  '{"last_cbc":Infinity}',
  '{"wbc":1e-400}',
  '{"wbc":1e400}',
  '{"tpmt":"low","tpmt":"normal"}',
  '{"tpmt":null,"wbc":"3 10*9/L"}',
  '{"medications":["a\\":"],"bogus" :1}',
  '{"medications":["a\\":"],"bogus":1}',
  '{"diagnoses":["x\\":"],"tpmt" :"low","zzz":1}',
  '{"wbc":{"value":3,"value":4,"unit":"10*9/L"}}',
  '{"wbc":{"value":3,"unit":"10*9/L","extra":1}}',
  // Types.
  '{"tpmt":1}',
  '{"tpmt":true}',
  '{"tpmt":"LOW"}',
  '{"pregnant":"true"}',
  '{"pregnant":1}',
  '{"medications":"azathioprine"}',
  '{"medications":[1]}',
  '{"medications":[true]}',
  '{"medications":[null]}',
  '{"medications":[["a"]]}',
  '{"medications":true}',
  '{"medications":["1abc"]}',
  '{"medications":["rxnorm:"]}',
  '{"symptoms":["fever","nope"]}',
  '{"symptoms":"fever"}',
  '{"wbc":true}',
  '{"wbc":[3]}',
  '{"wbc":"three"}',
  '{"wbc":{"value":"3 10*9/L"}}',
  '{"wbc":{"value":true,"unit":"10*9/L"}}',
  '{"wbc":{"value":3,"unit":5}}',
  '{"wbc":{"unit":"10*9/L"}}',
  '{"last_cbc":20260101}',
  '{"last_cbc":true}',
  // Units, numbers, ranges.
  '{"wbc":"2 g"}',
  '{"wbc":"2 10*9/l"}',
  '{"wbc":"2  10*9/L"}',
  '{"wbc":"2 10*9/L "}',
  '{"wbc":" 2 10*9/L"}',
  '{"wbc":"2\\t10*9/L"}',
  '{"wbc":"2.5e3 /uL"}',
  '{"wbc":"2.5E-1 10*9/L"}',
  '{"wbc":"2.5 e"}',
  '{"wbc":"+2 10*9/L"}',
  '{"wbc":".5 10*9/L"}',
  '{"wbc":"5. 10*9/L"}',
  '{"wbc":"2100/uL"}',
  '{"wbc":"2100 /uL"}',
  '{"wbc":"0.0000000000000001 10*9/L"}',
  '{"wbc":"1234567890123456 /uL"}',
  '{"wbc":"123456789012345 /uL"}',
  '{"wbc":"-1 10*9/L"}',
  '{"wbc":"-0 10*9/L"}',
  '{"wbc":-0.0}',
  '{"wbc":500}',
  '{"wbc":500.0000000001}',
  '{"wbc":"500.00000000000000001"}',
  '{"wbc":1e2}',
  '{"wbc":1E-7}',
  '{"wbc":2.50}',
  '{"wbc":12345678901234567}',
  '{"wbc":0.1234567890123456789}',
  '{"wbc":"2.50"}',
  '{"wbc":"0000000000000002.5"}',
  '{"wbc":{"value":"2.5","unit":"10*9/L"}}',
  '{"wbc":{"value":" 2.5 ","unit":" 10*9/L "}}',
  '{"wbc":{"value":2.5}}',
  '{"wbc":{"value":2.5,"unit":null}}',
  '{"wbc":{"value":2.5,"unit":""}}',
  '{"wbc":{"value":2100,"unit":"/uL"}}',
  '{"age":"500 a"}',
  '{"age":"1560 mo"}',
  '{"age":"7 mo"}',
  '{"weight":"0.2 kg"}',
  '{"weight":"300 g"}',
  '{"weight":"98963400000000000 pg"}',
  // Dates.
  '{"last_cbc":"2026-02-30"}',
  '{"last_cbc":"2026-02-29"}',
  '{"last_cbc":"2024-02-29"}',
  '{"last_cbc":"2027-01-01"}',
  '{"last_cbc":"0999-01-01"}',
  '{"last_cbc":"2026-5-01"}',
  '{"last_cbc":"2026-05-01T10:00"}',
  '{"last_cbc":"2026-05-01t10:00:00Z"}',
  '{"last_cbc":"2026-05-01 10:00:00Z"}',
  '{"last_dose":"2026-05-31T23:59:59Z"}',
  '{"last_dose":"2026-06-01T00:00:00Z"}',
  '{"last_dose":"2026-06-01T00:00:01Z"}',
  '{"last_dose":"2026-06-01T01:00:00+02:00"}',
  '{"last_dose":"2026-06-01T01:00:00+0200"}',
  '{"last_dose":"2026-05-01T10:00:00.5Z"}',
  '{"last_dose":"2026-05-01T24:00:00Z"}',
  '{"last_dose":"2026-05-01T10:60:00Z"}',
  '{"last_dose":"2026-05-01T10:00:00+24:00"}',
  // Codes and escapes.
  '{"medications":["RxNorm:519"]}',
  '{"medications":["ATC:L04AX01","allopurinol"]}',
  '{"medications":["true"]}',
  '{"medications":["a:b\\nc"]}',
  '{"medications":["\\u0061llopurinol"]}',
  '{"tpmt":"lo\\u0077"}',
  '{"tpmt":"low\\u0000"}',
  '{"medications":["\\ud800"]}',
  '{"medications":[]}',
  '{"medications":null}',
  '{}',
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('vigil run --engine duckdb: checks in SQL', () => {
  it('writes the JS run\'s bytes on every kind of bad record, with BOM, CRLF, lone CR and blank lines', { timeout: 120_000 }, async () => {
    const dir = tempTree({});
    const gen = await runCli(['gen-facts', AZA, '-n', '300', '--seed', '7', '--now', NOW], { cwd: dir });
    expect(gen.code).toBe(0);
    const valid = gen.stdout.split('\n').filter((l) => l !== '');
    // Bad records among valid ones, with every kind of line end and blank lines between.
    const ends = ['\n', '\r\n', '\r', '\n\n', '\n  \n', '\r\n\t\r\n'];
    let text = '\uFEFF';
    const lines = [...BAD.flatMap((b, k) => [b, valid[k % valid.length]!]), ...valid];
    lines.forEach((l, k) => (text += l + ends[k % ends.length]));
    const tree = tempTree({ 'p.ndjson': text });
    const common = ['run', AZA, '--facts', 'p.ndjson', '--now', NOW, '--no-explain', '--quiet'];
    const js = await runCli([...common, '--out', 'js.ndjson'], { cwd: tree });
    const loads: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk === 'string' && chunk.startsWith('sql load: ')) {
        loads.push(chunk);
        return true;
      }
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    });
    const duck = await runCli([...common, '--engine', 'duckdb', '--out', 'duck.ndjson'], { cwd: tree, env: { VIGIL_DUCKDB_CHECKS: 'sql', VIGIL_SQL_LOAD_STATS: '1' } });
    expect(duck.code).toBe(js.code);
    const untimed = (t: string) => t.replace(/[\d,]+ records\/s \([\d.]+ s\)/, 'RATE');
    expect(untimed(duck.stderr)).toBe(untimed(js.stderr));
    const want = readFileSync(join(tree, 'js.ndjson'), 'utf8');
    const got = readFileSync(join(tree, 'duck.ndjson'), 'utf8');
    const a = want.split('\n');
    const b = got.split('\n');
    const first = a.findIndex((l, k) => l !== b[k]);
    expect(first === -1 ? '' : `record line ${first + 1}: ${lines[first]}\njs:   ${a[first]}\nduck: ${b[first]}`).toBe('');
    expect(got).toBe(want);
    expect(want.split('\n').filter((l) => l.includes('"error"')).length).toBeGreaterThan(60);
    // SQL decided the valid records itself: only a few valid ones (digits the engine may round) went through JS.
    let inSql = 0;
    let inJs = 0;
    for (const l of loads) {
      const m = /sql load: (\d+) in SQL, (\d+) through JS/.exec(l)!;
      inSql += Number(m[1]);
      inJs += Number(m[2]);
    }
    expect(inSql + inJs).toBe(lines.length);
    expect(inSql).toBeGreaterThan(valid.length * 0.9);
  });
});
