// An `otherwise` rule on DuckDB: it lowers to an ordinary rule, so the SQL back end decides
// as the JS engine does, patient by patient, including the patients whose sibling is
// unknown (the otherwise rule is then not evaluable) and whose sibling is overridden.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import { openDuckDb, runOnDatabase, type SqlDatabase } from '../src/index.js';

const NOW = '2026-01-01T00:00:00Z';
const RULES = `ruleset reintro version "1"
facts {
  injurious_dose: quantity mg/d "Injurious dose"
  candidate: boolean "Reintroduction candidate"
  pregnant: boolean "Pregnant"
  tpmt: enum { normal, low } "TPMT"
}
groups {
  restart_dose "The restart dose"
  by_tpmt "By TPMT"
}
rule RE-HIGH "High" source "s" group restart_dose when candidate and injurious_dose > 50 mg/d then dose azathioprine 50 mg/d
rule RE-MID "Middle" source "s" group restart_dose, by_tpmt when candidate and injurious_dose > 20 mg/d unless tpmt = low then dose azathioprine 20 mg/d
rule RE-LOW "Otherwise" source "s" group restart_dose otherwise when candidate then caution azathioprine
rule T-1 "Other" source "s" group by_tpmt otherwise then advise because "t"
rule PREG "Pregnancy" source "s" overrides RE-HIGH when pregnant then contraindicate azathioprine
`;

let db: SqlDatabase;
beforeAll(async () => {
  db = await openDuckDb({ threads: 1 });
});
afterAll(async () => {
  await db?.close();
});

describe('otherwise on DuckDB', () => {
  it('decides as the JS engine for every combination of present, missing and boundary values', async () => {
    const check = checkText(RULES, '/m/reintro.vigil');
    expect(check.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ir = check.ir!;
    const engine = instantiateEngine(ir);
    const patients: Record<string, unknown>[] = [];
    for (const dose of [undefined, '10 mg/d', '20 mg/d', '50 mg/d', '75 mg/d'])
      for (const candidate of [undefined, true, false])
        for (const pregnant of [undefined, false, true])
          for (const tpmt of [undefined, 'normal', 'low'])
            patients.push(Object.fromEntries(Object.entries({ injurious_dose: dose, candidate, pregnant, tpmt }).filter(([, v]) => v !== undefined)));
    const want = new Map<number, string>();
    let otherwiseFired = 0;
    let otherwiseUnknown = 0;
    async function* records() {
      let i = 0;
      for (const p of patients) {
        i++;
        const v = engine.validateFacts(p);
        if (!v.ok) throw new Error(JSON.stringify(v.issues));
        const r = engine.evaluateValidated!(v.facts, { now: NOW });
        if (r.decisions.some((d) => d.rule === 'RE-LOW')) otherwiseFired++;
        if (r.notEvaluable.some((n) => n.rule === 'RE-LOW')) otherwiseUnknown++;
        want.set(i, JSON.stringify({ decisions: r.decisions, notEvaluable: r.notEvaluable, ...(r.overridden.length > 0 ? { overridden: r.overridden } : {}) }).slice(1, -1));
        yield { record: i, facts: v.facts as Record<string, unknown> };
      }
    }
    const differences: string[] = [];
    await runOnDatabase<never>(ir, db, records(), {
      async result(record, r) {
        const got = r.fields;
        if (got !== want.get(record)) differences.push(`${JSON.stringify(patients[record - 1])}\n  js:  ${want.get(record)}\n  sql: ${got}`);
      },
      async failure() {
        throw new Error('no record fails here');
      },
      async rowError(record, e) {
        differences.push(`${JSON.stringify(patients[record - 1])} not loaded: ${e.field}: ${e.message}`);
      },
    }, { nowMs: Date.parse(NOW), explain: true });
    expect(differences.slice(0, 3)).toEqual([]);
    // Not vacuous: the otherwise rule both fires and is not evaluable for some patients.
    expect(otherwiseFired).toBeGreaterThan(0);
    expect(otherwiseUnknown).toBeGreaterThan(0);
  });
});
