// `vigil diff` run through the command line in-process: colours on a terminal only, and
// the exit code of --fail-on-change. The diff itself is tested in @vigil/diff.
import { describe, expect, it } from 'vitest';
import { twoVersions } from '@vigil/diff/test';
import { main } from '../src/cli.js';

const rule = (threshold: string) => `rule R-1 "Low white cell count" source "s" when wbc < ${threshold} 10*9/L then contraindicate azathioprine because "m"\n`;

describe('vigil diff OLD NEW', () => {
  it('colours the text only on a terminal', async () => {
    const dir = twoVersions(rule('2.5'), rule('3.0'));
    const runMain = async (isTTY: boolean, format = 'text') => {
      let out = '';
      await main(['diff', 'old', 'new', '--format', format], { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, cwd: dir, isTTY, env: {} });
      return out;
    };
    expect(await runMain(false)).not.toContain('\u001b[');
    const coloured = await runMain(true);
    expect(coloured).toContain('\u001b[');
    expect(coloured).toContain('\u001b[32m{+3.0+}\u001b[39m');
    expect(await runMain(true, 'markdown')).not.toContain('\u001b[');
  });

  it('runs from the vigil command line', async () => {
    const dir = twoVersions(rule('2.5'), rule('3.0'));
    let out = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, cwd: dir, isTTY: false, env: {} };
    expect(await main(['diff', 'old', 'new', '--format', 'markdown', '--fail-on-change', '--now', '2026-03-01'], io)).toBe(1);
    expect(out).toContain('| wbc in \\[2.5, 3) 10\\*9/L (other facts as any) | gains `contraindicate azathioprine` |');
  });
});
