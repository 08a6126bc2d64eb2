// `vigil fmt` in process: --check lists unformatted files (exit 1), a plain run rewrites
// them, files with syntax errors are reported and left alone.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { runFmt } from '../src/commands/fmt.js';
import type { CommandContext } from '../src/commands/context.js';

let dir: string;
let out: string;
let err: string;

function ctx(): CommandContext {
  const plain = new Proxy({}, { get: () => (s: string) => s }) as CommandContext['colors'];
  return {
    io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: dir, isTTY: false, env: {} },
    colors: plain,
    services: () => Promise.reject(new Error('not needed')),
    version: 'test',
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-fmt-'));
  out = '';
  err = '';
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('--check lists unformatted files and exits 1; fmt rewrites them; then --check passes', async () => {
  writeFileSync(join(dir, 'a.vigil'), 'rule R-1 "t" source "s" when y then advise because "m"\n');
  writeFileSync(join(dir, 'b.vigil'), 'rule R-2 "t"\n  source "s"\n  then advise because "m"\n');
  expect(await runFmt([dir], { check: true }, ctx())).toBe(1);
  expect(out, err).toBe('a.vigil\n');
  expect(err).toContain('1 file not formatted');
  expect(readFileSync(join(dir, 'a.vigil'), 'utf8')).toContain('rule R-1 "t" source');

  out = '';
  err = '';
  expect(await runFmt([dir], { check: false }, ctx())).toBe(0);
  expect(readFileSync(join(dir, 'a.vigil'), 'utf8')).toBe('rule R-1 "t"\n  source "s"\n  when y\n  then advise because "m"\n');
  expect(err).toContain('formatted 1 file');

  out = '';
  expect(await runFmt([], { check: true }, ctx())).toBe(0);
  expect(out).toBe('');
});

test('files with syntax errors are reported and not rewritten', async () => {
  const broken = 'rule R-1 "t" when\n';
  writeFileSync(join(dir, 'bad.vigil'), broken);
  expect(await runFmt([join(dir, 'bad.vigil')], { check: false }, ctx())).toBe(1);
  expect(readFileSync(join(dir, 'bad.vigil'), 'utf8')).toBe(broken);
  expect(err).toContain('syntax errors left unchanged');
});

test('a path that does not exist is a usage error', async () => {
  await expect(runFmt([join(dir, 'nope')], { check: true }, ctx())).rejects.toThrow(/cannot read/);
});
