// Where rule sets are checked: in a worker thread (the standalone server), so that a long
// check never blocks completion or hover, or in process (a fallback, and `vigil lsp`).
// Either way the core pipeline does the checking. The worker sends back the diagnostics and
// the texts it checked, nothing else: the parsed files and the semantic model for navigation
// are rebuilt from those texts on this side, by the core's (cached) parser, and only when a
// request first needs them, so that diagnostics are published without waiting for them.
import { Worker, type MessagePort } from 'node:worker_threads';
import {
  buildModel,
  checkFiles,
  overlayFileSystem,
  parseCached,
  SourceText,
  type CheckResult,
  type Diagnostic,
  type ImportProblem,
  type LoadedFile,
  type SemanticModel,
} from '@vigil/core';

export interface CheckJob {
  /** The rule files the rule set starts from (absolute paths). */
  readonly entries: readonly string[];
  /** Open documents' texts by path, overlaying the disk. */
  readonly overlay: ReadonlyMap<string, string>;
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

/** What crosses the thread boundary: plain data only, and no syntax trees (cloning them cost more than the check). */
interface WireResult {
  readonly diagnostics: readonly Diagnostic[];
  /** The files of the rule set, in the pipeline's order, with the texts that were checked. */
  readonly files: readonly { readonly uri: string; readonly text: string }[];
  readonly importProblems: readonly ImportProblem[];
}

type WireReply = { readonly id: number; readonly ok: true; readonly result: WireResult } | { readonly id: number; readonly ok: false; readonly error: string };

export function toWire(r: CheckResult): WireResult {
  return {
    diagnostics: r.diagnostics,
    files: r.files.map((f) => ({ uri: f.uri, text: f.source.text })),
    importProblems: r.model.importProblems,
  };
}

/**
 * A check result on this side of the boundary. Diagnostics and sources are there at once;
 * `files` (parsed again from the checked texts, which gives the same trees the worker had)
 * and `model` are built on first use.
 */
/** Results whose files and model are built on first use, with a test of whether they are. */
const lazyResults = new WeakMap<CheckResult, () => boolean>();

/** Whether reading `result.model` is free: always for an in-process result. */
export function isBuilt(result: CheckResult): boolean {
  return lazyResults.get(result)?.() ?? true;
}

export function fromWire(w: WireResult): CheckResult {
  const sources = new Map(w.files.map((f) => [f.uri, new SourceText(f.uri, f.text)]));
  let files: LoadedFile[] | undefined;
  let model: SemanticModel | undefined;
  const loaded = (): LoadedFile[] =>
    (files ??= w.files.map((f) => {
      const parsed = parseCached(f.text, f.uri);
      return { uri: f.uri, source: parsed.source, document: parsed.document };
    }));
  const result: CheckResult = {
    diagnostics: w.diagnostics,
    sources,
    get files() {
      return loaded();
    },
    get model() {
      return (model ??= buildModel(loaded(), w.importProblems));
    },
  };
  lazyResults.set(result, () => model !== undefined);
  return result;
}

/** The worker's side: answers check jobs on `port` until the thread ends. */
export function serveChecks(port: MessagePort): void {
  port.on('message', (msg: { id: number; entries: string[]; overlay: [string, string][] }) => {
    let reply: WireReply;
    try {
      const result = checkFiles(msg.entries, overlayFileSystem(new Map(msg.overlay)));
      reply = { id: msg.id, ok: true, result: toWire(result) };
    } catch (error) {
      reply = { id: msg.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(reply);
  });
}

export const WORKER_FLAG = 'vigilCheckWorker';

/**
 * Checks in a worker thread running `script` (a bundle that calls `serveChecks` when
 * started with `workerData[WORKER_FLAG]`). If the worker fails, checks go on in process.
 */
export class WorkerChecker implements Checker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (r: CheckResult) => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  private readonly fallback = new InProcessChecker();

  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const w = new Worker(this.script, { workerData: { [WORKER_FLAG]: true } });
      w.unref();
      w.on('message', (reply: WireReply) => {
        const p = this.pending.get(reply.id);
        if (!p) return;
        this.pending.delete(reply.id);
        if (reply.ok) {
          try {
            p.resolve(fromWire(reply.result));
          } catch (error) {
            p.reject(error);
          }
        } else p.reject(new Error(reply.error));
      });
      const fail = (why: string) => {
        this.log(`check worker stopped (${why}); checking in process from now on`);
        this.worker = undefined;
        this.broken = true;
        for (const p of this.pending.values()) p.reject(new Error(`check worker stopped: ${why}`));
        this.pending.clear();
      };
      w.on('error', (e) => fail(e instanceof Error ? e.message : String(e)));
      w.on('exit', (code) => {
        if (this.worker === w && !this.disposed) fail(`exit ${code}`);
      });
      this.worker = w;
      return w;
    } catch (error) {
      this.log(`cannot start the check worker: ${error instanceof Error ? error.message : String(error)}`);
      this.broken = true;
      return undefined;
    }
  }

  private broken = false;
  private disposed = false;

  check(job: CheckJob): Promise<CheckResult> {
    const w = this.broken ? undefined : this.start();
    if (!w) return this.fallback.check(job);
    const id = this.nextId++;
    return new Promise<CheckResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, entries: [...job.entries], overlay: [...job.overlay] });
    }).catch((error: unknown) => {
      // A worker that died mid-check: do this one in process.
      if (this.broken) return this.fallback.check(job);
      throw error;
    });
  }

  dispose(): void {
    this.disposed = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
