// Checks on each SQL engine: embedded DuckDB (one thread), and a throwaway PostgreSQL
// server when Debian's package is there or can be installed (else skipped, saying why).
// Each check is a test of its own, named by its key, on each engine.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openDuckDb, openPostgres, type SqlDatabase } from '../../src/index.js';
import { postgresBinaries, startPostgres, type TestPostgres } from './postgres.js';

export type EngineName = 'duckdb' | 'postgres';

export function onEachEngine(checks: Readonly<Record<string, (db: SqlDatabase, engine: EngineName) => Promise<void>>>): void {
  describe('DuckDB', () => {
    let db: SqlDatabase;
    beforeAll(async () => {
      db = await openDuckDb({ threads: 1 });
    });
    afterAll(async () => {
      await db?.close();
    });
    for (const [title, check] of Object.entries(checks)) {
      it(title, async () => {
        await check(db, 'duckdb');
      });
    }
  });

  describe('PostgreSQL', () => {
    const bins = postgresBinaries();
    let server: TestPostgres | undefined;
    let db: SqlDatabase | undefined;
    beforeAll(async () => {
      if ('bin' in bins) {
        server = startPostgres(bins.bin);
        db = await openPostgres(server.url);
      }
    }, 120_000);
    afterAll(async () => {
      await db?.close();
      server?.stop();
    });
    for (const [title, check] of Object.entries(checks)) {
      it.skipIf(!('bin' in bins))(`${title}${'reason' in bins ? ` (skipped: ${bins.reason})` : ''}`, { timeout: 60_000 }, async () => {
        await check(db!, 'postgres');
      });
    }
  });
}
