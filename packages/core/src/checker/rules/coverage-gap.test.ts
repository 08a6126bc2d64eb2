import { describe, expect, it } from 'vitest';
import { evaluate, runLogicRule } from '../../../test-support/analysis.js';
import { coverageGap } from './coverage-gap.js';

describe('coverage-gap', () => {
  it('notes an enum value that no rule of a dose group handles, with a witness', () => {
    const r = runLogicRule(coverageGap, `
rule <|D-1|> "x" source "s" when tpmt = normal then dose azathioprine 2 mg/kg/d * weight
rule D-2 "y" source "s" when tpmt = intermediate then dose azathioprine 30% to 70% of standard
rule C-1 "z" source "s" when tpmt = absent then contraindicate azathioprine`);
    expect(r.found).toEqual(r.expected);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe('VGL5006');
    expect(d.severity).toBe('info');
    expect(d.message).toBe("No 'dose azathioprine' rule handles tpmt = low, though the group (D-1, D-2) handles tpmt = normal, tpmt = intermediate, tpmt = absent; witness: tpmt=low.");
    expect(d.data).toMatchObject({ region: 'tpmt = low', verb: 'dose', target: 'azathioprine', witness: { tpmt: 'low' } });
    for (const rule of r.program.rules) expect(evaluate(r.program, rule.when!, d.data!.witness as Record<string, unknown>, new Date())).toBe('false');
  });

  it('counts the facts a dose reads: a value handled only where the dose cannot be computed is a gap', () => {
    const r = runLogicRule(coverageGap, `
define standard azathioprine "s" = 2 mg/kg/d * weight
rule <|D-1|> "x" source "s" when tpmt = normal then dose azathioprine 2 mg/kg/d * weight
rule D-2 "y" source "s" when tpmt = intermediate and weight is missing then dose azathioprine 30% to 70% of standard
rule C-1 "z" source "s" when tpmt in { low, absent } then contraindicate azathioprine`);
    expect(r.found).toEqual(r.expected);
    expect(r.diagnostics[0]!.message).toMatch(/^No 'dose azathioprine' rule handles tpmt = intermediate, though the group \(D-1, D-2\) handles tpmt = normal, tpmt = low, tpmt = absent; witness: /);
  });

  it('notes a quantity range between two rules, with exact ends', () => {
    const r = runLogicRule(coverageGap, `
rule <|M-1|> "x" source "s" when wbc < 3 10*9/L then monitor cbc every 1 wk
rule M-2 "y" source "s" when wbc > 4 10*9/L then monitor cbc every 4 wk`);
    expect(r.found).toEqual(r.expected);
    expect(r.diagnostics[0]!.message).toBe("No 'monitor cbc' rule handles wbc in [3, 4] 10*9/L, though the group (M-1, M-2) handles wbc < 3 10*9/L, wbc > 4 10*9/L; witness: wbc=3 10*9/L.");
  });

  it('is quiet when every value is handled, when the group is one rule, and for verbs whose absence is no gap', () => {
    const r = runLogicRule(coverageGap, `
rule D-1 "x" source "s" when tpmt in { normal, intermediate } then dose azathioprine 50 mg/d
rule D-2 "y" source "s" when tpmt = low then dose azathioprine 10 mg/d
rule C-1 "z" source "s" when tpmt = absent then stop azathioprine
rule M-1 "w" source "s" when wbc < 3 10*9/L then monitor lft every 1 wk
rule A-1 "v" source "s" when tpmt = low then caution mercaptopurine
rule A-2 "u" source "s" when tpmt = normal then caution mercaptopurine`);
    expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  });
});
