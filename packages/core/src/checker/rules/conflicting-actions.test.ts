import { describe, expect, it } from 'vitest';
import { evaluate, runLogicRule } from '../../../test-support/analysis.js';
import { fireCondition } from '../../analysis/solver.js';
import { conflictingActions } from './conflicting-actions.js';

describe('conflicting-actions', () => {
  it('reports two rules that fire together with a witness patient', () => {
    const r = runLogicRule(conflictingActions, `
rule AZA-1 "x" source "s" when tpmt in { low, absent } then contraindicate azathioprine
rule <|AZA-2|> "y" source "s" when wbc >= 3 10*9/L then dose azathioprine 2 mg/kg/d * weight`);
    expect(r.found).toEqual(r.expected);
    const d = r.diagnostics[0]!;
    expect(d.message).toBe(
      'Rules AZA-1 and AZA-2 can fire for the same patient with clashing actions (contraindicate vs dose azathioprine); witness: tpmt=low, wbc=3 10*9/L, weight=1 kg.',
    );
    expect(d.related?.[0]?.message).toBe('Rule AZA-1 (contraindicate azathioprine)');
    const witness = d.data?.witness as Record<string, unknown>;
    expect(witness).toEqual({ tpmt: 'low', wbc: '3 10*9/L', weight: '1 kg' });
    for (const rule of r.program.rules) expect(evaluate(r.program, fireCondition(rule), witness, new Date())).toBe('true');
  });

  it('reports advise against against recommend, once per pair', () => {
    const r = runLogicRule(conflictingActions, `
rule R-1 "x" source "s" when pregnant then advise against mycophenolate
rule <|R-2|> "y" source "s" when allograft then recommend { mycophenolate, tacrolimus }
rule R-3 "z" source "s" when allograft then advise against tacrolimus`);
    expect(r.diagnostics.map((d) => d.message.slice(0, 20))).toEqual(['Rules R-1 and R-2 ca', 'Rules R-2 and R-3 ca']);
  });

  it('is quiet when the rules exclude each other, one overrides the other, or the targets differ', () => {
    const r = runLogicRule(conflictingActions, `
rule R-1 "x" source "s" when wbc < 2 10*9/L then stop azathioprine
rule R-2 "y" source "s" when wbc >= 2 10*9/L then recommend azathioprine
rule R-3 "z" source "s" when pregnant then contraindicate tacrolimus
rule R-4 "w" source "s" overrides R-3 when allograft then recommend tacrolimus
rule R-5 "v" source "s" when pregnant then stop mycophenolate
rule R-6 "u" source "s" when pregnant unless wbc < 2 10*9/L then recommend azathioprine
rule R-7 "t" source "s" when pregnant then caution azathioprine`);
    expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  });

  it('counts the facts a dose reads: no clash where the dose cannot be given', () => {
    // Without the weight the dose rule is not evaluable, so it never doses beside the contraindication.
    const quiet = runLogicRule(conflictingActions, `
rule R-1 "x" source "s" when weight is missing then contraindicate azathioprine
rule R-2 "y" source "s" when tpmt = normal then dose azathioprine 2 mg/kg/d * weight`);
    expect(quiet.diagnostics).toEqual([]);
    // Through the standard dose too, and the witness then has a weight.
    const r = runLogicRule(conflictingActions, `
define standard azathioprine "s" = 2 mg/kg/d * weight
rule R-1 "x" source "s" when tpmt = absent then contraindicate azathioprine
rule <|R-2|> "y" source "s" when tpmt in { absent, intermediate } then dose azathioprine 30% to 70% of standard`);
    expect(r.found).toEqual(r.expected);
    expect(r.diagnostics[0]!.data?.witness).toMatchObject({ tpmt: 'absent', weight: expect.stringMatching(/ kg$/) });
  });

  it('stays fast for 2,000 rules', () => {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) {
      lines.push(`rule S-${i} "s" source "s" when wbc < ${i + 1} 10*9/L and wbc >= ${i} 10*9/L then stop drug${i}`);
      lines.push(`rule D-${i} "d" source "s" when wbc >= ${i + 1} 10*9/L then dose drug${i} 50 mg/d`);
    }
    const t0 = Date.now();
    const r = runLogicRule(conflictingActions, lines.join('\n'));
    expect(r.diagnostics).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});
