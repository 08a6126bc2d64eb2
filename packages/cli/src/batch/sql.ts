// `vigil run --engine duckdb|postgres`: each record is read and validated as in the JS run
// (the engine's own validator, so units, ranges and codes are refused alike, with the
// same record errors), its validated facts are loaded into the SQL engine, and the
// compiled query decides. Output lines and counts are those of evaluateRecords.
import type { IrProgram } from '@vigil/core';
import type { Engine } from '../services.js';
import { RecordsError, type InputRecord, type NdjsonLine } from './records.js';
import { evaluateRecord, parseJsonLine, type RecordEngine, type RecordOutcome } from './record.js';
import { addOutcome, type BatchCounts, type EvaluateRecordsOptions, type RecordWriter } from './evaluate.js';

export type SqlEngineName = 'duckdb' | 'postgres';

export interface SqlEngineOptions {
  readonly engine: SqlEngineName;
  /** --engine postgres: the connection URL. */
  readonly db?: string;
  readonly ir: IrProgram;
  /**
   * --engine duckdb on NDJSON: the input's lines, unparsed. DuckDB parses and checks them
   * itself; a line it cannot prove valid comes back here and is read as the JS run reads it.
   */
  readonly lines?: AsyncIterable<readonly NdjsonLine[]>;
  /**
   * --engine duckdb on Parquet: the file's path. DuckDB reads and checks its typed columns
   * itself; a row it cannot prove valid comes back here and is read as the JS run reads it.
   */
  readonly parquet?: string;
  /** VIGIL_SQL_LOAD_STATS: print per batch how many records SQL checked and how many JS did (`rss`: and the memory). */
  readonly loadStats?: string;
}

class StopRun extends Error {}

export async function evaluateRecordsSql(records: AsyncIterable<InputRecord>, engine: Engine, out: RecordWriter, options: EvaluateRecordsOptions, sqlOptions: SqlEngineOptions): Promise<BatchCounts> {
  const sql = await import('@vigil/sql');
  const counts: BatchCounts = { records: 0, errors: 0, notEvaluable: 0, decisions: new Map() };
  const evalOptions = { now: options.now, explain: options.explain !== false };
  const nowMs = Math.floor(Date.parse(options.now));
  const dateKeys = sqlOptions.ir.facts.filter((f) => f.type.kind === 'date' || f.type.kind === 'datetime').map((f) => f.name);
  const every = options.progressEvery ?? 10_000;
  const db = sqlOptions.engine === 'duckdb' ? await sql.openDuckDb() : await sql.openPostgres(sqlOptions.db!);

  // A record that fails is written by the JS path itself (evaluateRecord), so its error line is the same.
  const prepareOne = (rec: InputRecord): import('@vigil/sql').PreparedRecord<RecordOutcome> => {
    if ('error' in rec || rec.value === null || typeof rec.value !== 'object' || Array.isArray(rec.value)) return { record: rec.record, failure: evaluateRecord(engine as RecordEngine, evalOptions, rec) };
    const v = engine.validateFacts(rec.value);
    if (!v.ok) return { record: rec.record, failure: evaluateRecord(engine as RecordEngine, evalOptions, rec) };
    const facts = v.facts as Record<string, unknown>;
    // A date after the evaluation time is an error of its record: the engine says which.
    if (dateKeys.some((k) => typeof facts[k] === 'number' && (facts[k] as number) > nowMs)) return { record: rec.record, failure: evaluateRecord(engine as RecordEngine, evalOptions, rec) };
    return { record: rec.record, facts };
  };
  async function* prepare(): AsyncIterable<import('@vigil/sql').PreparedRecord<RecordOutcome>> {
    for await (const rec of records) yield prepareOne(rec);
  }

  const write = async (outcome: RecordOutcome) => {
    counts.records++;
    await out.write(outcome.line);
    if (outcome.failure) {
      counts.errors++;
      options.onFailure(outcome.failure);
      if (options.failFast) throw new StopRun();
    } else addOutcome(counts, outcome);
    if (options.onProgress && counts.records % every === 0) options.onProgress(counts);
  };
  try {
    const sink: import('@vigil/sql').RecordSink<RecordOutcome> = {
        result: (record, r) => write({ line: `{"record":${record},${r.fields}}\n`, failure: null, actions: r.actions, notEvaluable: r.notEvaluable }),
        failure: (_, outcome) => write(outcome),
        rowError: (record, e) => {
          const error = { field: e.field, message: `${e.field}: ${e.message}`, issues: [{ path: e.field, message: e.message }] };
          return write({ line: JSON.stringify({ record, error }) + '\n', failure: { record, field: e.field, message: error.message }, actions: [], notEvaluable: 0 });
        },
    };
    const runOptions = {
      nowMs,
      explain: options.explain !== false,
      // VIGIL_SQL_LOAD_STATS=1: how many records DuckDB checked itself and how many went through JS.
      ...(sqlOptions.loadStats ? { onLoad: (s: number, j: number) => process.stderr.write(`sql load: ${s} in SQL, ${j} through JS${sqlOptions.loadStats === 'rss' ? `, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB` : ''}\n`) } : {}), batchSize: options.failFast ? 1_000 : sqlOptions.engine === 'duckdb' ? 20_000 : 10_000,
    };
    if (sqlOptions.parquet !== undefined && sqlOptions.engine === 'duckdb') {
      try {
        // Batches of the load's own size (two of DuckDB's row groups: both threads work), but for --fail-fast.
        const { batchSize: _, ...rest } = runOptions;
        await sql.runParquetOnDatabase(sqlOptions.ir, db as import('@vigil/sql').SqlDatabase & import('@vigil/sql').ParquetDatabase, sqlOptions.parquet, prepareOne, sink, options.failFast ? runOptions : rest);
      } catch (error) {
        // A fault of the file as a whole, as the JS reader reports it.
        throw error instanceof sql.ParquetError ? new RecordsError(error.message) : error;
      }
    } else if (sqlOptions.lines !== undefined && sqlOptions.engine === 'duckdb')
      await sql.runLinesOnDatabase(sqlOptions.ir, db as import('@vigil/sql').SqlDatabase & import('@vigil/sql').LineDatabase, sqlOptions.lines, (l) => prepareOne(parseJsonLine(l.record, l.line)), sink, runOptions);
    else await sql.runOnDatabase(sqlOptions.ir, db, prepare(), sink, runOptions);
  } catch (error) {
    if (!(error instanceof StopRun)) throw error;
  } finally {
    await db.close();
  }
  await out.flush();
  return counts;
}
