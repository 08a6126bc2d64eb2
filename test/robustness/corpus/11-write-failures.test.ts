// Item 11: write failures (a missing or read-only directory, a directory as --out,
// /dev/full, EPIPE when piped into `head`) printed Node's "Unhandled 'error' event" with a
// stack trace. EPIPE now ends the command quietly; any other write error exits 2 naming
// the path.
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AZA, ensureBuilt, expectContract, leftoverTemps, NOW, shell, tempDir, vigil } from './support.js';

beforeAll(ensureBuilt, 120_000);

const PATIENTS = '{"tpmt":"absent"}\n{"tpmt":"normal"}\n';

describe('write failures', () => {
  it('--out in a directory that does not exist', () => {
    const dir = tempDir({ 'p.ndjson': PATIENTS });
    const r = vigil(['run', AZA, '--facts', 'p.ndjson', '--out', 'nope/out.ndjson', '--now', NOW], { cwd: dir });
    expectContract(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: cannot write 'nope/out.ndjson': the directory 'nope' does not exist\n");
  });

  it('--out in a read-only directory', () => {
    const dir = tempDir({ 'p.ndjson': PATIENTS });
    mkdirSync(join(dir, 'ro'));
    chmodSync(join(dir, 'ro'), 0o555);
    const r = vigil(['run', AZA, '--facts', 'p.ndjson', '--out', 'ro/out.ndjson', '--now', NOW], { cwd: dir, unprivileged: true });
    expectContract(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: cannot write 'ro/out.ndjson': permission denied\n");
    expect(existsSync(join(dir, 'ro/out.ndjson'))).toBe(false);
  });

  it('a directory as --out', () => {
    const dir = tempDir({ 'p.ndjson': PATIENTS });
    mkdirSync(join(dir, 'out'));
    const r = vigil(['run', AZA, '--facts', 'p.ndjson', '--out', 'out', '--now', NOW], { cwd: dir });
    expectContract(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: cannot write 'out': it is a directory\n");
  });

  it.skipIf(!existsSync('/dev/full'))('--out /dev/full, and stdout on /dev/full', () => {
    const dir = tempDir({ 'p.ndjson': PATIENTS });
    const r = vigil(['run', AZA, '--facts', 'p.ndjson', '--out', '/dev/full', '--now', NOW], { cwd: dir });
    expectContract(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: cannot write '/dev/full': no space left on the device");
    for (const command of ['VIGIL run AZA --facts p.ndjson --now NOW > /dev/full', 'VIGIL check AZA > /dev/full', 'VIGIL gen-facts AZA -n 10 > /dev/full']) {
      const s = shell(command.replace('AZA', AZA).replace('NOW', NOW), dir);
      expectContract(s);
      expect(s.code).toBe(2);
      expect(s.stderr).toContain('error: cannot write to standard output: no space left on the device');
    }
  });

  it('EPIPE into head ends quietly', () => {
    const dir = tempDir({ 'p.ndjson': PATIENTS.repeat(3000) });
    for (const command of [
      'VIGIL gen-facts AZA -n 200000 --now NOW | head -c 100 > /dev/null',
      'VIGIL run AZA --facts p.ndjson --now NOW --jobs 1 2>err.txt | head -n 1 > /dev/null',
      'VIGIL run AZA --facts p.ndjson --now NOW --jobs 2 2>err.txt | head -n 1 > /dev/null',
    ]) {
      const s = shell(`set -e; ${command.replace('AZA', AZA).replace('NOW', NOW)}`, dir, 60_000);
      expect(s.signal).toBe(null);
      expect(s.stderr).not.toMatch(/Unhandled|EPIPE|at .*:\d+:\d+/);
      if (existsSync(join(dir, 'err.txt'))) expect(readFileSync(join(dir, 'err.txt'), 'utf8')).not.toMatch(/Unhandled|EPIPE|internal error|at .*:\d+:\d+/);
    }
  }, 120_000);

  it('compile into a read-only directory, and fmt on a read-only file', () => {
    const dir = tempDir({ 'r/main.vigil': 'ruleset r version "1"\nfacts {   tpmt: enum { normal, absent } }\n' });
    mkdirSync(join(dir, 'ro'));
    chmodSync(join(dir, 'ro'), 0o555);
    const c = vigil(['compile', 'r', '--out', 'ro'], { cwd: dir, unprivileged: true });
    expectContract(c);
    expect(c.code).toBe(2);
    expect(c.stderr).toBe("error: cannot write 'ro/engine.js': permission denied\n");
    chmodSync(join(dir, 'r'), 0o555);
    const f = vigil(['fmt', 'r'], { cwd: dir, unprivileged: true });
    expectContract(f);
    expect(f.code).toBe(2);
    expect(f.stderr).toBe("error: cannot write 'r/main.vigil': permission denied\n");
    expect(readFileSync(join(dir, 'r/main.vigil'), 'utf8')).toContain('facts {   tpmt');
    expect(leftoverTemps(dir)).toEqual([]);
  });
});
