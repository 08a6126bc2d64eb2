// Embedded DuckDB (@duckdb/node-api, whose package carries its binary): an in-process
// database for `vigil run --engine duckdb`, loaded with the appender.
import { DUCKDB } from './dialect.js';
import { outcomeOf, type OutcomeRow } from './outcomes.js';
import type { Cell } from './rows.js';
import type { SqlDatabase } from './run.js';

type DuckDb = typeof import('@duckdb/node-api');

const SCALE = DUCKDB.scale!;

export async function openDuckDb(options: { readonly threads?: number; readonly memoryLimit?: string } = {}): Promise<SqlDatabase> {
  const duck: DuckDb = await import('@duckdb/node-api');
  const instance = await duck.DuckDBInstance.create(':memory:', {
    ...(options.threads ? { threads: String(options.threads) } : {}),
    ...(options.memoryLimit ? { memory_limit: options.memoryLimit } : {}),
  });
  const conn = await instance.connect();
  const listType = duck.LIST(duck.VARCHAR);
  return {
    dialect: DUCKDB,
    async execute(sql) {
      await conn.run(sql);
    },
    async insert(table, rows) {
      const app = await conn.createAppender(table);
      try {
        for (const row of rows) {
          app.appendBigInt(BigInt(row.pid));
          for (const c of row.cells) appendCell(duck, app, c, listType);
          app.endRow();
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
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

function appendCell(duck: DuckDb, app: import('@duckdb/node-api').DuckDBAppender, c: Cell, listType: import('@duckdb/node-api').DuckDBListType): void {
  if (c === null) app.appendNull();
  else if (typeof c === 'boolean') app.appendBoolean(c);
  else if (typeof c === 'string') app.appendVarchar(c);
  else if (Array.isArray(c)) app.appendList(c as string[], listType);
  else {
    const x = c as Exclude<Cell, null | boolean | string | readonly string[]>;
    if (x.kind === 'decimal') app.appendDecimal(duck.decimalValue(x.scaled * 10n ** BigInt(SCALE - x.scale), 38, SCALE));
    else app.appendTimestampTZ(duck.timestampTZValue(BigInt(x.ms) * 1000n));
  }
}

/** A duckdb list cell (missing facts, overriding rules) as strings. */
const list = (v: unknown): string[] => (v === null || v === undefined ? [] : (v as { items: unknown[] }).items.map(String));
const toOutcome = (r: readonly unknown[]): OutcomeRow & { pid: number } => outcomeOf(r, list);
