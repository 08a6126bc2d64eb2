// The README's worked `vigil diff` example is the output the command gives today.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const base = mkdtempSync(join(tmpdir(), 'vigil-readme-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('README worked diff example', () => {
  it('shows the Markdown that vigil diff writes for the widened AZA-PRE-03 dose range', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const shown = /````markdown\n([\s\S]*?)\n````/.exec(readme)?.[1];
    expect(shown, 'README has a ````markdown block').toBeDefined();

    const oldDir = join(base, 'aza-old');
    const newDir = join(base, 'aza-new');
    cpSync(join(ROOT, 'rules/azathioprine'), oldDir, { recursive: true });
    cpSync(join(ROOT, 'rules/azathioprine'), newDir, { recursive: true });
    const file = join(newDir, 'pretreatment.vigil');
    const text = readFileSync(file, 'utf8');
    const edited = text.replace('dose azathioprine 30% to 70% of standard', 'dose azathioprine 30% to 80% of standard');
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);

    const r = spawnSync(process.execPath, [join(ROOT, 'packages/cli/dist/vigil.mjs'), 'diff', oldDir, newDir, '--format', 'markdown', '--now', '2026-03-01T00:00:00Z'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split(base).join('/tmp').trimEnd()).toBe(shown);
  });
});
