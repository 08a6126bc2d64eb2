import { describe, expect, it } from 'vitest';
import { evaluate, runLogicRule } from '../../../test-support/analysis.js';
import { fireCondition } from '../../analysis/solver.js';
import { overlap } from './overlap.js';

describe('overlap', () => {
  it('notes two doses of one drug that can apply to one patient and share no value, with a witness', () => {
    const r = runLogicRule(overlap, `
rule D-1 "x" source "s" when tpmt = normal then dose azathioprine 100 mg/d
rule <|D-2|> "y" source "s" when wbc >= 3 10*9/L then dose azathioprine 50 mg/d to 75 mg/d`);
    expect(r.found).toEqual(r.expected);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe('VGL5007');
    expect(d.severity).toBe('info');
    expect(d.message).toBe('Rules D-1 and D-2 can both fire with doses of azathioprine that do not overlap and neither overrides the other; witness: tpmt=normal, wbc=3 10*9/L.');
    expect(d.related?.[0]?.message).toBe('Rule D-1 (dose azathioprine)');
    const witness = d.data?.witness as Record<string, unknown>;
    for (const rule of r.program.rules) expect(evaluate(r.program, fireCondition(rule), witness, new Date())).toBe('true');
  });

  it('notes two monitoring schedules for one test', () => {
    const r = runLogicRule(overlap, `
rule M-1 "x" source "s" when tpmt = normal then monitor cbc every 1 wk
rule <|M-2|> "y" source "s" when wbc < 3 10*9/L then monitor cbc every 2 wk`);
    expect(r.found).toEqual(r.expected);
    expect(r.diagnostics[0]!.message).toBe('Rules M-1 and M-2 can both fire with different monitor schedules for cbc and neither overrides the other; witness: tpmt=normal, wbc=2.9 10*9/L.');
  });

  it('is quiet on doses that share a value, weight-based doses that meet for a positive weight, exclusive conditions, overrides and fractions of the standard dose', () => {
    const r = runLogicRule(overlap, `
rule D-1 "x" source "s" when tpmt = normal then dose azathioprine 2 mg/kg/d * weight
rule D-2 "y" source "s" when tpmt = normal then dose azathioprine 1 mg/kg/d * weight to 2 mg/kg/d * weight
rule D-3 "z" source "s" when tpmt = intermediate then dose azathioprine 30% to 70% of standard
rule D-4 "w" source "s" when tpmt = low then dose azathioprine 10 mg/d
rule D-5 "v" source "s" overrides D-1 when tpmt = normal and wbc < 3 10*9/L then dose azathioprine 1 mg/kg/d * weight
rule D-6 "u" source "s" when tpmt = normal then monitor cbc every 1 wk
rule D-7 "t" source "s" when tpmt = normal then monitor cbc every 1 wk`);
    expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  });
});
