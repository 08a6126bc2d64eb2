// (g) `vigil run --engine js|duckdb|postgres` on the azathioprine set: patients per second
// (decisions without explanations, the SQL engines' only mode), peak RSS, the ratio to the
// JS run measured in the same run, and whether each output equals the JS one byte for byte.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresBinaries, startPostgres } from '@vigil/sql/test';

export function sqlBench(root: string, quick: boolean, now: string, table: (h: string[], r: (string | number)[][]) => string, fmt: (n: number, d?: number) => string): void {
  const n = quick ? 20_000 : 100_000;
  console.log(`\n## (g) vigil run on SQL engines, ${fmt(n)} generated patients, --no-explain\n`);
  const cli = join(root, 'packages/cli/dist/vigil.mjs');
  const rules = join(root, 'rules/azathioprine');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-sql-'));
  const bins = postgresBinaries();
  const server = 'bin' in bins ? startPostgres(bins.bin) : undefined;
  try {
    const file = join(dir, 'patients.ndjson');
    const fd = openSync(file, 'w');
    const gen = spawnSync(process.execPath, [cli, 'gen-facts', rules, '-n', String(n), '--seed', '11', '--now', now], { stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    if (gen.status !== 0) throw new Error(`gen-facts failed: ${String(gen.stderr)}`);
    const engines: [string, string[]][] = [['js', ['--jobs', '1']], ['js', []], ['duckdb', []]];
    if (server) engines.push(['postgres', ['--db', server.url]]);
    const rows: (string | number)[][] = [];
    let base = 0;
    let reference = '';
    for (const [engine, extra] of engines) {
      const out = join(dir, `${engine}.ndjson`);
      const t0 = performance.now();
      const run = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, cli, 'run', rules, '--facts', file, '--out', out, '--now', now, '--no-explain', '--quiet', '--engine', engine, ...extra], { encoding: 'utf8', timeout: 60 * 60_000 });
      const seconds = (performance.now() - t0) / 1000;
      const rss = /maxrss_kb=(\d+)/.exec(run.stderr ?? '');
      const rate = n / seconds;
      const text = run.status === 0 ? readFileSync(out, 'utf8') : '';
      if (!reference) {
        reference = text;
        base = rate;
      }
      const label = `${engine}${extra.includes('--jobs') ? ' (one thread)' : engine === 'js' ? ' (worker threads)' : ''}`;
      rows.push([label, fmt(seconds, 1), fmt(rate), `${fmt(rate / base, 2)}x`, rss ? `${fmt(Number(rss[1]) / 1024)} MB` : 'n/a', text === reference ? 'yes' : 'NO', String(run.status)]);
      rmSync(out, { force: true });
    }
    console.log(table(['engine', 'wall s', 'patients/s', 'vs js (one thread)', 'peak RSS (client)', 'same records as js', 'exit'], rows));
    console.log(`\nPostgreSQL: ${server ? 'a local server on a Unix socket (its own memory is not in the RSS)' : `not measured: ${'reason' in bins ? bins.reason : ''}`}.`);
  } finally {
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
