// Parquet in and out through embedded DuckDB.
//
// In: each row of the file is one record, numbered from 1 in file order, with one column
// per fact (a column that names no fact stops the run before any record). A cell becomes
// the value the same fact would have in an NDJSON record, and that record then goes
// through the engine's validator like any other:
//   integers (TINYINT … BIGINT, HUGEINT), DECIMAL and DOUBLE → a number (a quantity in
//     its fact's unit; DECIMAL as the number its text stands for, as JSON.parse reads it);
//   VARCHAR → a string (`2100 /uL`, an enum value, a code, an ISO date);
//   BOOLEAN → true/false; VARCHAR[] → a list of strings (a set);
//   DATE → `YYYY-MM-DD`; TIMESTAMP WITH TIME ZONE → an ISO instant in UTC;
//   NULL → the fact is missing.
// Refused, naming the column: FLOAT (a 32-bit float is not the decimal it was written
// as), TIMESTAMP without time zone (its instant would be a guess), and any other type.
//
// Out: one row per output record, in output order: `record` (BIGINT, the input record's
// number), `status` (`decided` or `error`) and `json` (VARCHAR, the NDJSON line of that
// record without its line break, byte for byte). The rows are kept in a DuckDB database
// file in a temporary folder until the run ends, so memory stays flat; the Parquet file
// is written next to its target and renamed into place, so a run that fails leaves the
// target as it was.
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { quoteIdent, quoteLiteral } from './quote.js';

type DuckDb = typeof import('@duckdb/node-api');

/** A fault of the Parquet file as a whole (not of one record): reported once. */
export class ParquetError extends Error {
  override readonly name = 'ParquetError';
}

export type ParquetRecord = { readonly record: number; readonly value: Record<string, unknown> } | { readonly record: number; readonly error: { readonly field: string; readonly message: string } };

type Convert = (v: unknown) => unknown;

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);

/** Thrown by a converter: the cell cannot be read as the NDJSON value it stands for. */
class CellError extends Error {}

function converterFor(type: string): Convert | string {
  if (INTEGER_TYPES.has(type)) {
    return (v) => {
      if (typeof v === 'number') return v;
      const b = v as bigint;
      if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(-Number.MAX_SAFE_INTEGER)) throw new CellError(`${b} is beyond the integers a number holds exactly`);
      return Number(b);
    };
  }
  if (type.startsWith('DECIMAL(')) return (v) => Number(String(v));
  if (type === 'DOUBLE') return (v) => v;
  if (type === 'VARCHAR') return (v) => v;
  if (type === 'BOOLEAN') return (v) => v;
  if (type === 'VARCHAR[]') return (v) => (v as { items: unknown[] }).items.slice();
  if (type === 'DATE') {
    return (v) => {
      const days = (v as { days: number }).days;
      const d = new Date(days * 86_400_000);
      if (Number.isNaN(d.getTime())) throw new CellError(`the date is out of range`);
      return d.toISOString().slice(0, 10);
    };
  }
  if (type === 'TIMESTAMP WITH TIME ZONE') {
    return (v) => {
      const micros = (v as { micros: bigint }).micros;
      // Floor division: a time before 1970 has a negative count.
      let ms = micros / 1000n;
      if (ms * 1000n > micros) ms -= 1n;
      const d = new Date(Number(ms));
      if (Number.isNaN(d.getTime())) throw new CellError(`the time is out of range`);
      const iso = d.toISOString();
      const sub = micros - ms * 1000n;
      // Microseconds are kept in the text: the validator decides, as for an NDJSON string.
      return sub === 0n ? iso : `${iso.slice(0, -1)}${String(sub).padStart(3, '0')}Z`;
    };
  }
  if (type === 'FLOAT') return 'FLOAT (a 32-bit float is not the decimal it was written as): write DOUBLE or DECIMAL';
  if (type === 'TIMESTAMP') return 'TIMESTAMP without time zone (the instant it stands for is not known): write TIMESTAMP WITH TIME ZONE or ISO text with an offset';
  return `${type}: a column holds numbers, DECIMAL, VARCHAR, BOOLEAN, VARCHAR[], DATE or TIMESTAMP WITH TIME ZONE`;
}

// One thread and a memory cap: the reader streams and the writer's table spills to its
// file, so a run's memory stays flat (DuckDB's default takes most of the machine's).
async function open(duck: DuckDb, path = ':memory:') {
  const instance = await duck.DuckDBInstance.create(path, { threads: '1', memory_limit: '256MB', ...(path === ':memory:' ? {} : { temp_directory: `${path}.tmp` }) });
  return { instance, conn: await instance.connect() };
}

/** A column of a Parquet file: its name, DuckDB type and the reader of its cells. */
export interface ParquetColumn {
  readonly name: string;
  readonly type: string;
  readonly convert: Convert;
}

/**
 * The columns of a Parquet file, each naming one of `facts` (the rule set's inputs) with a
 * type the reader maps; otherwise a ParquetError, before any record. `query` runs a
 * statement and gives its rows.
 */
export async function parquetColumns(query: (sql: string) => Promise<readonly (readonly unknown[])[]>, path: string, facts: readonly string[]): Promise<ParquetColumn[]> {
  let described: readonly (readonly unknown[])[];
  try {
    described = await query(`DESCRIBE SELECT * FROM ${parquetSource(path)}`);
  } catch (error) {
    throw new ParquetError(`cannot read it as Parquet: ${firstLine(error)}`);
  }
  const known = new Set(facts);
  return described.map((r) => {
    const name = String(r[0]);
    const type = String(r[1]);
    if (!known.has(name)) throw new ParquetError(`column '${name}' is not a fact of the rule set (a column per fact, named as in the facts block)`);
    const convert = converterFor(type);
    if (typeof convert === 'string') throw new ParquetError(`column '${name}' has type ${convert}`);
    return { name, type, convert };
  });
}

/** The table function reading a Parquet file. */
export const parquetSource = (path: string, rowNumbers = false): string => `read_parquet(${quoteLiteral(path)}${rowNumbers ? ', file_row_number = true' : ''})`;

/** Record `record` from its row of cells (one per column, in order): the value an NDJSON record of the same facts would have, or the error of its first unreadable cell. */
export function parquetRecord(record: number, row: readonly unknown[], columns: readonly ParquetColumn[]): ParquetRecord {
  const value: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const cell = row[i];
    if (cell === null || cell === undefined) continue;
    const c = columns[i]!;
    try {
      value[c.name] = c.convert(cell);
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      return { record, error: { field: c.name, message: `${c.name}: ${error.message}` } };
    }
  }
  return { record, value };
}

/**
 * The records of a Parquet file, streamed chunk by chunk. `facts` are the rule set's fact
 * names: a column naming none of them stops the run (ParquetError) before any record.
 */
export async function* readParquet(path: string, facts: readonly string[]): AsyncGenerator<ParquetRecord> {
  const duck: DuckDb = await import('@duckdb/node-api');
  const { instance, conn } = await open(duck);
  try {
    const columns = await parquetColumns(async (sql) => (await conn.runAndReadAll(sql)).getRows(), path, facts);
    const result = await conn.stream(`SELECT ${columns.map((c) => quoteIdent(c.name)).join(', ')} FROM ${parquetSource(path)}`);
    let n = 0;
    for (;;) {
      let chunk;
      try {
        chunk = await result.fetchChunk();
      } catch (error) {
        throw new ParquetError(`cannot read it after record ${n}: ${firstLine(error)}`);
      }
      if (!chunk || chunk.rowCount === 0) break;
      for (const row of chunk.getRows()) yield parquetRecord(++n, row, columns);
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

const RECORD_LINE = /^\{"record":(\d+),"(error)?/;

/**
 * Output records as a Parquet file: `write` takes the NDJSON lines of the run (one or
 * more whole lines at a time), `close` writes the file, `abort` drops everything.
 */
export class ParquetRecordWriter {
  private pending: string[] = [];
  private constructor(
    private readonly db: { instance: import('@duckdb/node-api').DuckDBInstance; conn: import('@duckdb/node-api').DuckDBConnection },
    private readonly folder: string,
    private readonly target: string,
  ) {}

  static async create(target: string): Promise<ParquetRecordWriter> {
    const duck: DuckDb = await import('@duckdb/node-api');
    const folder = mkdtempSync(join(tmpdir(), 'vigil-parquet-'));
    try {
      const db = await open(duck, join(folder, 'records.duckdb'));
      await db.conn.run('CREATE TABLE records (record BIGINT NOT NULL, status VARCHAR NOT NULL, json VARCHAR NOT NULL)');
      return new ParquetRecordWriter(db, folder, target);
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  }

  async write(line: string): Promise<void> {
    this.pending.push(line);
    if (this.pending.length >= 8_192) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const app = await this.db.conn.createAppender('records');
    try {
      for (const text of this.pending) {
        for (const line of text.split('\n')) {
          if (line === '') continue;
          const m = RECORD_LINE.exec(line);
          if (!m) throw new Error(`not an output record: ${line.slice(0, 60)}`);
          app.appendBigInt(BigInt(m[1]!));
          app.appendVarchar(m[2] ? 'error' : 'decided');
          app.appendVarchar(line);
          app.endRow();
        }
      }
      app.flushSync();
    } finally {
      app.closeSync();
    }
    this.pending = [];
  }

  async close(): Promise<void> {
    try {
      await this.flush();
      const partial = join(dirname(this.target), `.${basename(this.target)}.${process.pid}.partial`);
      try {
        // A scan keeps the order of insertion (preserve_insertion_order, on by default): the
        // order of the output, without a sort that would hold the whole table.
        await this.db.conn.run(`COPY (SELECT record, status, json FROM records) TO ${quoteLiteral(partial)} (FORMAT parquet, ROW_GROUP_SIZE 16384)`);
        renameSync(partial, this.target);
      } catch (error) {
        rmSync(partial, { force: true });
        throw error;
      }
    } finally {
      this.release();
    }
  }

  abort(): void {
    this.pending = [];
    this.release();
  }

  private released = false;
  private release(): void {
    if (this.released) return;
    this.released = true;
    this.db.conn.closeSync();
    this.db.instance.closeSync();
    rmSync(this.folder, { recursive: true, force: true });
  }
}
