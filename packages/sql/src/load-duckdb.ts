// `vigil run --engine duckdb` on NDJSON: DuckDB parses and checks the records itself. The
// caller numbers the lines (blank lines skipped, as the JS reader counts them) and the raw
// lines are appended as text; the boundary's checks in SQL (validate-sql.ts) load the
// records they prove valid into the facts table; the others (malformed JSON, invalid
// facts, whatever SQL cannot prove) go through the caller's JS path, which writes their
// exact error or, for a record valid after all, its validated facts. Then the compiled
// query decides the batch and the records are written in record order, as in the JS run.
import type { IrProgram } from '@vigil/core';
import { FACTS_TABLE } from './compile.js';
import { columnSpecs, rowError, type RowError } from './rows.js';
import { batchReader, emptyTable, runOnDatabase, type PreparedRecord, type RecordSink, type SqlDatabase, type SqlRunOptions } from './run.js';
import { factsTableDdl } from './schema.js';
import { quoteIdent } from './quote.js';
import { rawLoadSql } from './validate-sql.js';

/** A line of the input and its record number. */
export interface RawLine {
  readonly record: number;
  readonly line: string;
}

/** What the raw-line load needs of a database beyond SqlDatabase (DuckDB has it). */
export interface LineDatabase {
  /** Appends (record, line) rows to a table of two columns (BIGINT, VARCHAR). */
  appendLines(table: string, lines: readonly RawLine[]): Promise<void>;
  /** Runs a statement with the evaluation time bound as $1 (prepared once per text). */
  executeAt(sql: string, nowMs: number): Promise<void>;
  /** The (record, line) rows of a query. */
  lines(sql: string): Promise<RawLine[]>;
}

/**
 * Decides the records of an NDJSON input on DuckDB, batch by batch. `fallback` is the JS
 * path for one line: its parse and validation, giving validated facts or the record's
 * failure. Records go to the sink in record order.
 */
export async function runLinesOnDatabase<E>(
  ir: IrProgram,
  db: SqlDatabase & LineDatabase,
  input: AsyncIterable<readonly RawLine[]>,
  fallback: (line: RawLine) => PreparedRecord<E>,
  sink: RecordSink<E>,
  options: SqlRunOptions & {
    /** After each batch: how many of its records SQL loaded itself, and how many went through JS. */
    onLoad?(inSql: number, inJs: number): void;
  },
): Promise<void> {
  const table = `${FACTS_TABLE}_run`;
  const raw = `${FACTS_TABLE}_lines`;
  const load = rawLoadSql(ir, raw, table);
  if (!load || db.dialect.name !== 'duckdb' || (options.form ?? 'summary') !== 'summary') {
    // This rule set's inputs cannot be checked in SQL: every line through JS.
    return runOnDatabase(ir, db, (async function* () {
      for await (const lines of input) for (const l of lines) yield fallback(l);
    })(), sink, options);
  }
  const specs = columnSpecs(ir);
  const read = batchReader(ir, db.dialect, table, 'summary', options.explain === true);
  const createTable = factsTableDdl(ir, db.dialect, table);
  const createRaw = `CREATE TABLE ${quoteIdent(raw)} (pid BIGINT NOT NULL, line VARCHAR NOT NULL)`;
  await db.execute(createTable);
  await db.execute(createRaw);
  const batchSize = options.batchSize ?? 50_000;
  let batch: RawLine[] = [];
  let done = 0;

  const decide = async (lines: RawLine[]): Promise<void> => {
    // A line with a NUL (or the marker of an over-long line) is never valid JSON: JS says why, DuckDB never sees it.
    const toSql: RawLine[] = [];
    const toJs: RawLine[] = [];
    for (const l of lines) (l.line.indexOf('\u0000') >= 0 ? toJs : toSql).push(l);
    if (toSql.length > 0) {
      await db.appendLines(raw, toSql);
      let loaded = true;
      try {
        await db.executeAt(load.insert(false), options.nowMs);
      } catch {
        // A line DuckDB cannot parse fails the fast form: the guarded form skips such lines.
        // Should that fail too (a line no check foresaw), the whole batch goes through JS.
        loaded = await db.executeAt(load.insert(true), options.nowMs).then(
          () => true,
          () => false,
        );
      }
      if (loaded) for (const l of await db.lines(load.rejected)) toJs.push(l);
      else toJs.push(...toSql);
      toJs.sort((a, b) => a.record - b.record);
    }
    options.onLoad?.(lines.length - toJs.length, toJs.length);
    const failures = new Map<number, { failure: E } | { rowError: RowError }>();
    const rows: { pid: number; facts: Readonly<Record<string, unknown>> }[] = [];
    for (const l of toJs) {
      const p = fallback(l);
      if ('failure' in p) failures.set(l.record, { failure: p.failure });
      else {
        const error = rowError(specs, p.facts, db.dialect);
        if (error === undefined) rows.push({ pid: l.record, facts: p.facts });
        else failures.set(l.record, { rowError: error });
      }
    }
    if (rows.length > 0) await db.insert(table, rows, specs);
    const results = read(db, options.nowMs);
    let next = await results.next();
    for (const l of lines) {
      const f = failures.get(l.record);
      if (f) {
        if ('failure' in f) await sink.failure(l.record, f.failure);
        else await sink.rowError(l.record, f.rowError);
        continue;
      }
      if (next.done || next.value.pid !== l.record) throw new Error(`the database returned no summary for record ${l.record}`);
      await sink.result(l.record, next.value.result());
      next = await results.next();
    }
    if (!next.done) throw new Error(`the database returned a summary for record ${next.value.pid}, which is not in the batch`);
    await emptyTable(db, raw, createRaw);
    await emptyTable(db, table, createTable);
    done += lines.length;
    options.onBatch?.(done);
  };
  try {
    for await (const lines of input) {
      for (const l of lines) {
        batch.push(l);
        if (batch.length >= batchSize) {
          const b = batch;
          batch = [];
          await decide(b);
        }
      }
    }
    if (batch.length > 0) await decide(batch);
  } finally {
    // The run's own tables: a second run on the same database starts afresh.
    await db.execute(`DROP TABLE IF EXISTS ${quoteIdent(raw)}`).catch(() => undefined);
    await db.execute(`DROP TABLE IF EXISTS ${quoteIdent(table)}`).catch(() => undefined);
  }
}
