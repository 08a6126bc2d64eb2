// Batch evaluation: records in, one NDJSON line per record out, with counts for the summary.
import { createWriteStream } from 'node:fs';
import type { EvaluationResult, FactIssue } from '@vigil/runtime';
import type { TextSink } from '../io.js';
import type { Engine } from '../services.js';
import type { InputRecord } from './records.js';

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

/** A sink with optional backpressure (a Node stream), flushed in chunks. */
export class LineWriter {
  private buffer: string[] = [];
  private size = 0;
  constructor(
    private readonly sink: TextSink & { once?: (event: 'drain', f: () => void) => unknown; end?: (f: () => void) => unknown },
    private readonly chunk = 1 << 16,
  ) {}

  static toFile(path: string): LineWriter {
    return new LineWriter(createWriteStream(path, { encoding: 'utf8' }));
  }

  async write(line: string): Promise<void> {
    this.buffer.push(line);
    this.size += line.length;
    if (this.size >= this.chunk) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    const ok = this.sink.write(text);
    if (ok === false && typeof this.sink.once === 'function') await new Promise<void>((resolve) => this.sink.once!('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    if (typeof this.sink.end === 'function') await new Promise<void>((resolve) => this.sink.end!(resolve));
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

function issueFailure(record: number, issues: readonly FactIssue[]): RecordFailure & { issues: readonly FactIssue[] } {
  const first = issues[0];
  const message = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return { record, ...(first ? { field: first.path } : {}), message, issues };
}

/** Evaluates every record; resolves to the counts. Stops after the first failure with `failFast`. */
export async function evaluateRecords(records: AsyncIterable<InputRecord>, engine: Engine, out: LineWriter, options: EvaluateRecordsOptions): Promise<BatchCounts> {
  const counts: BatchCounts = { records: 0, errors: 0, notEvaluable: 0, decisions: new Map() };
  const evalOptions = { now: options.now, ...(options.explain === false ? { explain: false } : {}) };
  const every = options.progressEvery ?? 10_000;
  for await (const rec of records) {
    counts.records++;
    let failure: (RecordFailure & { issues?: readonly FactIssue[] }) | undefined;
    let result: EvaluationResult | undefined;
    if ('error' in rec) {
      failure = { record: rec.record, ...rec.error };
    } else if (rec.value === null || typeof rec.value !== 'object' || Array.isArray(rec.value)) {
      failure = { record: rec.record, message: 'a record must be an object of fact values' };
    } else {
      const v = engine.validateFacts(rec.value);
      if (!v.ok) failure = issueFailure(rec.record, v.issues);
      else {
        try {
          // The facts are validated once: evaluate() would validate them again.
          result = engine.evaluateValidated ? engine.evaluateValidated(v.facts, evalOptions) : engine.evaluate(rec.value, evalOptions);
        } catch (error) {
          failure = { record: rec.record, message: error instanceof Error ? error.message : String(error) };
        }
      }
    }
    if (failure) {
      counts.errors++;
      const error = { ...(failure.field !== undefined ? { field: failure.field } : {}), message: failure.message, ...(failure.issues ? { issues: failure.issues } : {}) };
      await out.write(`${JSON.stringify({ record: failure.record, error })}\n`);
      options.onFailure(failure);
      if (options.failFast) break;
    } else if (result) {
      for (const d of result.decisions) counts.decisions.set(d.action, (counts.decisions.get(d.action) ?? 0) + 1);
      counts.notEvaluable += result.notEvaluable.length;
      const line: Record<string, unknown> = { record: rec.record, decisions: result.decisions, notEvaluable: result.notEvaluable };
      if (result.overridden.length > 0) line.overridden = result.overridden;
      await out.write(`${JSON.stringify(line)}\n`);
    }
    if (options.onProgress && counts.records % every === 0) options.onProgress(counts);
  }
  await out.flush();
  return counts;
}
