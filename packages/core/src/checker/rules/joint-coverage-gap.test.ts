import { describe, expect, it } from 'vitest';
import { clearLogicMemo } from '../logic-memo.js';
import { diagnose } from '../test-util.js';

const gaps = (d: ReturnType<typeof diagnose>) => d.of('VGL5030').map((x) => [x.code, x.range.start.offset, x.range.end.offset]);

const pair = (high: string, low: string) => `facts { standard_dose: quantity mg/kg/d "Dose" }
groups { <|dosing|> "Dosing" }
rule D-01 "High" source "x" group dosing when standard_dose ${high} then dose azathioprine 50 mg/d
rule D-02 "Low" source "x" group dosing when standard_dose ${low} then advise because "low"`;

describe('joint-coverage-gap', () => {
  it('finds the point two complementary rules leave uncovered, with its witness', () => {
    const d = diagnose(pair('> 2 mg/kg/d', '< 2 mg/kg/d'));
    expect(gaps(d)).toEqual(d.expected('VGL5030'));
    const g = d.of('VGL5030')[0]!;
    expect(g.severity).toBe('warning');
    expect(g.message).toBe(
      "No rule of group 'dosing' fires for standard_dose = 2 mg/kg/d, though its rules (D-01, D-02) split standard_dose between them; witness: standard_dose=2 mg/kg/d.",
    );
    expect(g.data).toMatchObject({ group: 'dosing', region: 'standard_dose = 2 mg/kg/d', rules: ['D-01', 'D-02'], witness: { standard_dose: '2 mg/kg/d' } });
    expect(g.related?.map((r) => r.message)).toEqual(['Rule D-01 of group dosing', 'Rule D-02 of group dosing']);
  });
  it('is quiet when the rules cover every value', () => {
    expect(diagnose(pair('>= 2 mg/kg/d', '< 2 mg/kg/d')).of('VGL5030')).toEqual([]);
  });
  it('finds a range the rules leave between them', () => {
    const d = diagnose(pair('>= 3 mg/kg/d', '< 2 mg/kg/d'));
    expect(d.of('VGL5030').map((x) => x.data?.region)).toEqual(['standard_dose in [2, 3) mg/kg/d']);
  });
  it('looks inside the conditions the rules share, and names them', () => {
    const d = diagnose(`groups { <|restart|> }
rule R-1 "x" source "s" group restart when pregnant and daily_dose > 50 mg/d then dose azathioprine 50 mg/d
rule R-2 "y" source "s" group restart when pregnant and daily_dose < 50 mg/d then caution azathioprine`);
    expect(gaps(d)).toEqual(d.expected('VGL5030'));
    expect(d.of('VGL5030')[0]!.message).toBe(
      "No rule of group 'restart' fires for daily_dose = 50 mg/d, though its rules (R-1, R-2) split daily_dose between them within pregnant; witness: daily_dose=50 mg/d, pregnant=true.",
    );
  });
  it('checks a group declared complete over the joint space of two facts, one gap per missing combination', () => {
    const d = diagnose(`facts { nudt15: enum { normal, poor } }
groups { <|pgx|> complete }
rule P-1 "x" source "s" group pgx when tpmt = normal and nudt15 = normal then dose azathioprine 50 mg/d
rule P-2 "y" source "s" group pgx when tpmt = normal and nudt15 = poor then dose azathioprine 10 mg/d
rule P-3 "z" source "s" group pgx when tpmt in { intermediate, low, absent } and nudt15 = normal then dose azathioprine 25 mg/d
rule P-4 "w" source "s" group pgx when tpmt in { low, absent } and nudt15 = poor then contraindicate azathioprine`);
    expect(gaps(d)).toEqual(d.expected('VGL5030'));
    expect(d.of('VGL5030')[0]!.data).toMatchObject({ region: 'tpmt = intermediate, nudt15 = poor', witness: { tpmt: 'intermediate', nudt15: 'poor' } });
    expect(d.of('VGL5030')[0]!.message).toContain('though the group is declared complete;');
  });
  it('merges the cells of one gap across a fact that does not matter there', () => {
    const d = diagnose(`groups { g complete }
rule R-1 "x" source "s" group g when daily_dose > 2 mg/d and pregnant then advise because "a"
rule R-2 "y" source "s" group g when daily_dose > 2 mg/d and not pregnant then advise because "b"
rule R-3 "z" source "s" group g when daily_dose < 2 mg/d then advise because "c"`);
    expect(d.of('VGL5030').map((x) => x.data?.region)).toEqual(['daily_dose = 2 mg/d']);
  });
  it('is quiet for a group whose rules read different facts, unless declared complete', () => {
    const rules = `rule R-1 "x" source "s" group g when pregnant then advise because "a"
rule R-2 "y" source "s" group g when daily_dose > 2 mg/d then advise because "b"`;
    expect(diagnose(`groups { g }\n${rules}`).of('VGL5030')).toEqual([]);
    expect(diagnose(`groups { g complete }\n${rules}`).of('VGL5030').map((x) => x.data?.region)).toEqual(['daily_dose <= 2 mg/d, pregnant = false']);
  });
  it('is quiet for a split through a definition, which names a situation', () => {
    expect(diagnose(`define high = daily_dose > 2 mg/d
define low = daily_dose < 2 mg/d
groups { g }
rule R-1 "x" source "s" group g when high then advise because "a"
rule R-2 "y" source "s" group g when low then advise because "b"`).of('VGL5030')).toEqual([]);
  });
  it('never counts a patient whose rules are unknown as a gap', () => {
    // With pregnant missing, R-1 is not evaluable at 2 mg/d and above (uncovered-missing's
    // finding): only the patients known not to be pregnant are a gap.
    const d = diagnose(`groups { g complete }
rule R-1 "x" source "s" group g when daily_dose >= 2 mg/d and pregnant then advise because "a"
rule R-2 "y" source "s" group g when daily_dose < 2 mg/d then advise because "b"`);
    expect(d.of('VGL5030').map((x) => x.data?.region)).toEqual(['daily_dose >= 2 mg/d, pregnant = false']);
  });
  it("names gaps by the rules' own conditions when the facts behind them are too many to split", () => {
    const d = diagnose(`define risky = wbc < 2 10*9/L or platelets < 50 10*9/L or alt > 100 U/L or bilirubin > 30 umol/L or daily_dose > 100 mg/d or weight > 100 kg
groups { <|g|> complete }
rule R-1 "x" source "s" group g when risky and pregnant then advise because "a"
rule R-2 "y" source "s" group g when not risky then advise because "b"`);
    expect(gaps(d)).toEqual(d.expected('VGL5030'));
    expect(d.of('VGL5030').map((x) => x.data?.region)).toEqual(['risky, not pregnant']);
    expect(d.of('VGL5030')[0]!.message).toMatch(/witness: .*pregnant=false/);
  });
  it('is quiet for a group an otherwise rule completes', () => {
    expect(diagnose(`groups { g complete }
rule R-1 "x" source "s" group g when daily_dose > 2 mg/d then advise because "a"
rule R-2 "y" source "s" group g otherwise then advise because "b"`).of('VGL5030')).toEqual([]);
  });
  it('says when a declared group is past its budget', () => {
    const rules = Array.from({ length: 25 }, (_, i) => `rule R-${i} "r" source "s" group g when daily_dose > ${i} mg/d then advise because "a"`).join('\n');
    const d = diagnose(`groups { <|g|> complete }\n${rules}`);
    expect(d.of('VGL5031').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL5031'));
    expect(d.of('VGL5031')[0]!.message).toBe("Group 'g' was not fully analysed for gaps: it has 25 rules, more than the 24 analysed.");
  });
  it('gives the same findings from remembered results as from a fresh check', () => {
    const text = pair('> 2 mg/kg/d', '< 2 mg/kg/d');
    const first = diagnose(text).result.diagnostics;
    expect(diagnose(text).result.diagnostics).toEqual(first);
    clearLogicMemo();
    expect(diagnose(text).result.diagnostics).toEqual(first);
  });
});
