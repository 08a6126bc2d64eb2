// `vigil run` on NDJSON with worker threads. The main thread splits the input into lines,
// numbers the records and hands out batches of lines; each worker parses, validates and
// evaluates its batch with its own copy of the engine and returns the output text; the main
// thread writes the batches in input order. The output is the same bytes as the one-thread
// path (the same record functions, record.ts, run in both), and so are the counts, the
// per-record errors (in record order) and --fail-fast (nothing after the first failed
// record is written). At most two batches per worker are in flight, so memory stays flat.
import { Worker } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import { addOutcome, type BatchCounts, type EvaluateRecordsOptions, type RecordWriter, type RecordFailure } from './evaluate.js';
import { evaluateRecord, parseJsonLine } from './record.js';
import { LineSplitter } from './records.js';

/** Records per batch, and the most characters of input in one batch. */
const BATCH_RECORDS = 128;
const BATCH_CHARS = 1 << 20;
/** The young generation of each worker (MB): small enough to keep memory flat, large enough for the garbage of a batch. */
const YOUNG_MB = 8;

interface BatchResult {
  readonly seq: number;
  readonly text: string;
  readonly records: number;
  readonly failures: readonly RecordFailure[];
  readonly actions: readonly string[];
  readonly notEvaluable: number;
  /** With fail-fast: the batch stopped at its first failed record. */
  readonly stopped: boolean;
}

// The worker: self-contained source, with the record functions inserted by their text.
function workerMain(threads: typeof import('node:worker_threads'), evaluateRecordFn: typeof evaluateRecord, parseJsonLineFn: typeof parseJsonLine): void {
  const { parentPort, workerData } = threads;
  const data = workerData as { engine: string; evalOptions: object; failFast: boolean };
  const engine = new Function(data.engine)() as Parameters<typeof evaluateRecord>[0];
  parentPort!.on('message', (m: { seq: number; first: number; text: string }) => {
    const lines = m.text.split('\n');
    let text = '';
    const failures: RecordFailure[] = [];
    const actions: string[] = [];
    let notEvaluable = 0;
    let records = 0;
    let stopped = false;
    for (let i = 0; i < lines.length; i++) {
      const outcome = evaluateRecordFn(engine, data.evalOptions, parseJsonLineFn(m.first + i, lines[i]!));
      records++;
      text += outcome.line;
      if (outcome.failure) {
        failures.push(outcome.failure);
        if (data.failFast) {
          stopped = true;
          break;
        }
      } else {
        for (const a of outcome.actions) actions.push(a);
        notEvaluable += outcome.notEvaluable;
      }
    }
    parentPort!.postMessage({ seq: m.seq, text, records, failures, actions, notEvaluable, stopped });
  });
}

function workerSource(): string {
  return `"use strict";\n(${workerMain.toString()})(require("node:worker_threads"), ${evaluateRecord.toString()}, ${parseJsonLine.toString()});\n`;
}

export interface ParallelOptions extends EvaluateRecordsOptions {
  /** Worker threads (at least 2). */
  readonly jobs: number;
  /** The engine as function-flavour source (`generateEngine(ir, { flavour: 'function' }).js`). */
  readonly engineSource: string;
}

/** Evaluates every NDJSON record of `input` on `jobs` worker threads; resolves to the counts. */
export async function evaluateNdjsonParallel(input: Readable, out: RecordWriter, options: ParallelOptions): Promise<BatchCounts> {
  const counts: BatchCounts = { records: 0, errors: 0, notEvaluable: 0, decisions: new Map() };
  const evalOptions = { now: options.now, ...(options.explain === false ? { explain: false } : {}) };
  const every = options.progressEvery ?? 10_000;
  const source = workerSource();
  const workers = Array.from({ length: options.jobs }, () => new Worker(source, { eval: true, workerData: { engine: options.engineSource, evalOptions, failFast: options.failFast }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } }));
  const ready = new Map<number, BatchResult>();
  let failed: unknown;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  for (const w of workers) {
    w.on('message', (r: BatchResult) => {
      ready.set(r.seq, r);
      signal();
    });
    w.on('error', (error) => {
      failed ??= error;
      signal();
    });
    w.on('exit', (code) => {
      if (code !== 0) failed ??= new Error(`a worker thread stopped (exit code ${code})`);
      signal();
    });
  }

  let sent = 0;
  let written = 0;
  let stopped = false;
  let record = 0;
  let batch: string[] = [];
  let batchChars = 0;
  let batchFirst = 1;

  /** Writes the finished batches that are next in input order. */
  const writeReady = async () => {
    for (let r = ready.get(written); r !== undefined && !stopped; r = ready.get(written)) {
      ready.delete(written);
      written++;
      await out.write(r.text);
      const before = counts.records;
      counts.records += r.records;
      counts.errors += r.failures.length;
      addOutcome(counts, r);
      for (const f of r.failures) options.onFailure(f);
      if (r.stopped) stopped = true;
      if (options.onProgress && Math.floor(counts.records / every) > Math.floor(before / every)) options.onProgress(counts);
    }
  };
  const waitFor = async (done: () => boolean) => {
    while (!done()) {
      if (failed !== undefined) throw failed;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (ready.has(written) || failed !== undefined) signal();
      });
      await writeReady();
    }
    if (failed !== undefined) throw failed;
  };
  const send = async () => {
    if (batch.length === 0) return;
    // One batch per worker in flight and one more queued (or finished and waiting for its turn).
    await waitFor(() => stopped || sent - written < workers.length + 1);
    if (stopped) return;
    workers[sent % workers.length]!.postMessage({ seq: sent, first: batchFirst, text: batch.join('\n') });
    sent++;
    batch = [];
    batchChars = 0;
  };
  const take = async (lines: readonly string[]) => {
    for (const line of lines) {
      if (line.trim() === '') continue;
      if (batch.length === 0) batchFirst = record + 1;
      record++;
      batch.push(line);
      batchChars += line.length;
      if (batch.length >= BATCH_RECORDS || batchChars >= BATCH_CHARS) await send();
      if (stopped) return;
    }
  };

  try {
    const splitter = new LineSplitter();
    for await (const chunk of input as AsyncIterable<string | Buffer>) {
      await take(splitter.push(String(chunk)));
      if (stopped) break;
    }
    if (!stopped) await take(splitter.end());
    if (!stopped) await send();
    await waitFor(() => stopped || written === sent);
  } finally {
    if (stopped) input.destroy();
    await Promise.all(workers.map((w) => w.terminate()));
  }
  await out.flush();
  return counts;
}
