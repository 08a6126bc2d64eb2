// DuckDB and PostgreSQL against the JS engine on gen-facts patients of the bundled rule
// sets, patient by patient, rule by rule, decisions with their explanations (texts and dose
// calculations; one run without, as --no-explain). The suite runs 100,000 patients of each
// bundled set on each engine; VIGIL_SQL_PATIENTS=N runs N instead (the long check, see
// packages/sql/README.md).
import { join } from 'node:path';
import { afterAll, beforeAll, describe as suite, expect, it } from 'vitest';
import { checkFiles, collectRuleFiles, type IrProgram } from '@vigil/core';
import { openDuckDb, openPostgres } from '@vigil/sql';
import { describe, differential } from './differential.js';
import { postgresBinaries, startPostgres, type TestPostgres } from '@vigil/sql/test';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const NOW = '2026-11-22T00:00:00Z';
const N = Number(process.env.VIGIL_SQL_PATIENTS ?? 0) || 100_000;

function ruleSet(name: string): IrProgram {
  const { files } = collectRuleFiles([join(ROOT, 'rules', name)], ROOT);
  const ir = checkFiles(files).ir;
  if (!ir) throw new Error(`the bundled rule set ${name} has errors`);
  return ir;
}

/** The bundled rule sets, each with its own seeds for DuckDB and PostgreSQL. */
const SETS = [
  { name: 'azathioprine', duckSeed: 11, pgSeed: 13 },
  { name: 'azathioprine-pgx', duckSeed: 21, pgSeed: 23 },
] as const;

suite('SQL engines decide as the JS engine', () => {
  const ir = ruleSet('azathioprine');

  for (const set of SETS) {
    it(`DuckDB: ${set.name}, ${N} gen-facts patients`, { timeout: 3_600_000 }, async () => {
      const db = await openDuckDb();
      try {
        const r = await differential(ruleSet(set.name), db, { count: N, seed: set.duckSeed, now: NOW });
        expect(describe(r.differences)).toBe('');
        expect(r.compared).toBe(N - r.skipped);
        expect(r.compared).toBeGreaterThan(N * 0.95);
      } finally {
        await db.close();
      }
    });
  }

  it('DuckDB: patients with many missing facts', { timeout: 300_000 }, async () => {
    const db = await openDuckDb();
    try {
      const r = await differential(ir, db, { count: 3_000, seed: 12, now: NOW, missing: 0.5, batchSize: 700 });
      expect(describe(r.differences)).toBe('');
    } finally {
      await db.close();
    }
  });

  it('DuckDB: decisions without explanations (--no-explain)', { timeout: 300_000 }, async () => {
    const db = await openDuckDb();
    try {
      const r = await differential(ir, db, { count: 3_000, seed: 15, now: NOW, batchSize: 1_000, explain: false });
      expect(describe(r.differences)).toBe('');
      expect(r.compared).toBeGreaterThan(2_800);
    } finally {
      await db.close();
    }
  });

  it('DuckDB: the outcome rows of evaluate.sql (vigil compile --target sql --explain)', { timeout: 300_000 }, async () => {
    const db = await openDuckDb();
    try {
      const r = await differential(ir, db, { count: 3_000, seed: 14, now: NOW, missing: 0.3, batchSize: 1_000, form: 'rows' });
      expect(describe(r.differences)).toBe('');
      expect(r.compared).toBeGreaterThan(2_800);
    } finally {
      await db.close();
    }
  });

  suite('PostgreSQL', () => {
    const bins = postgresBinaries();
    let server: TestPostgres | undefined;
    beforeAll(() => {
      if ('bin' in bins) server = startPostgres(bins.bin);
    }, 120_000);
    afterAll(() => server?.stop());
    for (const set of SETS) {
      it.skipIf(!('bin' in bins))(`${set.name}, ${N} gen-facts patients${'reason' in bins ? ` (skipped: ${bins.reason})` : ''}`, { timeout: 3_600_000 }, async () => {
        const db = await openPostgres(server!.url);
        try {
          const r = await differential(ruleSet(set.name), db, { count: N, seed: set.pgSeed, now: NOW, batchSize: 5_000 });
          expect(describe(r.differences)).toBe('');
          expect(r.compared).toBe(N - r.skipped);
          expect(r.compared).toBeGreaterThan(N * 0.95);
        } finally {
          await db.close();
        }
      });
    }
    // The explanation texts built in PostgreSQL's SQL; the evaluation time not at midnight, so elapsed days are not whole.
    it.skipIf(!('bin' in bins))(`the outcome rows of evaluate.sql with --explain${'reason' in bins ? ` (skipped: ${bins.reason})` : ''}`, { timeout: 600_000 }, async () => {
      const db = await openPostgres(server!.url);
      try {
        const r = await differential(ir, db, { count: 2_000, seed: 16, now: '2026-11-22T13:17:05.123Z', missing: 0.2, batchSize: 1_000, form: 'rows' });
        expect(describe(r.differences)).toBe('');
        expect(r.compared).toBeGreaterThan(1_900);
      } finally {
        await db.close();
      }
    });
  });
});
