// CI keeps the bundled rule sets in the one canonical layout: `vigil fmt --check rules`
// must pass (run `vigil fmt rules` after editing a rule file).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

describe('bundled rule sets', () => {
  it('are formatted: vigil fmt --check rules exits 0', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'packages/cli/dist/vigil.mjs'), 'fmt', '--check', 'rules'], { cwd: ROOT, encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).not.toContain('not formatted');
    expect(r.status).toBe(0);
  });
});
