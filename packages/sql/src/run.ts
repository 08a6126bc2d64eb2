// A run on a SQL engine, batch by batch: the validated facts of up to `batchSize` records
// are loaded into the facts table, the compiled query is run with the evaluation time
// bound, its outcome rows are assembled per patient in record order, and the table is
// emptied for the next batch. Memory holds one batch; records that failed before the
// database (invalid facts) keep their place in the output.
import type { IrProgram } from '@vigil/core';
import { compileQuery, compileSummaryQuery, FACTS_TABLE } from './compile.js';
import type { Dialect } from './dialect.js';
import { OutcomeAssembler, type AssembledRecord, type OutcomeRow } from './outcomes.js';
import { SummaryAssembler, type SummaryRecord } from './summary.js';
import { columnSpecs, rowError, type ColumnSpec, type RowError } from './rows.js';
import { factsTableDdl } from './schema.js';
import { quoteIdent } from './quote.js';

/** A record as the caller prepared it: validated facts, or a failure of its own kind. */
export type PreparedRecord<E> = { readonly record: number; readonly facts: Readonly<Record<string, unknown>> } | { readonly record: number; readonly failure: E };

export interface RecordSink<E> {
  result(record: number, result: SummaryRecord): Promise<void>;
  failure(record: number, failure: E): Promise<void>;
  /** A validated record the facts table cannot hold exactly (DuckDB's DECIMAL scale). */
  rowError(record: number, error: RowError): Promise<void>;
}

/** What a run needs of a database: one facts table, loaded, queried and emptied per batch. */
export interface SqlDatabase {
  readonly dialect: Dialect;
  /** Runs DDL (the facts table). */
  execute(sql: string): Promise<void>;
  /**
   * Appends rows to the facts table: the patient id, then one column per input of `specs`
   * from validated facts (each checked by rowError for this dialect).
   */
  insert(table: string, rows: readonly { readonly pid: number; readonly facts: Readonly<Record<string, unknown>> }[], specs: readonly ColumnSpec[]): Promise<void>;
  /** The outcome rows of a query ordered by patient, with the evaluation time bound as $1. */
  outcomes(sql: string, nowMs: number): AsyncIterable<OutcomeRow & { readonly pid: number }>;
  /** The rows (patient, summary text) of a summary query, with the evaluation time bound as $1. */
  summaries(sql: string, nowMs: number): AsyncIterable<{ readonly pid: number; readonly summary: string }>;
  close(): Promise<void>;
}

export interface SqlRunOptions {
  readonly nowMs: number;
  /** Records per batch (default 50,000). */
  readonly batchSize?: number;
  /** Called after each batch with the records done so far. */
  onBatch?(records: number): void;
  /**
   * The query's form: one summary row per patient (default, what `vigil run` reads), or
   * the outcome rows of `vigil compile --target sql` (evaluate.sql), to check that form.
   */
  readonly form?: 'summary' | 'rows';
  /** Build each decision's explanation (and dose calculation), as the JS engine does by default. */
  readonly explain?: boolean;
}

/** A patient's outcome rows as the record fields the summary form gives. */
function fromRows(r: AssembledRecord): SummaryRecord {
  const line: Record<string, unknown> = { decisions: r.decisions, notEvaluable: r.notEvaluable };
  if (r.overridden.length > 0) line.overridden = r.overridden;
  return { fields: JSON.stringify(line).slice(1, -1), actions: r.decisions.map((d) => d.action as string), notEvaluable: r.notEvaluable.length };
}

export type BatchReader = (db: SqlDatabase, nowMs: number) => AsyncGenerator<{ pid: number; result: () => SummaryRecord }>;

/** The query of a form and the reader of one batch's results, patient by patient in the database's order (by patient id). */
export function batchReader(source: IrProgram, dialect: Dialect, table: string, form: 'summary' | 'rows', explain = false): BatchReader {
  // The IR's texts are slices of the rule files; a file with one character beyond Latin-1
  // makes all of them two-byte strings, and so every record assembled from them: joining
  // and writing those cost 30 times more than the JS run's one-byte records (3.9 s against
  // 0.13 s on 100,000 patients). JSON.parse makes one-byte strings wherever it can.
  const ir = JSON.parse(JSON.stringify(source)) as IrProgram;
  if (form === 'summary') {
    const compiled = compileSummaryQuery(ir, dialect, { factsTable: table, explain });
    const query = compiled.select;
    const assembler = new SummaryAssembler(ir, compiled.explanations);
    return async function* (db, nowMs) {
      for await (const row of db.summaries(query, nowMs)) yield { pid: row.pid, result: () => assembler.assemble(row.summary) };
    };
  }
  const query = compileQuery(ir, dialect, { factsTable: table, explain }).select;
  const assembler = new OutcomeAssembler(ir);
  return async function* (db, nowMs) {
    let pid: number | undefined;
    let mine: OutcomeRow[] = [];
    for await (const row of db.outcomes(query, nowMs)) {
      if (pid !== undefined && row.pid !== pid) {
        const rows = mine;
        yield { pid, result: () => fromRows(assembler.assemble(rows)) };
        mine = [];
      }
      pid = row.pid;
      mine.push(row);
    }
    if (pid !== undefined) {
      const rows = mine;
      yield { pid, result: () => fromRows(assembler.assemble(rows)) };
    }
  };
}

/**
 * Empties a run's table for the next batch. PostgreSQL: TRUNCATE, not DELETE (deleted rows
 * stay until a vacuum, and every later batch would scan them). DuckDB: dropped and created
 * again, since its TRUNCATE (a DELETE) keeps an in-memory table's storage: the run's memory
 * grew by about 90 MB every 100,000 patients, and with the table dropped it stays flat.
 */
export async function emptyTable(db: SqlDatabase, table: string, create: string): Promise<void> {
  if (db.dialect.name === 'duckdb') {
    await db.execute(`DROP TABLE ${quoteIdent(table)}`);
    await db.execute(create);
  } else await db.execute(`TRUNCATE ${quoteIdent(table)}`);
}

export async function runOnDatabase<E>(ir: IrProgram, db: SqlDatabase, records: AsyncIterable<PreparedRecord<E>>, sink: RecordSink<E>, options: SqlRunOptions): Promise<void> {
  const specs = columnSpecs(ir);
  // A table of this run's own (temporary on a server), never one of the caller's.
  const table = `${FACTS_TABLE}_run`;
  const form = options.form ?? 'summary';
  // Compiled once before any record: a rule set the back end cannot run stops here.
  const read = batchReader(ir, db.dialect, table, form, options.explain === true);
  const ddl = factsTableDdl(ir, db.dialect, table);
  const create = db.dialect.name === 'postgres' ? ddl.replace(/^CREATE TABLE/, 'CREATE TEMPORARY TABLE') : ddl;
  await db.execute(create);
  const batchSize = options.batchSize ?? 50_000;
  let batch: (PreparedRecord<E> | { readonly record: number; readonly rowError: RowError })[] = [];
  let rows: { pid: number; facts: Readonly<Record<string, unknown>> }[] = [];
  let done = 0;
  let none: SummaryRecord | undefined;
  type Item = PreparedRecord<E> | { readonly record: number; readonly rowError: RowError };
  type Result = { pid: number; result: () => SummaryRecord };
  // One batch is decided by the database while the next is read and validated: the
  // database works on its own threads, so the two overlap.
  let inFlight: { batch: Item[]; results: Promise<Result[]> } | undefined;
  const collect = async (): Promise<Result[]> => {
    const out: Result[] = [];
    for await (const r of read(db, options.nowMs)) out.push(r);
    return out;
  };
  const finish = async () => {
    if (!inFlight) return;
    const { batch: items, results: pending } = inFlight;
    inFlight = undefined;
    const results = await pending;
    let k = 0;
    for (const item of items) {
      if ('failure' in item) await sink.failure(item.record, item.failure);
      else if ('rowError' in item) await sink.rowError(item.record, item.rowError);
      else {
        const next = results[k];
        if (next !== undefined && next.pid === item.record) {
          k++;
          await sink.result(item.record, next.result());
        } else if (form === 'rows') {
          // A patient with no outcome row: nothing fired, nothing was not evaluable.
          await sink.result(item.record, (none ??= fromRows(new OutcomeAssembler(ir).assemble([]))));
        } else throw new Error(`the database returned no summary for patient ${item.record}`);
      }
    }
    if (k < results.length) throw new Error(`the database returned outcomes for patient ${results[k]!.pid}, which is not in the batch`);
    await emptyTable(db, table, create);
    done += items.length;
    options.onBatch?.(done);
  };
  const flush = async () => {
    if (batch.length === 0) return;
    await finish();
    if (rows.length > 0) await db.insert(table, rows, specs);
    const results = rows.length > 0 ? collect() : Promise.resolve([]);
    // Awaited in finish; until then a failure must not count as unhandled.
    results.catch(() => undefined);
    inFlight = { batch, results };
    batch = [];
    rows = [];
  };
  try {
    await readRecords();
  } catch (error) {
    // The database may still be deciding a batch: let it finish before the caller closes it.
    await inFlight?.results.catch(() => undefined);
    throw error;
  }
  async function readRecords(): Promise<void> {
  for await (const p of records) {
    if ('facts' in p) {
      const error = rowError(specs, p.facts, db.dialect);
      if (error === undefined) {
        rows.push({ pid: p.record, facts: p.facts });
        batch.push(p);
      } else batch.push({ record: p.record, rowError: error });
    } else batch.push(p);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await finish();
  }
}
