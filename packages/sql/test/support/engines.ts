// One check on each SQL engine: embedded DuckDB (one thread), and a throwaway PostgreSQL
// server when Debian's package is there or can be installed (else skipped, saying why).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openDuckDb, openPostgres, type SqlDatabase } from '../../src/index.js';
import { postgresBinaries, startPostgres, type TestPostgres } from './postgres.js';

export function onEachEngine(title: string, check: (db: SqlDatabase) => Promise<void>): void {
  describe('DuckDB', () => {
    let db: SqlDatabase;
    beforeAll(async () => {
      db = await openDuckDb({ threads: 1 });
    });
    afterAll(async () => {
      await db?.close();
    });
    it(title, async () => {
      await check(db);
    });
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
    it.skipIf(!('bin' in bins))(`${title}${'reason' in bins ? ` (skipped: ${bins.reason})` : ''}`, { timeout: 60_000 }, async () => {
      await check(db!);
    });
  });
}
