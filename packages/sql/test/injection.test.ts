// Rule text, value-set codes and fact names with quotes, backslashes, semicolons, comment
// markers and `$$` reach the generated SQL only through quoteIdent/quoteLiteral: they come
// back as data, the statement around them stays whole, and decisions equal the JS engine's,
// with their explanations: the texts quote fact names, enum members and codes made of them,
// built in SQL (the outcome rows) and from the summary's values.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IrProgram } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import { action, cmp, f, fact, includes, isIn, program, q, rule, T, term, truth, valueSet } from '@vigil/core/test';
import { compileQuery, DUCKDB, openDuckDb, openPostgres, POSTGRES, quoteIdent, quoteLiteral, runOnDatabase, SqlCompileError, type SqlDatabase } from '../src/index.js';
import { postgresBinaries, startPostgres, type TestPostgres } from './support/postgres.js';

const NASTY = ["'", '"', '\\', ';', '$$', '$1', '--', '/*', '*/', "'); DROP TABLE vigil_facts_run; --", '"; DROP TABLE x; --', 'é', ' ', '\n', '\u{1F600}', 'E\'\\\''];
const nasty = fc.array(fc.constantFrom(...NASTY), { minLength: 1, maxLength: 6 }).map((p) => p.join(''));

function nastyProgram(s: string): IrProgram {
  const flag = `flag${s}`;
  const level = `level${s}`;
  const dose = `dose${s}`;
  const meds = `meds${s}`;
  const member = `m${s}`;
  const started = `started${s}`;
  // An anchored schedule, a titration whose step reads a fact, and a single-action override, all named with s.
  const monitor = action('monitor', [`cbc${s}`], {
    schedule: [{ everyDays: '7', every: `1 wk${s}`, bound: { kind: 'for', days: '30.4375', text: `1 mo${s}` } }, { everyDays: '30.4375', every: '1 mo' }],
    anchor: { fact: started, type: 'date' },
  });
  const titrate = action('dose', [`aza${s}`], {
    dose: { low: q('10', 'mg'), high: q('30', 'mg'), unit: 'mg', ofStandard: false, titration: { direction: 'increase', step: f(dose, T.quantity('mg')), everyDays: '7', every: `1 wk${s}`, text: s } },
  });
  return program({
    name: `set${s}`,
    facts: [fact(flag, T.boolean), fact(level, T.enum(`a${s}`, `b${s}`)), fact(dose, T.quantity('mg'), { units: { g: '1000' } }), fact(meds, T.set(T.code)), fact(started, T.date)],
    valueSets: [valueSet(`vs${s}`, [term(member, `sys:${s}`)], s)],
    rules: [
      rule(`R1${s}`, { title: s, sources: [s], when: truth(f(flag, T.boolean)), actions: [action('advise', [], { message: s }), action('caution', [`target${s}`], { message: `t${s}` }), monitor, titrate] }),
      rule(`R2${s}`, { title: `two${s}`, when: isIn(f(level, T.enum(`a${s}`, `b${s}`)), [`a${s}`]) }),
      rule(`R3${s}`, { title: `three${s}`, when: cmp(f(dose, T.quantity('mg')), '>=', q('2.5', 'mg')) }),
      rule(`R4${s}`, { title: `four${s}`, when: includes(f(meds, T.set(T.code)), [term(member, `sys:${s}`)]), overrides: [`R1${s}`] }),
      { ...rule(`R5${s}`, { title: `five${s}`, when: isIn(f(level, T.enum(`a${s}`, `b${s}`)), [`b${s}`]) }), overrideActions: [{ rule: `R1${s}`, actions: [1, 3] }] },
    ],
  });
}

async function agrees(db: SqlDatabase, ir: IrProgram, inputs: readonly Record<string, unknown>[], form: 'summary' | 'rows'): Promise<string[]> {
  const engine = instantiateEngine(ir);
  const want: string[] = [];
  const got: string[] = [];
  async function* records() {
    let i = 0;
    for (const input of inputs) {
      const v = engine.validateFacts(input);
      if (!v.ok) throw new Error(JSON.stringify(v.issues));
      const r = engine.evaluateValidated!(v.facts, { now: '2026-01-01T00:00:00Z' });
      want.push(fieldsOf(r));
      yield { record: ++i, facts: v.facts as Record<string, unknown> };
    }
  }
  await runOnDatabase<never>(ir, db, records(), {
    async result(_, r) {
      got.push(r.fields);
    },
    async failure() {},
    async rowError(_, e) {
      got.push(e.message);
    },
  }, { nowMs: Date.parse('2026-01-01T00:00:00Z'), form, explain: true });
  expect(got).toEqual(want);
  // Not vacuous: the nasty names are quoted in explanations.
  expect(want.join('\n')).toContain('"explanation":[{"atom":');
  return want;
}

/** A result as the fields of its NDJSON record after `record`. */
function fieldsOf(r: { decisions: unknown; notEvaluable: unknown; overridden: readonly unknown[] }): string {
  return JSON.stringify({ decisions: r.decisions, notEvaluable: r.notEvaluable, ...(r.overridden.length > 0 ? { overridden: r.overridden } : {}) }).slice(1, -1);
}

function patients(s: string): Record<string, unknown>[] {
  return [
    {},
    { [`flag${s}`]: true },
    { [`flag${s}`]: true, [`level${s}`]: `a${s}`, [`dose${s}`]: '0.0025 g', [`meds${s}`]: [`SYS:${s}`], [`started${s}`]: '2025-12-01' },
    { [`level${s}`]: `b${s}`, [`dose${s}`]: 2, [`meds${s}`]: [`sys:${s}`, 'other'] },
    { [`meds${s}`]: ['x:y'] },
    { [`flag${s}`]: true, [`level${s}`]: `b${s}`, [`dose${s}`]: 5, [`started${s}`]: '2024-02-29' },
    { [`flag${s}`]: true, [`dose${s}`]: 5, [`started${s}`]: '2025-01-31' },
  ];
}

describe('SQL quoting', () => {
  it('identifiers and literals come back as the text they quote', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await fc.assert(
        fc.asyncProperty(nasty, async (s) => {
          await conn.run(`CREATE TABLE ${quoteIdent(s)} (${quoteIdent(`c${s}`)} VARCHAR)`);
          await conn.run(`INSERT INTO ${quoteIdent(s)} VALUES (${quoteLiteral(s)})`);
          const r = await conn.runAndReadAll(`SELECT ${quoteIdent(`c${s}`)}, ${quoteLiteral(s)} FROM ${quoteIdent(s)}`);
          expect(r.getRowsJS()).toEqual([[s, s]]);
          await conn.run(`DROP TABLE ${quoteIdent(s)}`);
        }),
        { numRuns: 40 },
      );
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  it('refuses NUL, which PostgreSQL text cannot hold', () => {
    expect(() => quoteLiteral('a\u0000b')).toThrow(SqlCompileError);
    expect(() => quoteIdent('a\u0000b')).toThrow(SqlCompileError);
    expect(quoteLiteral("it's \\ $$;")).toBe("'it''s \\ $$;'");
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });

  it('rule text, codes and fact names never leave their literals (DuckDB)', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(nasty, async (s) => {
        const ir = nastyProgram(s);
        const select = compileQuery(ir, DUCKDB).select;
        // Every nasty string sits inside a quoted literal or identifier.
        expect(select.includes('DROP TABLE x')).toBe(s.includes('DROP TABLE x'));
        const db = await openDuckDb();
        try {
          await db.execute('DROP TABLE IF EXISTS vigil_facts_run');
          const want = (await agrees(db, ir, patients(s), 'summary')).join('\n');
          await db.execute('DROP TABLE IF EXISTS vigil_facts_run');
          await agrees(db, ir, patients(s), 'rows');
          // Not vacuous: a dated schedule, a titration and a single action overridden.
          expect(want).toContain('"anchor":{');
          expect(want).toContain('"titration":{');
          expect(want).toContain('"actions":[{"index":1,');
        } finally {
          await db.close();
        }
      }),
      { numRuns: 25 },
    );
  });

  describe('PostgreSQL', () => {
    const bins = postgresBinaries();
    let server: TestPostgres | undefined;
    beforeAll(() => {
      if ('bin' in bins) server = startPostgres(bins.bin);
    }, 120_000);
    afterAll(() => server?.stop());
    it.skipIf(!('bin' in bins))('rule text, codes and fact names never leave their literals (PostgreSQL)', { timeout: 300_000 }, async () => {
      expect(compileQuery(nastyProgram("'"), POSTGRES).select).toContain("'''");
      await fc.assert(
        fc.asyncProperty(nasty, async (s) => {
          const db = await openPostgres(server!.url);
          try {
            await agrees(db, nastyProgram(s), patients(s), 'summary');
            await db.execute('DROP TABLE IF EXISTS vigil_facts_run');
            await agrees(db, nastyProgram(s), patients(s), 'rows');
          } finally {
            await db.close();
          }
        }),
        { numRuns: 15 },
      );
    });
  });
});
