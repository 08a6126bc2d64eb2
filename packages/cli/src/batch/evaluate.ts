// Batch evaluation: records in, one NDJSON line per record out, with counts for the summary.
import { createAtomicWriteStream, type AtomicWriteStream } from '@vigil/core';
import type { TextSink } from '../io.js';
import type { Engine } from '../services.js';
import type { InputRecord } from './records.js';
import { evaluateRecord, type RecordEngine, type RecordOutcome } from './record.js';

export interface BatchCounts {
  records: number;
  errors: number;
  notEvaluable: number;
  decisions: Map<string, number>;
}

export interface RecordFailure {
  readonly record: number;
  readonly field?: string;
  readonly message: string;
}

/**
 * A sink with optional backpressure (a Node stream), flushed in chunks. A file sink
 * (`toFile`) writes through a temporary file that `close` puts in place and `abort`
 * removes; its write errors (a full disk) reject the pending write with FileWriteError.
 */
/** Where a run's output records go: NDJSON lines (LineWriter), or a CSV or Parquet file of them. */
export interface RecordWriter {
  /** One or more whole NDJSON lines, each ending with a line break. */
  write(line: string): Promise<void>;
  flush(): Promise<void>;
  /** Completes the output (a file is put in place). */
  close(): Promise<void>;
  /** Drops the output: a target file stays as it was. */
  abort(): void;
}

export class LineWriter implements RecordWriter {
  private buffer: string[] = [];
  private size = 0;
  constructor(
    private readonly sink: TextSink & { once?: (event: 'drain', f: () => void) => unknown },
    private readonly chunk = 1 << 16,
    private readonly file?: AtomicWriteStream,
  ) {}

  /** Output to a file, written atomically; throws FileWriteError when it cannot be opened. */
  static toFile(path: string, shown = path): LineWriter {
    const file = createAtomicWriteStream(path, shown);
    return new LineWriter(file.stream, 1 << 16, file);
  }

  async write(line: string): Promise<void> {
    this.buffer.push(line);
    this.size += line.length;
    if (this.size >= this.chunk) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.file?.error) throw this.file.error;
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    const ok = this.sink.write(text);
    if (ok === false && typeof this.sink.once === 'function') {
      await new Promise<void>((resolve) => {
        // A stream that fails never drains: wait for either, then drop both listeners, so
        // that a long run does not pile one listener per wait onto the stream.
        const stream = this.file?.stream as { once?: (e: 'error', f: () => void) => unknown; removeListener?: (e: string, f: () => void) => unknown } | undefined;
        const sink = this.sink as { removeListener?: (e: string, f: () => void) => unknown };
        const done = (): void => {
          sink.removeListener?.('drain', done);
          stream?.removeListener?.('error', done);
          resolve();
        };
        this.sink.once!('drain', done);
        stream?.once?.('error', done);
      });
      if (this.file?.error) throw this.file.error;
    }
  }

  /** Flushes; a file is completed and put in place. */
  async close(): Promise<void> {
    await this.flush();
    if (this.file) await this.file.commit();
  }

  /** A file is dropped: the target stays as it was. */
  abort(): void {
    this.buffer = [];
    this.size = 0;
    this.file?.abort();
  }
}

export interface EvaluateRecordsOptions {
  readonly now: string;
  /** Build the explanation of each decision (default true). */
  readonly explain?: boolean;
  readonly failFast: boolean;
  /** Called for every failed record (for stderr). */
  onFailure(failure: RecordFailure): void;
  /** Called every `progressEvery` records. */
  onProgress?(counts: BatchCounts): void;
  readonly progressEvery?: number;
}

/** Evaluates every record; resolves to the counts. Stops after the first failure with `failFast`. */
export async function evaluateRecords(records: AsyncIterable<InputRecord>, engine: Engine, out: RecordWriter, options: EvaluateRecordsOptions): Promise<BatchCounts> {
  const counts: BatchCounts = { records: 0, errors: 0, notEvaluable: 0, decisions: new Map() };
  const evalOptions = { now: options.now, ...(options.explain === false ? { explain: false } : {}) };
  const every = options.progressEvery ?? 10_000;
  for await (const rec of records) {
    counts.records++;
    const outcome = evaluateRecord(engine as RecordEngine, evalOptions, rec);
    await out.write(outcome.line);
    if (outcome.failure) {
      counts.errors++;
      options.onFailure(outcome.failure);
      if (options.failFast) break;
    } else addOutcome(counts, outcome);
    if (options.onProgress && counts.records % every === 0) options.onProgress(counts);
  }
  await out.flush();
  return counts;
}

/** Adds a record's decisions and not-evaluable rules to the counts. */
export function addOutcome(counts: BatchCounts, outcome: Pick<RecordOutcome, 'actions' | 'notEvaluable'>): void {
  for (const a of outcome.actions) counts.decisions.set(a, (counts.decisions.get(a) ?? 0) + 1);
  counts.notEvaluable += outcome.notEvaluable;
}
