import { describe, expect, it } from 'vitest';
import { runLogicRule } from '../../analysis/test-support.js';
import { uncoveredMissing } from './uncovered-missing.js';

describe('uncovered-missing', () => {
  it('reports each fact whose absence leaves a rule not evaluable', () => {
    const r = runLogicRule(uncoveredMissing, `
rule <|R-1|> "x" source "s" when wbc < 2 10*9/L or alt >= 5 x baseline then stop azathioprine`);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "Rule R-1 is not evaluable when wbc is missing, and no rule handles 'wbc is missing'.",
      "Rule R-1 is not evaluable when alt is missing, and no rule handles 'alt is missing'.",
      "Rule R-1 is not evaluable when alt.baseline is missing, and no rule handles 'alt.baseline is missing'.",
    ]);
    expect(r.diagnostics[0]!.severity).toBe('warning');
    expect(r.found[0]).toEqual(r.expected[0]);
    expect(r.diagnostics[0]!.data?.witness).toEqual({ alt: '4.9 U/L', alt_baseline: '1 U/L' });
  });

  it('is quiet when another rule handles the missing fact or the fact cannot matter', () => {
    const r = runLogicRule(uncoveredMissing, `
rule R-1 "x" source "s" when wbc < 2 10*9/L then stop azathioprine
rule R-2 "y" source "s" when wbc is missing then order cbc
rule R-3 "z" source "s" when tpmt = low and (pregnant or true) then caution azathioprine
rule R-4 "w" source "s" when tpmt is missing then order tpmt`);
    expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  });

  it('considers unless clauses', () => {
    const r = runLogicRule(uncoveredMissing, `
rule <|R-1|> "x" source "s" when tpmt = low unless pregnant then caution azathioprine
rule R-2 "y" source "s" when tpmt is missing then order tpmt`);
    expect(r.found).toEqual(r.expected);
    expect(r.diagnostics[0]!.message).toContain('when pregnant is missing');
  });

  it('is quiet for facts declared optional', () => {
    const r = runLogicRule(uncoveredMissing, `
facts { prior_injury: boolean optional }
rule R-1 "x" source "s" when prior_injury then caution azathioprine`);
    expect(r.diagnostics).toEqual([]);
  });
});
