// Embedded DuckDB (@duckdb/node-api, whose package carries its binary): an in-process
// database for `vigil run --engine duckdb`, loaded with the appender.
import { DUCKDB } from './dialect.js';
import { outcomeOf, type OutcomeRow } from './outcomes.js';
import { scaledDecimal, type ColumnSpec } from './rows.js';
import type { SqlDatabase } from './run.js';
import type { LineDatabase } from './load-duckdb.js';
import type { ParquetDatabase } from './load-parquet.js';

type DuckDb = typeof import('@duckdb/node-api');

const SCALE = DUCKDB.scale!;

/** `tempDirectory`: where DuckDB spills beyond its memory limit (default: `.tmp` in the working directory). */
export async function openDuckDb(options: { readonly threads?: number; readonly memoryLimit?: string; readonly tempDirectory?: string } = {}): Promise<SqlDatabase & LineDatabase & ParquetDatabase> {
  const duck: DuckDb = await import('@duckdb/node-api');
  const instance = await duck.DuckDBInstance.create(':memory:', {
    ...(options.tempDirectory ? { temp_directory: options.tempDirectory } : {}),
    ...(options.threads ? { threads: String(options.threads) } : {}),
    ...(options.memoryLimit ? { memory_limit: options.memoryLimit } : {}),
  });
  const conn = await instance.connect();
  const listType = duck.LIST(duck.VARCHAR);
  let prepared: { sql: string; statement: import('@duckdb/node-api').DuckDBPreparedStatement } | undefined;
  const statements = new Map<string, import('@duckdb/node-api').DuckDBPreparedStatement>();
  const statement = async (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = await conn.prepare(sql)));
    return s;
  };
  return {
    dialect: DUCKDB,
    async execute(sql) {
      await conn.run(sql);
    },
    async appendLines(table, lines) {
      const size = Math.max(1, Number(duck.DuckDBDataChunk.create([duck.BIGINT]).rowCount) || 2048);
      const app = await conn.createAppender(table);
      try {
        for (let start = 0; start < lines.length; start += size) {
          const n = Math.min(size, lines.length - start);
          const chunk = duck.DuckDBDataChunk.create([duck.BIGINT, duck.VARCHAR], n);
          const ids = chunk.getColumnVector(0);
          const texts = chunk.getColumnVector(1);
          for (let i = 0; i < n; i++) {
            const l = lines[start + i]!;
            ids.setItem(i, BigInt(l.record) as never);
            texts.setItem(i, l.line as never);
          }
          ids.flush();
          texts.flush();
          app.appendDataChunk(chunk);
        }
        app.flushSync();
      } finally {
        app.closeSync();
      }
    },
    async executeAt(sql, nowMs) {
      const s = await statement(sql);
      // A rule set without dates has no $1 in its load.
      if (s.parameterCount > 0) s.bindBigInt(1, BigInt(nowMs));
      await s.run();
    },
    async executeWith(sql, params) {
      const s = await statement(sql);
      for (let i = 0; i < s.parameterCount; i++) s.bindBigInt(i + 1, BigInt(params[i]!));
      await s.run();
    },
    async rowsWith(sql, params) {
      if (params.length === 0) return (await conn.runAndReadAll(sql)).getRows();
      const s = await statement(sql);
      for (let i = 0; i < s.parameterCount; i++) s.bindBigInt(i + 1, BigInt(params[i]!));
      return (await s.runAndReadAll()).getRows();
    },
    async lines(sql) {
      const reader = await conn.runAndReadAll(sql);
      return reader.getRows().map((r) => ({ record: Number(r[0]), line: String(r[1]) }));
    },
    async insert(table, rows, specs) {
      // Column by column into data chunks of the vector size: one loop per column kind,
      // decimals, booleans and instants written into the chunk's buffers.
      const types = [duck.BIGINT, ...specs.map((k) => typeOf(duck, k.kind, listType))];
      const size = Math.max(1, Number(duck.DuckDBDataChunk.create([duck.BIGINT]).rowCount) || 2048);
      const app = await conn.createAppender(table);
      try {
        for (let start = 0; start < rows.length; start += size) {
          const n = Math.min(size, rows.length - start);
          const chunk = duck.DuckDBDataChunk.create(types, n);
          const ids = chunk.getColumnVector(0);
          for (let i = 0; i < n; i++) ids.setItem(i, BigInt(rows[start + i]!.pid) as never);
          ids.flush();
          specs.forEach((spec, c) => fillColumn(duck, chunk.getColumnVector(c + 1), spec, rows, start, n));
          app.appendDataChunk(chunk);
        }
        app.flushSync();
      } finally {
        app.closeSync();
      }
    },
    async *outcomes(sql, nowMs) {
      const result = await conn.stream(sql, [BigInt(nowMs)]);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (const r of chunk.getRows()) yield toOutcome(r);
      }
    },
    async *summaries(sql, nowMs) {
      // Prepared once per run: planning the query costs as much as deciding thousands of patients.
      if (prepared?.sql !== sql) {
        prepared?.statement.destroySync();
        prepared = { sql, statement: await conn.prepare(sql) };
      }
      prepared.statement.bindBigInt(1, BigInt(nowMs));
      const result = await prepared.statement.stream();
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        // Column by column: two reads per patient, no row objects.
        const pids = chunk.getColumnVector(0);
        const texts = chunk.getColumnVector(1);
        for (let i = 0; i < chunk.rowCount; i++) yield { pid: Number(pids.getItem(i)), summary: texts.getItem(i) as string };
      }
    },
    async close() {
      prepared?.statement.destroySync();
      for (const s of statements.values()) s.destroySync();
      conn.closeSync();
      instance.closeSync();
    },
  };
}

function typeOf(duck: DuckDb, k: ColumnSpec['kind'], listType: import('@duckdb/node-api').DuckDBListType): import('@duckdb/node-api').DuckDBType {
  return k === 'boolean' ? duck.BOOLEAN : k === 'text' ? duck.VARCHAR : k === 'list' ? listType : k === 'decimal' ? duck.DECIMAL(38, SCALE) : duck.TIMESTAMPTZ;
}

/** Writes one input column of rows[start, start + n) into a chunk's vector (validated facts: null or undefined is a missing fact). */
function fillColumn(duck: DuckDb, v: import('@duckdb/node-api').DuckDBVector, spec: ColumnSpec, rows: readonly { readonly facts: Readonly<Record<string, unknown>> }[], start: number, n: number): void {
  const key = spec.key;
  const set = v.setItem.bind(v) as (i: number, x: unknown) => void;
  // One loop per kind, so that each stays simple for the compiler.
  const each = (f: (x: unknown) => unknown): void => {
    for (let i = 0; i < n; i++) {
      const x = rows[start + i]!.facts[key];
      set(i, x === null || x === undefined ? null : f(x));
    }
  };
  switch (spec.kind) {
    case 'decimal':
      each((x) => ({ value: scaledDecimal(x as number, SCALE) }));
      break;
    case 'instant':
      each((x) => ({ micros: BigInt(x as number) * 1000n }));
      break;
    case 'list':
      each((x) => duck.listValue(x as string[]));
      break;
    default:
      each((x) => x);
  }
  v.flush();
}

/** A duckdb list cell (missing facts, overriding rules) as strings. */
const list = (v: unknown): string[] => (v === null || v === undefined ? [] : (v as { items: unknown[] }).items.map(String));
const toOutcome = (r: readonly unknown[]): OutcomeRow & { pid: number } => outcomeOf(r, list);
