// Where rule sets are checked: in a worker thread (the standalone server), so that a long
// check never blocks completion or hover, or in process (a fallback, and `vigil lsp`).
// Either way the core pipeline does the checking. The worker sends the check result as the
// core serialises it (diagnostics and the texts it checked), and this side restores it with
// the core: the parsed files and the semantic model for navigation are rebuilt from those
// texts by the core's (cached) parser only when a request first needs them, so that
// diagnostics are published without waiting for them.
import { Worker, type MessagePort } from 'node:worker_threads';
import { checkFiles, overlayFileSystem, type CheckResult } from '@vigil/core';
import { modelIsBuilt, restoreCheck, serialiseCheck, type SerialisedCheck } from '@vigil/core/services';

export interface CheckJob {
  /** The rule files the rule set starts from (absolute paths). */
  readonly entries: readonly string[];
  /** Open documents' texts by path, overlaying the disk. */
  readonly overlay: ReadonlyMap<string, string>;
  /** The rule set (its folder), so that each gets its own check thread. */
  readonly key?: string;
}

export interface Checker {
  check(job: CheckJob): Promise<CheckResult>;
  dispose(): void;
}

/** Checks on the calling thread. */
export class InProcessChecker implements Checker {
  check(job: CheckJob): Promise<CheckResult> {
    try {
      return Promise.resolve(checkFiles(job.entries, overlayFileSystem(job.overlay)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  dispose(): void {}
}

/** What crosses the thread boundary: the core's serialised check (plain data, no syntax trees). */
type WireReply = { readonly id: number; readonly ok: true; readonly result: SerialisedCheck } | { readonly id: number; readonly ok: false; readonly error: string };

/** The worker's side of the boundary and this side's: the core serialises a check result and restores it. */
export { serialiseCheck as toWire, restoreCheck as fromWire, modelIsBuilt as isBuilt };

/** The worker's side: answers check jobs on `port` until the thread ends. */
export function serveChecks(port: MessagePort): void {
  port.on('message', (msg: { id: number; entries: string[]; overlay: [string, string][] }) => {
    let reply: WireReply;
    try {
      const result = checkFiles(msg.entries, overlayFileSystem(new Map(msg.overlay)));
      reply = { id: msg.id, ok: true, result: serialiseCheck(result) };
    } catch (error) {
      reply = { id: msg.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(reply);
  });
}

export const WORKER_FLAG = 'vigilCheckWorker';

/** Most check threads at once: one per rule set being checked, up to this many. */
export const MAX_CHECK_WORKERS = 4;
/** A check thread with nothing to do for this long ends (its rule set's caches go with it). */
const IDLE_WORKER_MS = 5 * 60_000;

/** One check thread: the jobs it was sent and not yet answered. */
class CheckThread {
  private readonly pending = new Map<number, { resolve: (r: CheckResult) => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  lastUsed = 0;
  stopped = false;

  constructor(
    readonly worker: Worker,
    readonly key: string,
    private readonly onStop: (thread: CheckThread, why: string) => void,
  ) {
    worker.unref();
    worker.on('message', (reply: WireReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.armIdle();
      if (reply.ok) {
        try {
          p.resolve(restoreCheck(reply.result));
        } catch (error) {
          p.reject(error);
        }
      } else p.reject(new Error(reply.error));
    });
    worker.on('error', (e) => this.fail(e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => this.fail(`exit ${code}`));
  }

  get busy(): number {
    return this.pending.size;
  }

  check(job: CheckJob): Promise<CheckResult> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.lastUsed = performance.now();
    const id = this.nextId++;
    return new Promise<CheckResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, entries: [...job.entries], overlay: [...job.overlay] });
    });
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop(), IDLE_WORKER_MS);
    this.idleTimer.unref();
  }

  private fail(why: string): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const p of this.pending.values()) p.reject(new Error(`check worker stopped: ${why}`));
    this.pending.clear();
    this.onStop(this, why);
  }

  /** Ends the thread on purpose (idle, or the server is shutting down). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const p of this.pending.values()) p.reject(new Error('check worker stopped'));
    this.pending.clear();
    void this.worker.terminate();
    this.onStop(this, 'stopped');
  }
}

/**
 * Checks in worker threads running `script` (a bundle that calls `serveChecks` when started
 * with `workerData[WORKER_FLAG]`): one thread per rule set (the job's `key`), up to
 * MAX_CHECK_WORKERS, so that a huge file in one folder never delays the diagnostics of
 * another. Past that many rule sets, a new one takes over the thread that has waited
 * longest with nothing to do, or shares the least busy one. If threads cannot be started,
 * or one dies, checks go on in process.
 */
export class WorkerChecker implements Checker {
  private readonly threads = new Map<string, CheckThread>();
  private readonly fallback = new InProcessChecker();
  private broken = false;
  private disposed = false;

  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void = () => undefined,
    private readonly maxWorkers = MAX_CHECK_WORKERS,
  ) {}

  /** The thread that checks rule set `key`, started when needed. */
  private threadFor(key: string): CheckThread | undefined {
    const own = this.threads.get(key);
    if (own && !own.stopped) return own;
    const live = [...new Set(this.threads.values())].filter((t) => !t.stopped);
    if (live.length >= this.maxWorkers) {
      // Take over an idle thread (the one unused longest), else share the least busy one.
      const idle = live.filter((t) => t.busy === 0).sort((a, b) => a.lastUsed - b.lastUsed)[0];
      const chosen = idle ?? live.sort((a, b) => a.busy - b.busy)[0]!;
      this.threads.set(key, chosen);
      return chosen;
    }
    try {
      const worker = new Worker(this.script, { workerData: { [WORKER_FLAG]: true } });
      const thread = new CheckThread(worker, key, (t, why) => {
        for (const [k, v] of this.threads) if (v === t) this.threads.delete(k);
        if (why !== 'stopped' && !this.disposed) {
          this.log(`check worker for ${t.key} stopped (${why}); checking in process from now on`);
          this.broken = true;
        }
      });
      worker.once('online', () => this.log(`checks of ${key} run on thread ${worker.threadId}`));
      this.threads.set(key, thread);
      return thread;
    } catch (error) {
      this.log(`cannot start the check worker: ${error instanceof Error ? error.message : String(error)}`);
      this.broken = true;
      return undefined;
    }
  }

  check(job: CheckJob): Promise<CheckResult> {
    const thread = this.broken || this.disposed ? undefined : this.threadFor(job.key ?? '');
    if (!thread) return this.fallback.check(job);
    return thread.check(job).catch((error: unknown) => {
      // A worker that died mid-check: do this one in process.
      if (this.broken) return this.fallback.check(job);
      throw error;
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const t of new Set(this.threads.values())) t.stop();
    this.threads.clear();
  }
}
