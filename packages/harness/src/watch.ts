// Watch mode: run the fixtures, then run them again whenever a rule file or a fixture
// changes. Directories are watched with fs.watch (one watcher per directory, so it works
// the same on every platform), changes are debounced, and runs never overlap.
import { readdirSync, watch, type FSWatcher } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { findFixtureFiles, ruleSetFor, testsDirectoryOf } from './discover.js';
import { RuleSetCache } from './ruleset.js';
import { instantiateEngine } from '@vigil/compiler';
import { runTests, type RunOptions } from './run.js';
import type { TestReport } from './report.js';

export interface WatchOptions extends RunOptions {
  /** Quiet time after a change before re-running; default 150 ms. */
  readonly debounceMs?: number;
  /** Receives every report, the first run's included. */
  readonly onReport: (report: TestReport, trigger: readonly string[]) => void;
  /** Receives a run that threw (a path vanished, …); watching goes on. */
  readonly onError?: (error: unknown) => void;
}

export interface TestWatcher {
  /** Resolves after the first run. */
  readonly ready: Promise<void>;
  /** Number of runs finished so far. */
  readonly runs: number;
  /** Directories being watched (absolute). */
  watched(): string[];
  close(): void;
}

const WATCHED_EXTENSIONS = new Set(['.vigil', '.yaml', '.yml']);

function subdirectories(dir: string, out: Set<string>): void {
  out.add(dir);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'node_modules') continue;
    subdirectories(join(dir, e.name), out);
  }
}

function directoriesToWatch(options: RunOptions): Set<string> {
  const cwd = options.cwd ?? process.cwd();
  const paths = options.paths && options.paths.length > 0 ? options.paths : ['.'];
  const dirs = new Set<string>();
  for (const p of paths) {
    const abs = resolve(cwd, p);
    const asDir = extname(abs) === '' ? abs : dirname(abs);
    subdirectories(asDir, dirs);
  }
  const { fixtures } = findFixtureFiles(paths, cwd);
  for (const f of fixtures) {
    dirs.add(dirname(f));
    const tests = testsDirectoryOf(f);
    if (tests) subdirectories(tests, dirs);
    try {
      const rs = ruleSetFor(f, undefined);
      for (const file of rs.files) dirs.add(dirname(file));
    } catch {
      // a fixture that cannot be placed is reported by the run
    }
  }
  return dirs;
}

export function watchTests(options: WatchOptions): TestWatcher {
  const debounceMs = options.debounceMs ?? 150;
  const cache = options.cache ?? new RuleSetCache(options.instantiate ?? instantiateEngine);
  const runOptions: RunOptions = { ...options, cache };
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let pending: string[] = [];
  let closed = false;
  let runs = 0;

  const refresh = () => {
    if (closed) return;
    const wanted = directoriesToWatch(runOptions);
    for (const [dir, w] of watchers) {
      if (!wanted.has(dir)) {
        w.close();
        watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: true }, (_event, name) => {
          const file = name ? join(dir, name.toString()) : dir;
          if (name && !WATCHED_EXTENSIONS.has(extname(name.toString()))) {
            // A new directory may hold fixtures: re-scan, but only re-run for rule and fixture files.
            return;
          }
          schedule(file);
        });
        w.on('error', () => {
          w.close();
          watchers.delete(dir);
        });
        watchers.set(dir, w);
      } catch {
        // the directory went away between the scan and the watch
      }
    }
  };

  const run = async (trigger: string[]) => {
    running = true;
    try {
      const report = await runTests(runOptions);
      runs++;
      if (!closed) options.onReport(report, trigger);
    } catch (error) {
      runs++;
      if (!closed) options.onError?.(error);
    } finally {
      running = false;
      refresh();
      if (pending.length > 0 && !closed) {
        const next = pending;
        pending = [];
        void run(next);
      }
    }
  };

  const schedule = (file: string) => {
    if (closed) return;
    pending.push(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (running || closed) return; // picked up when the current run ends
      const next = [...new Set(pending)];
      pending = [];
      void run(next);
    }, debounceMs);
  };

  const ready = run([]);
  return {
    ready,
    get runs() {
      return runs;
    },
    watched: () => [...watchers.keys()].sort(),
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
