// Item 13 (facts and fixtures): a FIFO given as a facts or fixture file blocked forever,
// /dev/zero grew memory without bound, and a 40 MB NDJSON line cost quadratic time. Only
// regular files are read now, a facts file is at most 4 MiB and a record (NDJSON line, CSV
// row, JSON array element) at most 4 Mi characters, each refused with a clear error, and
// the cost of reading is linear.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AZA, ensureBuilt, expectContract, NOW, records, tempDir, vigil } from './support.js';

beforeAll(ensureBuilt, 120_000);

const RULES = `ruleset demo version "1.0.0"

facts {
  tpmt: enum { normal, absent }
  medications: set of code
}

rule R-1 "Absent TPMT"
  source "s.txt"
  strength strong
  when tpmt = absent
  then contraindicate azathioprine because "pancytopenia"
`;

function fifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

describe('only regular files are read', () => {
  it('a FIFO as the facts file of eval and run is refused at once', () => {
    const dir = tempDir({});
    fifo(join(dir, 'p.json'));
    fifo(join(dir, 'p.ndjson'));
    const e = vigil(['eval', AZA, '--facts', 'p.json', '--now', NOW], { cwd: dir, timeoutMs: 10_000 });
    expectContract(e);
    expect(e.code).toBe(2);
    expect(e.stderr).toBe("error: cannot read 'p.json': it is a named pipe (FIFO), not a regular file\n");
    const r = vigil(['run', AZA, '--facts', 'p.ndjson', '--now', NOW], { cwd: dir, timeoutMs: 10_000 });
    expectContract(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: cannot read 'p.ndjson': it is a named pipe (FIFO), not a regular file; to read a pipe, use --facts - and pipe it to vigil\n");
  });

  it.skipIf(!existsSync('/dev/zero'))('/dev/zero as a facts file is refused at once', () => {
    const dir = tempDir({});
    const e = vigil(['eval', AZA, '--facts', '/dev/zero', '--now', NOW], { cwd: dir, timeoutMs: 10_000 });
    expectContract(e);
    expect(e.code).toBe(2);
    expect(e.stderr).toBe("error: cannot read '/dev/zero': it is a device, not a regular file\n");
    const r = vigil(['run', AZA, '--facts', '/dev/zero', '--format', 'ndjson', '--now', NOW], { cwd: dir, timeoutMs: 10_000 });
    expect(r.code).toBe(2);
  });

  it('a FIFO named like a fixture fails that file only', () => {
    const dir = tempDir({
      'set/rules.vigil': RULES,
      'set/tests/good.cases.yaml': 'as_of: 2026-01-15\ncases:\n  - name: absent\n    facts: { tpmt: absent }\n    expect: { decisions: [{ rule: R-1 }] }\n',
    });
    fifo(join(dir, 'set/tests/pipe.cases.yaml'));
    const r = vigil(['test', 'set'], { cwd: dir, timeoutMs: 15_000 });
    expectContract(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Cannot read fixture file: it is a named pipe (FIFO), not a regular file.');
    expect(r.stdout).toContain('✓ absent');
  });
});

describe('size limits', () => {
  it('a facts file over 4 MiB is refused with the limit', () => {
    const dir = tempDir({ 'p.json': `{"tpmt":"normal","medications":[${'"x",'.repeat(1_100_000)}"y"]}` });
    const r = vigil(['eval', AZA, '--facts', 'p.json', '--now', NOW], { cwd: dir });
    expectContract(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: cannot read 'p.json': it is larger than 4 MiB, the limit for a facts file\n");
  });

  it('a 40 MB NDJSON line is an error of its record, read in linear time; the records around it are evaluated', () => {
    const dir = tempDir({});
    const file = join(dir, 'p.ndjson');
    const codes = Array.from({ length: 4_000_000 }, (_, i) => `"x${i}"`).join(',');
    writeFileSync(file, `{"tpmt":"normal"}\n{"medications":[${codes}]}\n{"tpmt":"absent"}\n`);
    for (const jobs of ['1', '2']) {
      const r = vigil(['run', 'rules.vigil', '--facts', 'p.ndjson', '--now', NOW, '--jobs', jobs], { cwd: writeRules(dir), timeoutMs: 60_000 });
      expectContract(r);
      expect(r.code).toBe(1);
      const out = records(r.stdout);
      expect(out.map((l) => l.record)).toEqual([1, 2, 3]);
      expect(out[1]!.error).toEqual({ message: expect.stringMatching(/^the record is 4\d,\d{3},\d{3} characters long, more than the limit of 4,194,304$/) });
      expect(out[2]).toMatchObject({ decisions: [expect.objectContaining({ rule: 'R-1' })] });
    }
  }, 150_000);

  it('a record just under the limit is read', () => {
    const dir = tempDir({});
    // 4,000,000 characters of JSON whitespace: valid, and within the limit.
    writeFileSync(join(dir, 'p.ndjson'), `{"tpmt":"absent"${' '.repeat(4_000_000)}}\n`);
    const r = vigil(['run', 'rules.vigil', '--facts', 'p.ndjson', '--now', NOW], { cwd: writeRules(dir), timeoutMs: 60_000 });
    expectContract(r);
    expect(r.code).toBe(0);
    expect(records(r.stdout)[0]).toMatchObject({ decisions: [expect.objectContaining({ rule: 'R-1' })] });
  }, 90_000);

  it('an over-long CSV row and JSON array element are errors of their records', () => {
    const dir = tempDir({});
    const big = 'x;'.repeat(2_200_000);
    writeFileSync(join(dir, 'p.csv'), `tpmt,medications\nnormal,${big}\nabsent,\n`);
    writeFileSync(join(dir, 'p.json'), `[{"medications":["${big}"]},\n{"tpmt":"absent"}]`);
    writeRules(dir);
    const c = vigil(['run', 'rules.vigil', '--facts', 'p.csv', '--now', NOW], { cwd: dir, timeoutMs: 60_000 });
    expectContract(c);
    expect(records(c.stdout).map((l) => (l.error as { message?: string } | undefined)?.message ?? 'ok')).toEqual(['row at line 2 is 4,400,007 characters long, more than the limit of 4,194,304', 'ok']);
    const j = vigil(['run', 'rules.vigil', '--facts', 'p.json', '--now', NOW], { cwd: dir, timeoutMs: 60_000 });
    expectContract(j);
    expect(records(j.stdout).map((l) => (l.error as { message?: string } | undefined)?.message ?? 'ok')).toEqual(['the record is 4,400,020 characters long, more than the limit of 4,194,304 (line 1, column 2)', 'ok']);
  }, 90_000);
});

function writeRules(dir: string): string {
  writeFileSync(join(dir, 'rules.vigil'), RULES);
  return dir;
}
