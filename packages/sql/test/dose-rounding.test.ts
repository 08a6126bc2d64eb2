// Doses rounded for display (`rounded to 25 mg/d`) on DuckDB and PostgreSQL: the exact dose
// from the query, and the multiples shown with the engine's sentence (a range shrunk to the
// multiples inside it, one dose to the nearest, none when no multiple fits), as the JS
// engine writes them. Every record equals the JS engine's, in both query forms.
import { describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { compileQuery, compileSummaryQuery, DUCKDB, POSTGRES, type SqlDatabase } from '../src/index.js';
import { differences } from './support/agree.js';
import { onEachEngine } from './support/engines.js';

const RULES = `ruleset t version "1"
facts {
  weight: quantity kg range 0.3 kg to 400 kg
  tpmt: enum { normal, intermediate }
  allopurinol: boolean
  injurious_dose: quantity mg/d range 0 mg/d to 1000 mg/d
}
define standard azathioprine = 2 mg/kg/d * weight
rule STD "standard" source "s" when tpmt = normal then dose azathioprine 2 mg/kg/d * weight rounded to 25 mg/d
rule INT "intermediate" source "s" when tpmt = intermediate then dose azathioprine 30% to 70% of standard rounded to 0.025 g/d
rule XO "allopurinol" source "s" when allopurinol then dose azathioprine 1 / 4 to 1 / 3 of standard rounded to 25 mg/d
rule BELOW "below" source "s" when injurious_dose > 10 mg/d then dose azathioprine 10 mg/d to below injurious_dose rounded to 25 mg/d
`;
const ir = checkText(RULES, '/m/t.vigil').ir!;

function patients(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const weight of [undefined, 3.5, 6, 6.25, 60, 70.5, '123.4 kg'])
    for (const tpmt of [undefined, 'normal', 'intermediate'])
      for (const allopurinol of [undefined, true])
        for (const injurious_dose of [undefined, 20, 35, 50, 150]) {
          const p: Record<string, unknown> = { weight, tpmt, allopurinol, injurious_dose };
          for (const k of Object.keys(p)) if (p[k] === undefined) delete p[k];
          out.push(p);
        }
  return out;
}

async function agrees(db: SqlDatabase): Promise<void> {
  const { differences: diff, js } = await differences(db, ir, patients(), '2026-01-01T00:00:00Z');
  expect(diff.slice(0, 3)).toEqual([]);
  // Not vacuous: a range shrunk to multiples, one dose to the nearest, no multiple at all.
  const all = js.join('\n');
  expect(all).toContain('"rounded":{"step":"25","low":"50","high":"75","text":"50 to 75 mg/d (multiples of 0.025 g/d within 36 to 84 mg/d)"}');
  expect(all).toContain('the multiple of 25 mg/d nearest to');
  expect(all).toContain('no multiple to show');
  expect(all).toContain('lies within');
  expect(all).toContain(' to below ');
}

describe('doses rounded for display in the SQL back end', () => {
  it('compiles in both forms, no longer refused', () => {
    for (const dialect of [DUCKDB, POSTGRES]) for (const compile of [compileQuery, compileSummaryQuery]) expect(() => compile(ir, dialect)).not.toThrow();
  });

  onEachEngine({ 'shows the multiples as the JS engine does': agrees });
});
