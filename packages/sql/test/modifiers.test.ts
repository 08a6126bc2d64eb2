// Schedule modifiers (`tightens monitor … twice as often`) are not run by the SQL back end:
// both query forms refuse them by the known-fields check, naming the rule and the field,
// rather than report the untightened schedule.
import { describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { compileQuery, compileSummaryQuery, DUCKDB, POSTGRES } from '../src/index.js';

const ir = checkText(`ruleset t version "1"
facts { flag: boolean
  interacting: boolean }
rule MON "monitor" source "s" when flag then monitor cbc every 3 to 6 mo
rule INT "interaction" source "s" tightens monitor cbc of MON twice as often when interacting then caution aza
`, '/m/t.vigil').ir!;

describe('a schedule modifier', () => {
  it('is refused by both query forms, naming the rule and the tightens field', () => {
    for (const dialect of [DUCKDB, POSTGRES]) {
      for (const compile of [compileQuery, compileSummaryQuery]) {
        expect(() => compile(ir, dialect)).toThrow('rule "INT": the SQL back end does not know the rule field "tightens"; run this rule set with the JS engine');
      }
    }
  });
});

describe('a one-off window', () => {
  const win = checkText(`ruleset t version "1"
facts { flag: boolean }
rule WIN "window" source "s" when flag then monitor lft after 2 to 3 wk
`, '/m/t.vigil').ir!;
  it('is refused by both query forms, naming the rule and the window field', () => {
    for (const dialect of [DUCKDB, POSTGRES]) {
      for (const compile of [compileQuery, compileSummaryQuery]) {
        expect(() => compile(win, dialect)).toThrow('rule "WIN": the SQL back end does not know the action field "window"; run this rule set with the JS engine');
      }
    }
  });
});
