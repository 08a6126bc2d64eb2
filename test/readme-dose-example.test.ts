// The README's dose example does what the README says: 36 to 84 mg/d at 60 kg with its
// arithmetic, and "2 /d" for a mg/kg/d fact and a negative weight refused.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'vigil-readme-dose-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vigil(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'packages/cli/dist/vigil.mjs'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('README dose example', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Doses, units and plausible inputs'));
  const rules = /```vigil\n([\s\S]*?)```/.exec(section)?.[1];
  const shown = /```\n( {2}dose azathioprine[\s\S]*?)```/.exec(section)?.[1];

  it('evaluates to the output the README shows', () => {
    expect(rules).toBeDefined();
    writeFileSync(join(dir, 'dosing.vigil'), rules!);
    writeFileSync(join(dir, 'p.json'), '{ "tpmt": "intermediate", "weight": "60 kg" }');
    expect(vigil('check', 'dosing.vigil', '--strict').status).toBe(0);
    const r = vigil('eval', 'dosing.vigil', '--facts', 'p.json');
    expect(r.status, r.stderr).toBe(0);
    for (const line of shown!.trimEnd().split('\n')) expect(r.stdout).toContain(line);
  });

  it('refuses a negative weight and "2 /d" for a mg/kg/d fact', () => {
    writeFileSync(join(dir, 'bad.json'), '{ "tpmt": "intermediate", "weight": "-60 kg", "standard_rate": "2 /d" }');
    const r = vigil('eval', 'dosing.vigil', '--facts', 'bad.json');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('weight: -60 kg is outside the plausible range 0.3 kg to 400 kg');
    expect(r.stderr).toContain('standard_rate: unit "/d" is not accepted');
  });
});
