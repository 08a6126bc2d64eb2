// The differential check shared by the tests and the 100,000-patient script: gen-facts
// patients through the JS engine and through a SQL engine, compared patient by patient
// (decisions, with their explanations unless `explain: false`, not-evaluable rules with
// their missing facts, overrides). Returns the first differences, each naming the patient.
import { instantiateEngine } from '@vigil/compiler';
import type { IrProgram } from '@vigil/core';
import { planFacts, patientGenerator } from '../../src/batch/generate.js';
import { runOnDatabase, type SqlDatabase } from '@vigil/sql';

export interface Difference {
  readonly patient: number;
  readonly facts: unknown;
  readonly js: string;
  readonly sql: string;
}

export async function differential(ir: IrProgram, db: SqlDatabase, options: { count: number; seed: number; now: string; missing?: number; batchSize?: number; form?: 'summary' | 'rows'; explain?: boolean }): Promise<{ compared: number; differences: Difference[]; skipped: number }> {
  const engine = instantiateEngine(ir);
  const next = patientGenerator(planFacts(ir), { seed: options.seed, now: new Date(options.now), ...(options.missing !== undefined ? { missing: options.missing } : {}) });
  const nowMs = Date.parse(options.now);
  const explain = options.explain !== false;
  const inputs = new Map<number, unknown>();
  const expected = new Map<number, string>();
  const differences: Difference[] = [];
  let compared = 0;
  let skipped = 0;
  async function* records() {
    for (let i = 1; i <= options.count; i++) {
      const input = next();
      const v = engine.validateFacts(input);
      if (!v.ok) {
        skipped++;
        continue;
      }
      const r = engine.evaluateValidated!(v.facts, { now: options.now, explain });
      const line: Record<string, unknown> = { decisions: r.decisions, notEvaluable: r.notEvaluable };
      if (r.overridden.length > 0) line.overridden = r.overridden;
      expected.set(i, JSON.stringify(line));
      inputs.set(i, input);
      yield { record: i, facts: v.facts as Record<string, unknown> };
    }
  }
  await runOnDatabase<never>(
    ir,
    db,
    records(),
    {
      async result(record, r) {
        const got = `{${r.fields}}`;
        const want = expected.get(record)!;
        compared++;
        if (got !== want && differences.length < 5) differences.push({ patient: record, facts: inputs.get(record), js: want, sql: got });
        expected.delete(record);
        inputs.delete(record);
      },
      async failure() {
        throw new Error('no record fails here');
      },
      async rowError(record, e) {
        if (differences.length < 5) differences.push({ patient: record, facts: inputs.get(record), js: expected.get(record)!, sql: `not loaded: ${e.field}: ${e.message}` });
      },
    },
    { nowMs, explain, ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}), ...(options.form ? { form: options.form } : {}) },
  );
  return { compared, differences, skipped };
}

export function describe(d: readonly Difference[]): string {
  return d.map((x) => `patient ${x.patient}: ${JSON.stringify(x.facts)}\n  js:  ${x.js}\n  sql: ${x.sql}`).join('\n');
}
