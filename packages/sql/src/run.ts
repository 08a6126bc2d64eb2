// A run on a SQL engine, batch by batch: the validated facts of up to `batchSize` records
// are loaded into the facts table, the compiled query is run with the evaluation time
// bound, its outcome rows are assembled per patient in record order, and the table is
// emptied for the next batch. Memory holds one batch; records that failed before the
// database (invalid facts) keep their place in the output.
import type { IrProgram } from '@vigil/core';
import { compileQuery, FACTS_TABLE } from './compile.js';
import type { Dialect } from './dialect.js';
import { OutcomeAssembler, type AssembledRecord, type OutcomeRow } from './outcomes.js';
import { columnSpecs, factRow, type Cell, type RowError } from './rows.js';
import { factsTableDdl } from './schema.js';

/** A record as the caller prepared it: validated facts, or a failure of its own kind. */
export type PreparedRecord<E> = { readonly record: number; readonly facts: Readonly<Record<string, unknown>> } | { readonly record: number; readonly failure: E };

export interface RecordSink<E> {
  result(record: number, result: AssembledRecord): Promise<void>;
  failure(record: number, failure: E): Promise<void>;
  /** A validated record the facts table cannot hold exactly (DuckDB's DECIMAL scale). */
  rowError(record: number, error: RowError): Promise<void>;
}

/** What a run needs of a database: one facts table, loaded, queried and emptied per batch. */
export interface SqlDatabase {
  readonly dialect: Dialect;
  /** Runs DDL (the facts table). */
  execute(sql: string): Promise<void>;
  /** Appends rows (patient id, then one cell per input column) to the facts table. */
  insert(table: string, rows: readonly { readonly pid: number; readonly cells: readonly Cell[] }[], columns: number): Promise<void>;
  /** The outcome rows of a query ordered by patient, with the evaluation time bound as $1. */
  outcomes(sql: string, nowMs: number): AsyncIterable<OutcomeRow & { readonly pid: number }>;
  close(): Promise<void>;
}

export interface SqlRunOptions {
  readonly nowMs: number;
  /** Records per batch (default 50,000). */
  readonly batchSize?: number;
  /** Called after each batch with the records done so far. */
  onBatch?(records: number): void;
}

export async function runOnDatabase<E>(ir: IrProgram, db: SqlDatabase, records: AsyncIterable<PreparedRecord<E>>, sink: RecordSink<E>, options: SqlRunOptions): Promise<void> {
  const specs = columnSpecs(ir);
  // A table of this run's own (temporary on a server), never one of the caller's.
  const table = `${FACTS_TABLE}_run`;
  const query = compileQuery(ir, db.dialect, { factsTable: table }).select;
  const assembler = new OutcomeAssembler(ir);
  const ddl = factsTableDdl(ir, db.dialect, table);
  await db.execute(db.dialect.name === 'postgres' ? ddl.replace(/^CREATE TABLE/, 'CREATE TEMPORARY TABLE') : ddl);
  const batchSize = options.batchSize ?? 50_000;
  let batch: (PreparedRecord<E> | { readonly record: number; readonly rowError: RowError })[] = [];
  let rows: { pid: number; cells: Cell[] }[] = [];
  let done = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    if (rows.length > 0) await db.insert(table, rows, specs.length);
    const it = rows.length > 0 ? db.outcomes(query, options.nowMs)[Symbol.asyncIterator]() : undefined;
    let next = it ? await it.next() : undefined;
    for (const item of batch) {
      if ('failure' in item) await sink.failure(item.record, item.failure);
      else if ('rowError' in item) await sink.rowError(item.record, item.rowError);
      else {
        const mine: OutcomeRow[] = [];
        while (next && !next.done && next.value.pid === item.record) {
          mine.push(next.value);
          next = await it!.next();
        }
        await sink.result(item.record, assembler.assemble(mine));
      }
    }
    if (next && !next.done) throw new Error(`the database returned outcomes for patient ${next.value.pid}, which is not in the batch`);
    await db.execute(`DELETE FROM "${table}"`);
    done += batch.length;
    options.onBatch?.(done);
    batch = [];
    rows = [];
  };
  for await (const p of records) {
    if ('facts' in p) {
      const row = factRow(specs, p.facts, db.dialect);
      if (Array.isArray(row)) {
        rows.push({ pid: p.record, cells: row });
        batch.push(p);
      } else batch.push({ record: p.record, rowError: row as RowError });
    } else batch.push(p);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
}
