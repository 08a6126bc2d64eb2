// Runs a rule set over a few patients on the JS engine and on a SQL database, in both query
// forms (the summary `vigil run` reads and the outcome rows of evaluate.sql), and returns
// every record where the two differ, with the patient and both texts. Decisions are compared
// with their explanations (as `vigil run` writes them by default).
import type { IrProgram } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import { runOnDatabase, type SqlDatabase } from '../../src/index.js';

/** A result as the fields of its NDJSON record after `record`, as `vigil run` writes them. */
export function fieldsOf(r: { decisions: unknown; notEvaluable: unknown; overridden: readonly unknown[] }): string {
  return JSON.stringify({ decisions: r.decisions, notEvaluable: r.notEvaluable, ...(r.overridden.length > 0 ? { overridden: r.overridden } : {}) }).slice(1, -1);
}

export async function differences(db: SqlDatabase, ir: IrProgram, patients: readonly Record<string, unknown>[], now: string): Promise<{ differences: string[]; js: string[] }> {
  const engine = instantiateEngine(ir);
  const nowMs = Date.parse(now);
  const js: string[] = [];
  const out: string[] = [];
  for (const form of ['summary', 'rows'] as const) {
    const want = new Map<number, string>();
    async function* records() {
      let i = 0;
      for (const p of patients) {
        i++;
        const v = engine.validateFacts(p);
        if (!v.ok) throw new Error(`patient ${JSON.stringify(p)} is not valid: ${JSON.stringify(v.issues)}`);
        const w = fieldsOf(engine.evaluateValidated!(v.facts, { now: nowMs }));
        want.set(i, w);
        if (form === 'summary') js.push(w);
        yield { record: i, facts: v.facts as Record<string, unknown> };
      }
    }
    await db.execute('DROP TABLE IF EXISTS vigil_facts_run');
    await runOnDatabase<never>(ir, db, records(), {
      async result(record, r) {
        if (r.fields !== want.get(record)) out.push(`patient ${JSON.stringify(patients[record - 1])} (${db.dialect.name}, ${form})\n  js:  ${want.get(record)}\n  sql: ${r.fields}`);
      },
      async failure() {
        throw new Error('no record fails here');
      },
      async rowError(record, e) {
        out.push(`patient ${JSON.stringify(patients[record - 1])} not loaded (${db.dialect.name}): ${e.field}: ${e.message}`);
      },
    }, { nowMs, form, explain: true });
  }
  return { differences: out, js };
}
