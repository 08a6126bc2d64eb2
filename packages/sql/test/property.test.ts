// A property: for small random rule sets (rule text through the real checker) and random
// patients, DuckDB decides as the JS engine, patient by patient and rule by rule. The
// rules draw on every fact type the back end loads (quantities with thresholds, another
// accepted unit and `x uln` ratios, enums, booleans, codes in sets, dates against `ago`
// and `within`), missing facts, `not`, `and`, `or`, `unless`, whole-rule overrides,
// single-action overrides (`overrides dose of R0`), absolute, weight-based and ranged doses,
// doses rounded for display, titrations and tapers, and monitoring schedules dated from a date fact; patients leave
// facts out at random. Decisions are compared with their explanations (atoms and texts,
// dose calculations); explanations.test.ts covers their datetimes and texts.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkText, hasErrors, type IrProgram } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import { openDuckDb, runOnDatabase, type SqlDatabase } from '../src/index.js';

const NOW = '2026-01-01T00:00:00Z';
const NOW_MS = Date.parse(NOW);

const FACTS = `facts {
  wbc: quantity 10*9/L range 0 10*9/L to 500 10*9/L "White cells"
  alt: quantity U/L range 0 U/L to 50000 U/L uln "ALT"
  weight: quantity kg range 0.3 kg to 400 kg "Weight"
  tpmt: enum { normal, low, absent } "TPMT"
  pregnant: boolean "Pregnant"
  meds: set of code "Medications"
  last_cbc: date "Last blood count"
}

valueset xoi "Xanthine oxidase inhibitors" {
  allopurinol rxnorm "519",
  febuxostat rxnorm "73689"
}

valueset thiopurines "Thiopurines" {
  mercaptopurine atc "L01BB02"
}
`;

// Thresholds in hundredths, so that patients can sit on them, just below and just above.
const WBC = [150, 300, 350, 1000];
const ALT_RATIO = ['1', '2', '3', '1.5'];
const OPS = ['<', '<=', '>', '>=', '=', '!='] as const;

const hundredths = (k: number) => (k / 100).toFixed(2);

const atom: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...OPS), fc.constantFrom(...WBC)).map(([op, k]) => `wbc ${op} ${hundredths(k)} 10*9/L`),
  fc.tuple(fc.constantFrom('<', '>', '>='), fc.constantFrom(...ALT_RATIO)).map(([op, r]) => `alt ${op} ${r} x uln`),
  fc.tuple(fc.constantFrom('>', '<'), fc.constantFrom(40, 70, 100)).map(([op, w]) => `weight ${op} ${w} kg`),
  fc.subarray(['normal', 'low', 'absent'], { minLength: 1, maxLength: 2 }).map((v) => `tpmt in { ${v.join(', ')} }`),
  fc.constantFrom('tpmt = normal', 'tpmt != absent'),
  fc.constant('pregnant'),
  fc.constantFrom('meds includes { xoi }', 'meds includes { allopurinol }', 'meds includes { thiopurines, febuxostat }'),
  fc.constantFrom('last_cbc more than 30 d ago', 'last_cbc within 2 wk', 'last_cbc more than 12 wk ago'),
  fc.constantFrom('wbc', 'alt', 'alt.uln', 'tpmt', 'pregnant', 'meds', 'last_cbc', 'weight').chain((x) => fc.constantFrom(`${x} is missing`, `${x} is present`)),
);

const condition: fc.Arbitrary<string> = fc.letrec<{ c: string }>((tie) => ({
  c: fc.oneof({ depthSize: 'small', withCrossShrink: true }, atom, fc.tuple(tie('c'), fc.constantFrom('and', 'or'), tie('c')).map(([a, op, b]) => `(${a} ${op} ${b})`), tie('c').map((a) => `not (${a})`)),
})).c;

const act: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('caution azathioprine because "c"', 'contraindicate azathioprine because "x"', 'order { tpmt, cbc }', 'monitor cbc every 4 wk because "m"', 'advise because "a"'),
  fc.constantFrom(25, 50, 150).map((d) => `dose azathioprine ${d} mg/d because "d"`),
  fc.constantFrom('1', '2', '2.5', '0.75').map((d) => `dose azathioprine ${d} mg/kg/d * weight because "w"`),
  fc.constant('dose azathioprine 1.5 mg/kg/d * weight to 2.5 mg/kg/d * weight because "r"'),
  fc.constantFrom('dose azathioprine 2 mg/kg/d * weight rounded to 25 mg/d', 'dose azathioprine 1.5 mg/kg/d * weight to 2.5 mg/kg/d * weight rounded to 50 mg/d'),
  fc.constantFrom('dose azathioprine start 1 mg/kg/d * weight, increase by 0.5 mg/kg/d * weight every 4 wk to 2.5 mg/kg/d * weight', 'dose prednisone start 30 mg/d, decrease by 7 mg/d every 1 wk to 10 mg/d'),
  fc.constantFrom('monitor cbc every 1 wk for 1 mo, then every 1 mo from last_cbc', 'monitor cbc every 1 to 2 wk for 3 to 6 mo, then every 3 mo from last_cbc'),
);

// Whole-rule overrides, or single actions (`overrides dose of R0`) of a rule with two actions.
const overrideSpec = fc.record({ rule: fc.nat(), what: fc.constantFrom('whole', 'first', 'last') });
const ruleSpec = fc.record({
  when: condition,
  unless: fc.option(condition, { freq: 3 }),
  actions: fc.array(act, { minLength: 1, maxLength: 2 }),
  overrides: fc.option(overrideSpec, { freq: 3 }),
});

function ruleText(specs: readonly { when: string; unless: string | null; actions: readonly string[]; overrides: { rule: number; what: string } | null }[]): string {
  const rules = specs.map((s, i) => {
    // A rule may override only an earlier one, so overrides never form a cycle; a single
    // action is named by the verb of the target's first or last action.
    let target = '';
    if (s.overrides !== null && i > 0) {
      const k = s.overrides.rule % i;
      const acts = specs[k]!.actions;
      const verb = s.overrides.what === 'whole' ? '' : `${acts[s.overrides.what === 'first' ? 0 : acts.length - 1]!.split(' ')[0]!} of `;
      target = `\n  overrides ${verb}R${k}`;
    }
    return `rule R${i} "rule ${i}"\n  source "s"${target}\n  when ${s.when}${s.unless ? `\n  unless ${s.unless}` : ''}${s.actions.map((a) => `\n  then ${a}`).join('')}\n`;
  });
  return `ruleset prop version "1"\n\n${FACTS}\n${rules.join('\n')}`;
}

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { freq: 4, nil: undefined });
const patient = fc
  .record({
    wbc: maybe(fc.tuple(fc.constantFrom(...WBC), fc.constantFrom(-1, 0, 1, 37), fc.boolean()).map(([k, d, uL]) => (uL ? `${(k + d) * 10} /uL` : `${hundredths(k + d)} 10*9/L`))),
    alt: maybe(fc.tuple(fc.integer({ min: 10, max: 400 }), fc.option(fc.constantFrom(20, 40, 50), { nil: undefined })).map(([v, uln]) => ({ v, uln }))),
    weight: maybe(fc.constantFrom(3.5, 40, 70, 70.5, 100, 120)),
    tpmt: maybe(fc.constantFrom('normal', 'low', 'absent')),
    pregnant: maybe(fc.boolean()),
    meds: maybe(fc.subarray(['allopurinol', 'rxnorm:73689', 'mercaptopurine', 'ATC:L01BB02', 'atc:L04AX01'])),
    last_cbc: maybe(fc.constantFrom(0, 13, 14, 15, 29, 30, 31, 83, 84, 85, 200).map((days) => new Date(NOW_MS - days * 86_400_000).toISOString().slice(0, 10))),
  })
  .map((p) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(p)) {
      if (v === undefined) continue;
      if (k === 'alt') {
        const a = v as { v: number; uln: number | undefined };
        out.alt = `${a.v} U/L`;
        if (a.uln !== undefined) out.alt_uln = `${a.uln} U/L`;
      } else out[k] = v;
    }
    return out;
  });

let db: SqlDatabase;
/** What the JS engine decided over the whole run: the property must not hold vacuously. */
const seen = { decisions: 0, notEvaluable: 0, overridden: 0, anchored: 0, actionsOverridden: 0, titrations: 0 };
beforeAll(async () => {
  db = await openDuckDb({ threads: 1 });
});
afterAll(async () => {
  await db?.close();
});

async function compare(ir: IrProgram, patients: readonly Record<string, unknown>[], form: 'summary' | 'rows'): Promise<string[]> {
  const engine = instantiateEngine(ir);
  const want = new Map<number, string>();
  const differences: string[] = [];
  async function* records() {
    let i = 0;
    for (const p of patients) {
      i++;
      const v = engine.validateFacts(p);
      if (!v.ok) throw new Error(`patient ${JSON.stringify(p)} is not valid: ${JSON.stringify(v.issues)}`);
      const r = engine.evaluateValidated!(v.facts, { now: NOW });
      want.set(i, JSON.stringify({ decisions: r.decisions, notEvaluable: r.notEvaluable, ...(r.overridden.length > 0 ? { overridden: r.overridden } : {}) }).slice(1, -1));
      if (form === 'summary') {
        seen.decisions += r.decisions.length;
        seen.notEvaluable += r.notEvaluable.length;
        seen.overridden += r.overridden.length;
        seen.anchored += r.decisions.filter((d) => d.anchor !== undefined).length;
        seen.actionsOverridden += r.overridden.filter((o) => 'actions' in o).length;
        seen.titrations += r.decisions.filter((d) => d.dose?.titration !== undefined).length;
      }
      yield { record: i, facts: v.facts as Record<string, unknown> };
    }
  }
  // Each rule set has its own facts table: the previous one goes.
  await db.execute('DROP TABLE IF EXISTS vigil_facts_run');
  await runOnDatabase<never>(ir, db, records(), {
    async result(record, r) {
      const got = r.fields;
      if (got !== want.get(record)) differences.push(`patient ${JSON.stringify(patients[record - 1])} (${form})\n  js:  ${want.get(record)}\n  sql: ${got}`);
    },
    async failure() {
      throw new Error('no record fails here');
    },
    async rowError(record, e) {
      differences.push(`patient ${JSON.stringify(patients[record - 1])} not loaded: ${e.field}: ${e.message}`);
    },
  }, { nowMs: NOW_MS, form, explain: true });
  return differences;
}

describe('random rule sets decide alike on DuckDB and the JS engine', () => {
  it('40 rule sets of 1 to 5 rules, 30 patients each', { timeout: 120_000 }, async () => {
    let decided = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(ruleSpec, { minLength: 1, maxLength: 5 }), fc.array(patient, { minLength: 30, maxLength: 30 }), async (specs, patients) => {
        const text = ruleText(specs);
        const check = checkText(text);
        const errors = check.diagnostics.filter((d) => d.severity === 'error');
        if (hasErrors(check.diagnostics) || !check.ir) throw new Error(`the generated rule set has errors:\n${errors.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('\n')}\n${text}`);
        // Both forms: the summary `vigil run` reads and the outcome rows of evaluate.sql.
        const differences = [...(await compare(check.ir, patients, 'summary')), ...(await compare(check.ir, patients, 'rows'))];
        if (differences.length > 0) throw new Error(`${text}\n${differences.slice(0, 3).join('\n')}`);
        decided += patients.length;
      }),
      { numRuns: 40, seed: 20261207 },
    );
    expect(decided).toBe(40 * 30);
    expect(seen.decisions).toBeGreaterThan(200);
    expect(seen.notEvaluable).toBeGreaterThan(100);
    expect(seen.overridden).toBeGreaterThan(5);
    expect(seen.anchored).toBeGreaterThan(20);
    expect(seen.actionsOverridden).toBeGreaterThan(10);
    expect(seen.titrations).toBeGreaterThan(20);
  });
});
