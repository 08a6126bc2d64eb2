// `vigil run --engine duckdb` on Parquet: DuckDB reads and checks the typed columns itself.
// Batch by batch (a range of file row numbers), one INSERT … SELECT from read_parquet loads
// the rows whose every cell the checks of parquet-checks.ts prove valid into the facts
// table; the other rows of the batch are read as records (parquet.ts, as the JS run reads
// them) and go through the caller's JS path, which writes their exact error or, for a
// record valid after all, its validated facts. Then the compiled query decides the batch
// and the records are written in record order (row number from 1 in file order), as in
// the JS run. Modelled on load-duckdb.ts, which does the same for NDJSON lines.
import type { IrProgram } from '@vigil/core';
import { ProgramTables } from '@vigil/compiler';
import { FACTS_TABLE } from './compile.js';
import { ParquetError, parquetColumns, parquetRecord, parquetSource, type ParquetRecord } from './parquet.js';
import { columnCheck } from './parquet-checks.js';
import { quoteIdent } from './quote.js';
import { columnSpecs, rowError, type RowError } from './rows.js';
import { batchReader, emptyTable, type PreparedRecord, type RecordSink, type SqlDatabase, type SqlRunOptions } from './run.js';
import { factsTableDdl } from './schema.js';

/** Rows read into JS at a time (the rows SQL did not load). */
const JS_SLICE = 20_000;

/** What the Parquet load needs of a database beyond SqlDatabase (DuckDB has it). */
export interface ParquetDatabase {
  /** Runs a statement with BIGINT parameters $1, $2, … (prepared once per text; a statement with fewer takes the first). */
  executeWith(sql: string, params: readonly number[]): Promise<void>;
  /** The rows of a query with BIGINT parameters, as DuckDB's values (the cells the Parquet reader converts). */
  rowsWith(sql: string, params: readonly number[]): Promise<readonly (readonly unknown[])[]>;
}

/** The statements of a Parquet file's load, with $1 and $2 the batch's first and next row number (from 0) and $3 the evaluation time. */
interface ParquetLoad {
  readonly count: string;
  readonly insert: string;
  /** The rows of the batch not loaded (row number first, then the columns), by row number. */
  readonly rejected: string;
  /** Every row of the batch, as `rejected` (when the insert failed). */
  readonly all: string;
  /** Whether SQL has a check for every column's type (else that column's cells all go to JS). */
  readonly provesAll: boolean;
}

export function parquetLoad(ir: IrProgram, path: string, columns: readonly { readonly name: string; readonly type: string }[], factsTable: string): ParquetLoad {
  const t = new ProgramTables(ir);
  const inputs = new Map(t.inputs.map((k) => [k.key, k.fact] as const));
  const source = parquetSource(path, true);
  const range = `file_row_number >= $1 AND file_row_number < $2`;
  const names: string[] = [];
  const values: string[] = [];
  const checks: string[] = [];
  for (const c of columns) {
    const fact = inputs.get(c.name)!;
    const col = quoteIdent(c.name);
    // A fact and its baseline and upper limit share the fact's type.
    const check = columnCheck(fact, fact.type, c.type, col, 'CAST($3 AS BIGINT)');
    names.push(col);
    values.push(check ? check.value : 'NULL');
    checks.push(check ? `(${col} IS NULL OR (${check.ok}))` : `${col} IS NULL`);
  }
  const cells = columns.map((c) => quoteIdent(c.name)).join(', ');
  const select = (where: string) => `SELECT file_row_number${cells ? `, ${cells}` : ''} FROM ${source} WHERE ${where} ORDER BY file_row_number`;
  return {
    count: `SELECT count(*) FROM ${parquetSource(path)}`,
    insert:
      `INSERT INTO ${quoteIdent(factsTable)} (patient_id${names.map((n) => `, ${n}`).join('')})\n` +
      `SELECT file_row_number + 1${values.map((v) => `, ${v}`).join('')}\nFROM ${source}\nWHERE ${range}${checks.map((c) => `\n  AND ${c}`).join('')}`,
    rejected: select(`${range} AND file_row_number + 1 NOT IN (SELECT patient_id FROM ${quoteIdent(factsTable)})`),
    all: select(range),
    provesAll: values.every((v) => v !== 'NULL'),
  };
}

/**
 * Decides the records of a Parquet file on DuckDB, batch by batch. `facts` are the rule
 * set's input names (a column naming none stops the run, as in the JS reader); `fallback`
 * is the JS path for one record read from its row. Records go to the sink in record order.
 */
export async function runParquetOnDatabase<E>(
  ir: IrProgram,
  db: SqlDatabase & ParquetDatabase,
  path: string,
  fallback: (record: ParquetRecord) => PreparedRecord<E>,
  sink: RecordSink<E>,
  options: SqlRunOptions & {
    /** After each batch: how many of its records SQL loaded itself, and how many went through JS. */
    onLoad?(inSql: number, inJs: number): void;
  },
): Promise<void> {
  // Default batch: two of DuckDB's row groups (122,880 rows each), so that the load and the
  // query each run on two threads (smaller batches leave one idle: packages/sql/README.md);
  // 20,000 when a column's type is one SQL never proves, whose rows all go through JS.
  // (The records a batch sends through JS are held, as errors or facts, until it is decided.)
  const table = `${FACTS_TABLE}_run`;
  const keys = new ProgramTables(ir).inputs.map((k) => k.key);
  const columns = await parquetColumns((sql) => db.rowsWith(sql, []), path, keys);
  const load = parquetLoad(ir, path, columns, table);
  const specs = columnSpecs(ir);
  const read = batchReader(ir, db.dialect, table, 'summary', options.explain === true);
  const createTable = factsTableDdl(ir, db.dialect, table);
  await db.execute(createTable);
  const total = Number((await db.rowsWith(load.count, []))[0]![0]);
  let batchSize = options.batchSize ?? (load.provesAll ? 245_760 : JS_SLICE);

  const decide = async (start: number, end: number): Promise<void> => {
    let loaded = true;
    try {
      await db.executeWith(load.insert, [start, end, options.nowMs]);
    } catch {
      // A cell no check foresaw (a statement error, never a wrong value): the batch through JS.
      await emptyTable(db, table, createTable);
      loaded = false;
    }
    const failures = new Map<number, { failure: E } | { rowError: RowError }>();
    let inJs = 0;
    // The rows not loaded, read and validated in JS a slice at a time: memory holds one slice.
    for (let from = start; from < end; from += JS_SLICE) {
      const params = [from, Math.min(end, from + JS_SLICE), options.nowMs];
      let rows: readonly (readonly unknown[])[];
      try {
        rows = await db.rowsWith(loaded ? load.rejected : load.all, params);
      } catch (error) {
        throw new ParquetError(`cannot read it after record ${from}: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
      }
      inJs += rows.length;
      const valid: { pid: number; facts: Readonly<Record<string, unknown>> }[] = [];
      for (const row of rows) {
        const record = Number(row[0]) + 1;
        const p = fallback(parquetRecord(record, row.slice(1), columns));
        if ('failure' in p) failures.set(record, { failure: p.failure });
        else {
          const error = rowError(specs, p.facts, db.dialect);
          if (error === undefined) valid.push({ pid: record, facts: p.facts });
          else failures.set(record, { rowError: error });
        }
      }
      if (valid.length > 0) await db.insert(table, valid, specs);
    }
    options.onLoad?.(end - start - inJs, inJs);
    // A file whose rows mostly go through JS: smaller batches from here on, so that the
    // records held until the batch is decided stay few.
    if (inJs > JS_SLICE) batchSize = Math.min(batchSize, JS_SLICE);
    const results = read(db, options.nowMs);
    let next = await results.next();
    for (let record = start + 1; record <= end; record++) {
      const f = failures.get(record);
      if (f) {
        if ('failure' in f) await sink.failure(record, f.failure);
        else await sink.rowError(record, f.rowError);
        continue;
      }
      if (next.done || next.value.pid !== record) throw new Error(`the database returned no summary for record ${record}`);
      await sink.result(record, next.value.result());
      next = await results.next();
    }
    if (!next.done) throw new Error(`the database returned a summary for record ${next.value.pid}, which is not in the batch`);
    await emptyTable(db, table, createTable);
    options.onBatch?.(end);
  };
  try {
    for (let start = 0; start < total; ) {
      // The batch size may shrink after a batch (see decide): the next starts where this one ended.
      const end = Math.min(total, start + batchSize);
      await decide(start, end);
      start = end;
    }
  } finally {
    // The run's own table: a second run on the same database starts afresh.
    await db.execute(`DROP TABLE IF EXISTS ${quoteIdent(table)}`).catch(() => undefined);
  }
}
