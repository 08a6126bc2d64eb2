// A throwaway PostgreSQL server for tests: Debian's `postgresql` package (installed with
// apt-get when it is missing and the tests run as root, as in CI), a cluster initialised
// in a temporary folder, listening only on a Unix socket in that folder, stopped and
// removed by `stop`. As root, the server runs as the `postgres` user (initdb refuses root).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPostgres {
  readonly url: string;
  stop(): void;
}

function findBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(base, versions[0]!, 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const p = which.stdout.trim();
  return p ? join(p, '..') : undefined;
}

/** The PostgreSQL binaries, installed from Debian's packages when missing (root only); or why not. */
export function postgresBinaries(): { bin: string } | { reason: string } {
  let bin = findBin();
  if (!bin && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update'], { stdio: 'ignore', env, timeout: 300_000 });
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'ignore', env, timeout: 600_000 });
    bin = findBin();
  }
  return bin ? { bin } : { reason: 'PostgreSQL is not installed (Debian package postgresql) and could not be installed here' };
}

export function startPostgres(bin: string): TestPostgres {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-pg-'));
  const root = process.getuid?.() === 0;
  chmodSync(dir, 0o777);
  const run = (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    if (root) execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' });
    else execFileSync(full, args, { stdio: 'pipe' });
  };
  const data = join(dir, 'data');
  const port = 20000 + (process.pid % 20000);
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'vigil', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', 'start', '-o', `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off`]);
  return {
    url: `postgres://vigil@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
