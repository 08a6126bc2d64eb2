// Titration and taper schedules on DuckDB and PostgreSQL: the decision's dose carries the
// schedule (direction, start, step and limit exactly in the drug's unit, the interval and the
// number of steps to the limit) as the JS engine writes it; a rule whose step reads a missing
// fact is not evaluable, naming it. Every record equals the JS engine's, in both query forms.
import { describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { compileQuery, compileSummaryQuery, DUCKDB, POSTGRES, type SqlDatabase } from '../src/index.js';
import { differences } from './support/agree.js';
import { onEachEngine } from './support/engines.js';

const RULES = `ruleset t version "1"
facts {
  flag: boolean
  weight: quantity kg range 0.3 kg to 400 kg
  step_size: quantity mg/d range 0.1 mg/d to 100 mg/d
}
rule R-1 "titrate" source "s" when flag then dose aza start 1 mg/kg/d * weight, increase by 0.5 mg/kg/d * weight every 4 wk to 2.5 mg/kg/d * weight
rule R-2 "taper" source "s" when not flag then dose pred start 30 mg/d, decrease by 7 mg/d every 1 wk to 10 mg/d
rule R-3 "step read from a fact" source "s" when flag then dose mtx start 7.5 mg/d, increase by step_size every 2 wk to 25 mg/d then monitor cbc every 1 wk
rule R-4 "weight taper" source "s" when flag and weight > 50 kg then dose pred start 1 mg/kg/d * weight, decrease by 0.3 mg/kg/d * weight every 3 d to 0.1 mg/kg/d * weight
`;
const ir = checkText(RULES, '/m/t.vigil').ir!;

function patients(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const flag of [undefined, true, false])
    for (const weight of [undefined, 3.5, 70, 70.5, '123.4 kg', '70500 g'])
      for (const step_size of [undefined, 0.5, 7, 2.25, '17500 ug/d']) {
        const p: Record<string, unknown> = { flag, weight, step_size };
        for (const k of Object.keys(p)) if (p[k] === undefined) delete p[k];
        out.push(p);
      }
  return out;
}

async function agrees(db: SqlDatabase): Promise<void> {
  const { differences: diff, js } = await differences(db, ir, patients(), '2026-01-01T00:00:00Z');
  expect(diff.slice(0, 3)).toEqual([]);
  // Not vacuous: a weight-based titration, a taper, a step from a fact, a step missing.
  expect(js.some((r) => r.includes('"titration":{"direction":"increase","start":"70.5","step":"35.25","limit":"176.25","every":"4 wk","everyDays":28,"steps":3}'))).toBe(true);
  expect(js.some((r) => r.includes('"titration":{"direction":"decrease","start":"30","step":"7","limit":"10","every":"1 wk","everyDays":7,"steps":3}'))).toBe(true);
  expect(js.some((r) => r.includes('"step":"2.25","limit":"25","every":"2 wk"'))).toBe(true);
  expect(js.some((r) => r.includes('{"rule":"R-3","title":"step read from a fact","missing":["step_size"]}'))).toBe(true);
}

describe('titrations in the SQL back end', () => {
  it('compiles in both forms, no longer refused', () => {
    for (const dialect of [DUCKDB, POSTGRES]) for (const compile of [compileQuery, compileSummaryQuery]) expect(() => compile(ir, dialect)).not.toThrow();
  });

  onEachEngine({ 'reports the schedule as the JS engine does': agrees });
});
