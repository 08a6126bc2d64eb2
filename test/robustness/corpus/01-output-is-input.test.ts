// Item 1: `vigil run --facts p.ndjson --out p.ndjson` truncated its input to 0 bytes and
// exited 0 (also through a symbolic link, a hard link or `x/../p.ndjson`). The output is
// now refused when it is the input (same device and inode), and every output file is
// written to a temporary file renamed into place only when complete.
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AZA, ensureBuilt, expectContract, leftoverTemps, NOW, records, start, tempDir, vigil } from './support.js';

const PATIENTS = '{"tpmt":"absent"}\n{"tpmt":"normal"}\n';

beforeAll(ensureBuilt, 120_000);

describe('run --out that is the input', () => {
  for (const [label, out, prepare] of [
    ['the same name', 'p.ndjson', () => undefined],
    ['a symbolic link to it', 'link.ndjson', (dir: string) => symlinkSync(join(dir, 'p.ndjson'), join(dir, 'link.ndjson'))],
    ['a hard link to it', 'hard.ndjson', (dir: string) => linkSync(join(dir, 'p.ndjson'), join(dir, 'hard.ndjson'))],
    ['x/../p.ndjson', 'x/../p.ndjson', (dir: string) => mkdirSync(join(dir, 'x'))],
  ] as const) {
    it(`is refused through ${label}, and the input is kept`, () => {
      const dir = tempDir({ 'p.ndjson': PATIENTS });
      prepare(dir);
      const r = vigil(['run', AZA, '--facts', 'p.ndjson', '--out', out, '--now', NOW], { cwd: dir });
      expectContract(r);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`cannot write '${out}': it is the input file 'p.ndjson'`);
      expect(readFileSync(join(dir, 'p.ndjson'), 'utf8')).toBe(PATIENTS);
      expect(leftoverTemps(dir)).toEqual([]);
    });
  }

  it('is not refused when stdin is a pipe (the output file is not being read)', () => {
    const dir = tempDir({ 'p.ndjson': PATIENTS });
    const r = vigil(['run', AZA, '--facts', '-', '--out', 'p.ndjson', '--now', NOW], { cwd: dir, input: PATIENTS });
    // stdin is a pipe here, not the file: nothing to refuse, and the output is written.
    expectContract(r);
    expect(r.code).toBe(0);
    expect(records(readFileSync(join(dir, 'p.ndjson'), 'utf8'))).toHaveLength(2);
  });

  it('refuses to write over a rule file', () => {
    const dir = tempDir({ 'p.ndjson': PATIENTS });
    const rules = join(dir, 'rules.vigil');
    writeFileSync(rules, 'ruleset r version "1"\n\nfacts {\n  tpmt: enum { normal, absent }\n}\n');
    const before = readFileSync(rules, 'utf8');
    const r = vigil(['run', 'rules.vigil', '--facts', 'p.ndjson', '--out', 'rules.vigil', '--now', NOW], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("it is the input file 'rules.vigil'");
    expect(readFileSync(rules, 'utf8')).toBe(before);
  });
});

describe('every output is written whole or not at all', () => {
  it('a run that fails leaves an existing --out untouched and no temporary file', () => {
    const dir = tempDir({ 'bad.json': '[{"tpmt":"absent"}, {"tpmt":"normal"}', 'out.ndjson': 'previous results\n' });
    const r = vigil(['run', AZA, '--facts', 'bad.json', '--out', 'out.ndjson', '--now', NOW], { cwd: dir });
    expectContract(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("nothing written to 'out.ndjson'");
    expect(readFileSync(join(dir, 'out.ndjson'), 'utf8')).toBe('previous results\n');
    expect(leftoverTemps(dir)).toEqual([]);
  });

  it('a run interrupted by SIGINT leaves no partial output and no temporary file', async () => {
    const dir = tempDir({ 'out.ndjson': 'previous results\n' });
    const child = start(['run', AZA, '--facts', '-', '--out', 'out.ndjson', '--now', NOW, '--jobs', '1'], dir);
    // Feed records until the output's temporary file exists, then interrupt.
    child.stdin.write(PATIENTS.repeat(200));
    const deadline = Date.now() + 15_000;
    while (leftoverTemps(dir).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(leftoverTemps(dir)).toHaveLength(1);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.kill('SIGINT');
    const { signal } = await exited;
    expect(signal).toBe('SIGINT');
    expect(readFileSync(join(dir, 'out.ndjson'), 'utf8')).toBe('previous results\n');
    expect(leftoverTemps(dir)).toEqual([]);
  }, 30_000);

  it('a complete run replaces --out in one step and keeps its permissions', () => {
    const dir = tempDir({ 'p.ndjson': PATIENTS, 'out.ndjson': 'old\n' });
    const out = join(dir, 'out.ndjson');
    chmodSync(out, 0o640);
    const r = vigil(['run', AZA, '--facts', 'p.ndjson', '--out', 'out.ndjson', '--now', NOW], { cwd: dir });
    expect(r.code).toBe(0);
    expect(records(readFileSync(out, 'utf8')).map((l) => l.record)).toEqual([1, 2]);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(leftoverTemps(dir)).toEqual([]);
  });

  it('compile writes all its files or none: a failure leaves the previous engine whole', () => {
    const rules = 'ruleset r version "1"\n\nfacts {\n  tpmt: enum { normal, absent }\n}\n\nrule R-1 "Absent"\n  source "s.txt"\n  strength strong\n  when tpmt = absent\n  then contraindicate azathioprine because "first"\n';
    const dir = tempDir({ 'r.vigil': rules });
    expect(vigil(['compile', 'r.vigil', '--out', 'out'], { cwd: dir }).code).toBe(0);
    const engine = readFileSync(join(dir, 'out/engine.js'), 'utf8');
    // The rules change, and the last of the three files cannot be written (a directory is in
    // its place): the first two must not be replaced either.
    writeFileSync(join(dir, 'r.vigil'), rules.replace('"first"', '"second"'));
    rmSync(join(dir, 'out/facts.schema.js'));
    mkdirSync(join(dir, 'out/facts.schema.js'));
    const r = vigil(['compile', 'r.vigil', '--out', 'out'], { cwd: dir });
    expectContract(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot write 'out/facts.schema.js': it is a directory");
    expect(readFileSync(join(dir, 'out/engine.js'), 'utf8')).toBe(engine);
    expect(leftoverTemps(dir)).toEqual([]);
  });
});
