// Runs the built CLI (packages/cli/dist/vigil.mjs, written by `pnpm build`) as a child
// process, as a user or CI would, with a time limit, and makes throwaway folders.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const BUNDLE = join(ROOT, 'packages/cli/dist/vigil.mjs');

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `vigil …args` in `cwd`; a run still going after `timeoutMs` is killed (code null). */
export function vigil(args: readonly string[], cwd: string, timeoutMs = 20_000, env: Record<string, string> = {}, asNobody = false): Run {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
    // Root reads any file whatever its mode: permission cases run as the user nobody.
    ...(asNobody && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}),
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The contract for every run: exit 0, 1 or 2, and no stack trace. */
export function contractProblems(r: Run): string[] {
  const problems: string[] = [];
  if (r.code === null) problems.push(`did not finish (signal ${r.signal})`);
  else if (![0, 1, 2].includes(r.code)) problems.push(`exit code ${r.code}`);
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(r.stderr + r.stdout)) problems.push('stack trace in the output');
  return problems;
}

const temps: string[] = [];
afterEach(() => {
  while (temps.length > 0) rmSync(temps.pop()!, { recursive: true, force: true });
});

/** A fresh folder removed after the test. */
export function tempDir(prefix = 'vigil-corpus-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** A small rule set whose one rule contraindicates azathioprine for an absent TPMT. */
export const TPMT_RULES = `ruleset t version "1"
facts { tpmt: enum { normal, absent } }
rule A-1 "Absent TPMT" source "s" when tpmt = absent then contraindicate azathioprine because "pancytopenia"
rule A-2 "TPMT unknown" source "s" when tpmt is missing then order tpmt because "test first"
`;
