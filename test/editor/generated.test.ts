// The TextMate grammar and the syntax diagrams are generated from the language's own
// keyword list and parser: the committed files must be what the generators write now.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function check(script: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [join(ROOT, script), '--check'], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('generated grammar files are up to date', () => {
  test('grammar/vigil.tmLanguage.json', () => {
    const r = check('grammar/gen-grammar.mjs');
    expect(r.output).toContain('is up to date');
    expect(r.status).toBe(0);
  });

  test('grammar/syntax-diagrams.html', () => {
    const r = check('grammar/gen-diagrams.mjs');
    expect(r.output).toContain('is up to date');
    expect(r.status).toBe(0);
  });
});
