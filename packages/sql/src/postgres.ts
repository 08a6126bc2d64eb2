// PostgreSQL through `pg` (the facts table is a temporary table of the run's session;
// rows are loaded with COPY, whose data is never SQL text).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { POSTGRES } from './dialect.js';
import { outcomeOf, type OutcomeRow } from './outcomes.js';
import { factRow } from './rows.js';
import { copyRow } from './copy-text.js';
import type { SqlDatabase } from './run.js';
import { quoteIdent } from './quote.js';

export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

export async function openPostgres(url: string): Promise<SqlDatabase> {
  const pg = (await import('pg')).default;
  // Numbers come back as text: NUMERIC and BIGINT exactly as the server prints them.
  const client = new pg.Client({ connectionString: url, types: { getTypeParser: (oid: number, format?: string) => (oid === 1009 || oid === 1015 ? pg.types.getTypeParser(oid as never, format as never) : (v: string) => v) } as never });
  try {
    await client.connect();
  } catch (error) {
    throw new DatabaseError(`cannot connect to the PostgreSQL server: ${error instanceof Error ? error.message : String(error)}`);
  }
  await client.query("SET TIME ZONE 'UTC'");
  // PostgreSQL's JIT compiles the query's expressions when its cost estimate is high, as a
  // rule set's query always is: on 20,000 patients it spent 44 s of CPU compiling (its own
  // EXPLAIN ANALYZE) for a query that runs in 3.7 s without it (13 to 16 s with it).
  await client.query('SET jit = off');
  return {
    dialect: POSTGRES,
    async execute(sql) {
      await client.query(sql);
    },
    async insert(table, rows, specs) {
      // COPY in text format (copy-text.ts), streamed in parts of about 1 MB.
      const { from } = await import('pg-copy-streams');
      const stream = client.query(from(`COPY ${quoteIdent(table)} FROM STDIN`));
      async function* text(): AsyncGenerator<string> {
        let part = '';
        for (const row of rows) {
          const cells = factRow(specs, row.facts, POSTGRES);
          if (!Array.isArray(cells)) throw new Error(`record ${row.pid}: ${cells.field}: ${cells.message}`);
          part += copyRow(row.pid, cells);
          if (part.length >= 1 << 20) {
            yield part;
            part = '';
          }
        }
        if (part !== '') yield part;
      }
      await pipeline(Readable.from(text()), stream);
    },
    async *outcomes(sql, nowMs) {
      const result = await client.query({ text: sql, values: [String(nowMs)], rowMode: 'array' });
      for (const r of result.rows as unknown[][]) yield toOutcome(r);
    },
    async *summaries(sql, nowMs) {
      const result = await client.query({ text: sql, values: [String(nowMs)], rowMode: 'array' });
      for (const r of result.rows as unknown[][]) yield { pid: Number(r[0]), summary: String(r[1]) };
    },
    async close() {
      await client.end();
    },
  };
}

/** A postgres list cell (missing facts, overriding rules; explaining atoms, which the driver leaves as `{1,2}` text) as strings. */
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && /^\{(-?\d+(,-?\d+)*)?\}$/.test(v) ? v.slice(1, -1).split(',').filter((x) => x !== '') : []);
const toOutcome = (r: readonly unknown[]): OutcomeRow & { pid: number } => outcomeOf(r, list);
