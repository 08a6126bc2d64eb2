// PostgreSQL through `pg` (the facts table is a temporary table of the run's session;
// rows are inserted with bound parameters, never as text).
import { POSTGRES } from './dialect.js';
import { outcomeOf, type OutcomeRow } from './outcomes.js';
import { factRow, type Cell } from './rows.js';
import type { SqlDatabase } from './run.js';
import { quoteIdent } from './quote.js';

/** PostgreSQL accepts at most 65,535 parameters in one statement. */
const MAX_PARAMS = 65_535;

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
  return {
    dialect: POSTGRES,
    async execute(sql) {
      await client.query(sql);
    },
    async insert(table, rows, specs) {
      const per = Math.max(1, Math.floor(MAX_PARAMS / (specs.length + 1)));
      for (let start = 0; start < rows.length; start += per) {
        const part = rows.slice(start, start + per);
        const params: unknown[] = [];
        const tuples = part.map((row) => {
          const ph: string[] = [];
          params.push(row.pid);
          ph.push(`$${params.length}`);
          const cells = factRow(specs, row.facts, POSTGRES);
          if (!Array.isArray(cells)) throw new Error(`record ${row.pid}: ${cells.field}: ${cells.message}`);
          for (const c of cells) {
            params.push(cellParam(c));
            ph.push(`$${params.length}`);
          }
          return `(${ph.join(', ')})`;
        });
        await client.query(`INSERT INTO ${quoteIdent(table)} VALUES ${tuples.join(', ')}`, params);
      }
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

function cellParam(c: Cell): unknown {
  if (c === null || typeof c === 'boolean' || typeof c === 'string' || Array.isArray(c)) return c;
  const x = c as Exclude<Cell, null | boolean | string | readonly string[]>;
  return x.kind === 'decimal' ? x.text : new Date(x.ms).toISOString();
}

/** A postgres list cell (missing facts, overriding rules; explaining atoms, which the driver leaves as `{1,2}` text) as strings. */
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && /^\{(-?\d+(,-?\d+)*)?\}$/.test(v) ? v.slice(1, -1).split(',').filter((x) => x !== '') : []);
const toOutcome = (r: readonly unknown[]): OutcomeRow & { pid: number } => outcomeOf(r, list);
