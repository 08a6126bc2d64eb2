import { describe, expect, it } from 'vitest';
import { runLogicRule } from '../../../test-support/analysis.js';
import { checkExpression, checkText, EXPRESSION_URI } from '../../pipeline.js';
import { BASE_FACTS } from '../../../test-support/markers.js';
import { unreachableRule } from './unreachable-rule.js';

describe('unreachable-rule', () => {
  it('reports a rule whose condition no patient satisfies, with the reason', () => {
    const r = runLogicRule(unreachableRule, `
rule <|R-1|> "x" source "s" when wbc < 2 10*9/L and wbc > 3 10*9/L then caution azathioprine
rule R-2 "y" source "s" when wbc < 2 10*9/L then caution azathioprine`);
    expect(r.found).toEqual(r.expected);
    expect(r.diagnostics[0]!.code).toBe('VGL5001');
    expect(r.diagnostics[0]!.message).toBe('Rule R-1 can never fire: wbc < 2 10*9/L and wbc > 3 10*9/L cannot both hold.');
  });

  it('counts an unless that always holds when the rule would fire', () => {
    const r = runLogicRule(unreachableRule, `
define low_tpmt "low" = tpmt in { low, absent }
rule <|R-1|> "x" source "s" when tpmt = absent unless low_tpmt then contraindicate azathioprine`);
    expect(r.found).toEqual(r.expected);
    expect(r.diagnostics[0]!.message).toContain('cannot both hold');
  });

  it('counts the facts a dose reads, through the standard dose', () => {
    const r = runLogicRule(unreachableRule, `
define standard azathioprine "s" = 2 mg/kg/d * weight
rule <|R-1|> "x" source "s" when weight is missing then dose azathioprine 2 mg/kg/d * weight
rule <|R-2|> "y" source "s" when tpmt = intermediate and weight is missing then dose azathioprine 30% to 70% of standard
rule R-3 "z" source "s" when weight is missing then advise because "record the weight"`);
    expect(r.found).toEqual(r.expected);
    expect(r.diagnostics[0]!.message).toBe('Rule R-1 can never fire: weight is present and weight is missing cannot both hold.');
  });

  it('reads arithmetic with constants exactly', () => {
    const r = runLogicRule(unreachableRule, `
rule <|R-1|> "x" source "s" when weight * 2 mg/kg/d > 3 mg/d and weight * 2 mg/kg/d < 1 mg/d then caution azathioprine`);
    expect(r.found).toEqual(r.expected);
  });

  it('is quiet on reachable rules, boundaries that touch and opaque conditions', () => {
    const r = runLogicRule(unreachableRule, `
rule R-1 "x" source "s" when wbc <= 2 10*9/L and wbc >= 2 10*9/L then caution azathioprine
rule R-2 "y" source "s" when alt >= 5 x baseline and alt < 100 U/L then stop azathioprine
rule R-3 "z" source "s" when weight * weight > 4 kg2 and weight * weight < 1 kg2 then caution azathioprine
rule R-4 "w" source "s" then advise because "always"`);
    expect(r.diagnostics).toEqual([]);
  });
  it('speaks of the expression, not of its synthetic rule, for eval --expr (VGL5010)', () => {
    const base = checkText(BASE_FACTS, '/memory/t.vigil');
    const d = checkExpression(base, 'wbc < 2 10*9/L and wbc > 3 10*9/L').diagnostics.filter((x) => x.uri === EXPRESSION_URI);
    expect(d.map((x) => [x.code, x.message])).toEqual([['VGL5010', 'The expression can never be true: wbc < 2 10*9/L and wbc > 3 10*9/L cannot both hold.']]);
  });
});
