// (g) `vigil run --engine js|duckdb|postgres` on the azathioprine set: patients per second
// with and without explanations, peak RSS, the ratio to the JS run (one thread, without
// explanations) measured in the same run, and whether each output equals the JS one byte
// for byte (compared with cmp: a run of 1,000,000 patients writes gigabytes), with
// explanations compared against the JS run with explanations. The same patients are also
// written as a typed Parquet table (`gen-facts --out patients.parquet`) and run by the JS
// engine and by DuckDB, which reads and checks the columns in SQL; the ratio of the two is
// printed too.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresBinaries, startPostgres } from '@vigil/sql/test';
import { ioFloor } from './io-floor.js';

interface Run {
  readonly label: string;
  readonly engine: 'js' | 'duckdb' | 'postgres';
  readonly explain: boolean;
  readonly extra: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** The input: the NDJSON file (default) or the Parquet file of the same patients. */
  readonly parquet?: boolean;
}

export function sqlBench(root: string, quick: boolean, now: string, table: (h: string[], r: (string | number)[][]) => string, fmt: (n: number, d?: number) => string, patients?: number, only?: readonly string[]): void {
  const n = patients ?? (quick ? 20_000 : 1_000_000);
  console.log(`\n## (g) vigil run on SQL engines, ${fmt(n)} generated patients (NDJSON and Parquet)\n`);
  const cli = join(root, 'packages/cli/dist/vigil.mjs');
  const rules = join(root, 'rules/azathioprine');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-sql-'));
  const bins = postgresBinaries();
  const server = 'bin' in bins ? startPostgres(bins.bin) : undefined;
  const load = () => loadavg().map((x) => x.toFixed(1)).join(', ');
  console.log(`Load average at start: ${load()}.`);
  try {
    const file = join(dir, 'patients.ndjson');
    // Each run's output file is named by its engine: two DuckDB runs need two names.
    const fd = openSync(file, 'w');
    const gen = spawnSync(process.execPath, [cli, 'gen-facts', rules, '-n', String(n), '--seed', '11', '--now', now], { stdio: ['ignore', fd, 'pipe'], maxBuffer: 1 << 26 });
    closeSync(fd);
    if (gen.status !== 0) throw new Error(`gen-facts failed: ${String(gen.stderr)}`);
    const parquet = join(dir, 'patients.parquet');
    const g0 = performance.now();
    const genParquet = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, cli, 'gen-facts', rules, '-n', String(n), '--seed', '11', '--now', now, '--out', parquet], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (genParquet.status !== 0) throw new Error(`gen-facts --out patients.parquet failed: ${genParquet.stderr}`);
    const genRss = /maxrss_kb=(\d+)/.exec(genParquet.stderr);
    console.log(`gen-facts --out patients.parquet: ${fmt((performance.now() - g0) / 1000, 1)} s, peak RSS ${genRss ? `${fmt(Number(genRss[1]) / 1024)} MB` : 'n/a'}, ${fmt(statSync(parquet).size / 1e6)} MB (NDJSON: ${fmt(statSync(file).size / 1e6)} MB).`);
    const all: Run[] = [
      { label: 'js (one thread)', engine: 'js', explain: false, extra: ['--jobs', '1'] },
      { label: 'js (worker threads)', engine: 'js', explain: false, extra: [] },
      { label: 'duckdb (checks in JS)', engine: 'duckdb', explain: false, extra: [] },
      { label: 'duckdb (checks in SQL)', engine: 'duckdb', explain: false, extra: [], env: { VIGIL_DUCKDB_CHECKS: 'sql' } },
      ...(server ? [{ label: 'postgres', engine: 'postgres', explain: false, extra: ['--db', server.url] } as Run] : []),
      { label: 'js on Parquet', engine: 'js', explain: false, extra: [], parquet: true },
      { label: 'duckdb on Parquet (checks in SQL)', engine: 'duckdb', explain: false, extra: [], parquet: true },
      { label: 'js (one thread)', engine: 'js', explain: true, extra: ['--jobs', '1'] },
      { label: 'js (worker threads)', engine: 'js', explain: true, extra: [] },
      { label: 'duckdb', engine: 'duckdb', explain: true, extra: [] },
      ...(server ? [{ label: 'postgres', engine: 'postgres', explain: true, extra: ['--db', server.url] } as Run] : []),
      { label: 'js on Parquet', engine: 'js', explain: true, extra: [], parquet: true },
      { label: 'duckdb on Parquet (checks in SQL)', engine: 'duckdb', explain: true, extra: [], parquet: true },
    ];
    // The baseline (the first run) always runs: every ratio is against it, in this run. So
    // does the one-thread JS run with explanations, the reference of the runs with them, and
    // the JS runs on Parquet, against which DuckDB's on Parquet are compared.
    const runs = all.filter((r, k) => k === 0 || k === all.findIndex((x) => x.engine === 'js' && x.explain) || (r.parquet && r.engine === 'js') || !only || only.includes(r.engine));
    const rows: (string | number)[][] = [];
    let base = 0;
    const onParquet = new Map<string, number>();
    const reference = join(dir, 'reference.ndjson');
    const referenceExplained = join(dir, 'reference-explained.ndjson');
    for (const r of runs) {
      const out = join(dir, `${r.engine}-${r.explain ? 'explained' : 'plain'}${r.env ? '-env' : ''}${r.parquet ? '-parquet' : ''}.ndjson`);
      const t0 = performance.now();
      const args = [cli, 'run', rules, '--facts', r.parquet ? parquet : file, '--out', out, '--now', now, '--quiet', '--engine', r.engine, ...(r.explain ? [] : ['--no-explain']), ...r.extra];
      const run = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, ...args], { encoding: 'utf8', timeout: 4 * 60 * 60_000, maxBuffer: 1 << 26, env: { ...process.env, ...r.env } });
      const seconds = (performance.now() - t0) / 1000;
      const rss = /maxrss_kb=(\d+)/.exec(run.stderr ?? '');
      const rate = n / seconds;
      const ref = r.explain ? referenceExplained : reference;
      let same = 'reference';
      if (run.status !== 0) same = `exit ${String(run.status)}: ${(run.stderr ?? '').split('\n')[0]}`;
      else if (!exists(ref)) spawnSync('mv', [out, ref]);
      else same = spawnSync('cmp', ['-s', ref, out]).status === 0 ? 'yes' : 'NO';
      if (base === 0) base = rate;
      if (r.parquet) onParquet.set(`${r.engine} ${r.explain}`, rate);
      rows.push([r.label, r.explain ? 'with' : 'without', fmt(seconds, 1), fmt(rate), `${fmt(rate / base, 2)}x`, rss ? `${fmt(Number(rss[1]) / 1024)} MB` : 'n/a', same]);
      rmSync(out, { force: true });
    }
    // The floor under every run above: the records alone, passed through Node once more.
    let floorNote = '';
    if (exists(reference) && base > 0) {
      const floor = ioFloor(reference, join(dir, 'floor.ndjson'));
      const rate = n / floor.seconds;
      rows.push(['records written, no evaluation (I/O floor)', 'without', fmt(floor.seconds, 1), fmt(rate), `${fmt(rate / base, 2)}x`, 'n/a', '—']);
      floorNote = `\nThe I/O floor: the JS run's records (${fmt(floor.bytes / n)} bytes a patient without explanations) written again by Node from strings in memory (the writes and the final fsync timed, nothing else), at ${fmt(rate)} patients/s, ${fmt(rate / base, 2)}x the JS run. No engine writing these records from Node runs faster; 20x the JS run would be ${fmt((20 * base * floor.bytes) / n / 1e6)} MB of records a second.`;
    }
    console.log(table(['engine', 'explanations', 'wall s', 'patients/s', 'vs js (one thread, without)', 'peak RSS (client)', 'same records as js'], rows));
    if (floorNote) console.log(floorNote);
    const ratio = (explain: boolean) => {
      const [d, j] = [onParquet.get(`duckdb ${explain}`), onParquet.get(`js ${explain}`)];
      return d !== undefined && j !== undefined ? `${fmt(d / j, 2)}x` : 'n/a';
    };
    console.log(`\nDuckDB on Parquet (checks in SQL) over the JS run on the same Parquet file: ${ratio(false)} without explanations, ${ratio(true)} with.`);
    console.log(`\nThe ratio column is the figure to read: each run's patients/s over the one-thread JS run without explanations, same input, same machine, same bench run. PostgreSQL: ${server ? 'a local server on a Unix socket (its own memory is not in the RSS)' : `not measured: ${'reason' in bins ? bins.reason : ''}`}. Load average at end: ${load()}.`);
  } finally {
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
