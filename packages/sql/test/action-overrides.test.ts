// Single-action overrides (`overrides dose of GROUP`) have no SQL form: the query compiler
// refuses them by name rather than showing a suppressed dose; group overrides of whole
// rules lower to rule ids and compile as before.
import { describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { compileQuery, DUCKDB, POSTGRES, SqlCompileError } from '../src/index.js';

const base = `ruleset t version "1"
facts { tpmt: enum { normal, low } xo: boolean }
groups { aza_use }
rule DOSE "dose" source "s" group aza_use when tpmt = normal then dose azathioprine 50 mg/d then monitor cbc every 1 wk
`;

describe('overrides in the SQL back end', () => {
  it('refuses a rule set that overrides single actions, naming the rule', () => {
    const ir = checkText(`${base}rule XO "xo" source "s" overrides dose of aza_use when xo then contraindicate azathioprine\n`, '/m/t.vigil').ir!;
    for (const dialect of [DUCKDB, POSTGRES]) {
      expect(() => compileQuery(ir, dialect)).toThrow(SqlCompileError);
      expect(() => compileQuery(ir, dialect)).toThrow('rule "XO" overrides single actions of "DOSE"');
    }
  });
  it('compiles a group override of whole rules', () => {
    const ir = checkText(`${base}rule LOW "low" source "s" overrides aza_use when tpmt = low then contraindicate azathioprine\n`, '/m/t.vigil').ir!;
    expect(compileQuery(ir, DUCKDB).select).toContain('SELECT');
  });
});

describe('titration schedules in the SQL back end', () => {
  it('refuses a rule set with a titration, naming the rule and the schedule', () => {
    const ir = checkText(`${base}rule TIT "titrate" source "s" when xo then dose pred start 10 mg/d, increase by 5 mg/d every 1 wk to 30 mg/d\n`, '/m/t.vigil').ir!;
    for (const dialect of [DUCKDB, POSTGRES]) {
      expect(() => compileQuery(ir, dialect)).toThrow(SqlCompileError);
      expect(() => compileQuery(ir, dialect)).toThrow('rule "TIT": the SQL back end does not know the dose field "titration"; run this rule set with the JS engine');
    }
  });
});
