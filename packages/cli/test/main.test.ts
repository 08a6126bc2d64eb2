import { describe, expect, it } from 'vitest';
import { main, VERSION } from '../src/cli.js';
import { RULES, runCli, stubServices, tempTree } from './helpers.js';

describe('vigil (top level)', () => {
  it('--version prints the version and exits 0', async () => {
    const r = await runCli(['--version'], { cwd: '/' });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(`vigil ${VERSION}\n`);
  });

  it('--help lists the commands with examples and exit codes', async () => {
    const r = await runCli(['--help'], { cwd: '/' });
    expect(r.code).toBe(0);
    for (const word of ['check', 'compile', 'eval', 'Examples:', 'Exit codes:']) expect(r.stdout).toContain(word);
  });

  it.each(['check', 'compile', 'eval'])('%s --help shows usage and examples', async (command) => {
    const r = await runCli([command, '--help'], { cwd: '/' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: vigil ${command} [options] ${command === 'eval' ? '[paths...]' : '<paths...>'}`);
    expect(r.stdout).toContain(`$ vigil ${command} rules/azathioprine`);
    const viaHelp = await runCli(['help', command], { cwd: '/' });
    expect(viaHelp.stdout).toBe(r.stdout);
  });

  it('no command is a usage error that shows the help', async () => {
    const r = await runCli([], { cwd: '/' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: vigil');
  });

  it('an unknown command is a usage error with a suggestion', async () => {
    const r = await runCli(['chek', 'rules'], { cwd: '/' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown command 'chek'");
    expect(r.stderr).toContain('Did you mean check?');
  });

  it('an unexpected failure is an internal error: exit 3, stack only with VIGIL_DEBUG', async () => {
    const cwd = tempTree({ 'main.vigil': RULES });
    const broken = { ...stubServices(), checkFiles: () => { throw new Error('boom'); } };
    const quiet = await runCli(['check', 'main.vigil'], { cwd, services: broken });
    expect(quiet.code).toBe(3);
    expect(quiet.stderr).toBe('vigil: internal error: boom\nSet VIGIL_DEBUG=1 to print the stack trace.\n');
    const debug = await runCli(['check', 'main.vigil'], { cwd, services: broken, env: { VIGIL_DEBUG: '1' } });
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/internal error: boom\nError: boom\n\s+at /);
  });

  it('can run several times in one process (no shared state)', async () => {
    const cwd = tempTree({ 'main.vigil': RULES });
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, cwd, isTTY: false, env: {} };
    expect(await Promise.all([main(['check', 'main.vigil'], io), main(['nope'], io), main(['check', 'main.vigil'], io)])).toEqual([0, 2, 0]);
  });
});
