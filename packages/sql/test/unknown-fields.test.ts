// A construct the SQL back end does not know (a rule, action or dose field added to the
// IR after it) is refused by both query forms, naming the rule and the field, rather than
// run with decisions that lack what the engine writes for it.
import { describe, expect, it } from 'vitest';
import { checkText, type IrProgram } from '@vigil/core';
import { compileQuery, compileSummaryQuery, DUCKDB, POSTGRES } from '../src/index.js';

const ir = checkText(`ruleset t version "1"
facts { tpmt: enum { normal, low } }
rule DOSE "dose" source "s" when tpmt = normal then dose azathioprine 50 mg/d
`, '/m/t.vigil').ir!;

function withField(where: 'rule' | 'action' | 'dose'): IrProgram {
  const r = ir.rules[0]!;
  const a = r.actions[0]!;
  const rule =
    where === 'rule' ? { ...r, table: { rows: [] } } : where === 'action' ? { ...r, actions: [{ ...a, gap: 3 }] } : { ...r, actions: [{ ...a, dose: { ...a.dose!, taper: [] } }] };
  return { ...ir, rules: [rule as IrProgram['rules'][number]] };
}

describe('fields the SQL back end does not know', () => {
  it('compiles the rule set as it is', () => {
    expect(compileSummaryQuery(ir, DUCKDB).select).toContain('SELECT');
  });
  for (const [where, field] of [['rule', 'table'], ['action', 'gap'], ['dose', 'taper']] as const) {
    it(`refuses an unknown ${where} field`, () => {
      for (const dialect of [DUCKDB, POSTGRES]) {
        for (const compile of [compileQuery, compileSummaryQuery]) {
          expect(() => compile(withField(where), dialect)).toThrow(`rule "DOSE": the SQL back end does not know the ${where} field "${field}"`);
        }
      }
    });
  }
});
