// The robustness corpus runs each reproducer through the built CLI as a child process, as
// a user would. `ensureBuilt` rebuilds the bundle when it is missing or older than its
// sources (scripts/vigil.mjs does the check), so the corpus never tests a stale bundle.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The CLI under test; VIGIL_CORPUS_BUNDLE names another build (to see the corpus fail on an old one). */
export const BUNDLE = process.env['VIGIL_CORPUS_BUNDLE'] ?? join(ROOT, 'packages/cli/dist/vigil.mjs');
export const AZA = join(ROOT, 'rules/azathioprine');
export const NOW = '2026-03-01T09:00:00Z';

/** Builds the CLI bundle if it is missing or stale (cheap when it is fresh). */
export function ensureBuilt(): void {
  if (process.env['VIGIL_CORPUS_BUNDLE']) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/vigil.mjs'), '--version'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the CLI failed: ${r.stderr}`);
}

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Whether the tests run as root, which permissions do not stop: the runs that need a
 * permission refused then run as the unprivileged user 65534 (nobody).
 */
export const AS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

export interface RunOptions {
  readonly cwd: string;
  readonly input?: string;
  /** Run as an unprivileged user when the tests run as root (for permission tests). */
  readonly unprivileged?: boolean;
  readonly timeoutMs?: number;
  readonly env?: Record<string, string>;
}

/** `node vigil.mjs …args` in `cwd`, without colours; waits at most `timeoutMs` (then the run is killed: a hang). */
export function vigil(args: readonly string[], options: RunOptions): Run {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [BUNDLE, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: options.timeoutMs ?? 20_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, VIGIL_DEBUG: undefined, ...options.env },
    ...(options.unprivileged && AS_ROOT ? { uid: 65534, gid: 65534 } : {}),
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A shell pipeline run with `sh -c` (for `| head`); `VIGIL` in the command is the CLI. */
export function shell(command: string, cwd: string, timeoutMs = 20_000): Run {
  const r = spawnSync('sh', ['-c', command.replaceAll('VIGIL', `"${process.execPath}" "${BUNDLE}"`)], { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Starts the CLI without waiting (for signals). */
export function start(args: readonly string[], cwd: string) {
  return spawn(process.execPath, [BUNDLE, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
}

const temps: string[] = [];
afterEach(() => {
  while (temps.length > 0) {
    const dir = temps.pop()!;
    // Restore permissions taken away by a test before removing.
    try {
      chmodTree(dir);
    } catch {
      // ignore
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

function chmodTree(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) chmodTree(join(dir, e.name));
}

/** A temporary directory holding `files`, readable by everyone (see `unprivileged`); removed after the test. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-corpus-'));
  chmodSync(dir, 0o755);
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

/** The NDJSON lines of an output as objects. */
export function records(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** What every run must keep to: a known exit code, no stack trace, no Node error dump. */
export function expectContract(r: Run): void {
  if (r.signal !== null) throw new Error(`the run was ended by ${r.signal} (a hang?); stderr: ${r.stderr.slice(0, 500)}`);
  if (r.code === null || ![0, 1, 2].includes(r.code)) throw new Error(`exit code ${String(r.code)}; stderr: ${r.stderr.slice(0, 500)}`);
  for (const bad of [/\n\s+at .+:\d+:\d+\)?\n/, /Unhandled 'error' event/, /internal error/, /node:internal/]) {
    if (bad.test(r.stderr)) throw new Error(`stderr shows ${bad}: ${r.stderr.slice(0, 800)}`);
  }
}

/** The temporary files the atomic writer leaves behind, if any (there must be none). */
export function leftoverTemps(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/\.tmp$/.test(e.name)) out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}
