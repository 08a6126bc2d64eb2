import { describe, expect, it } from 'vitest';
import type { Fix } from '../../diagnostics/diagnostic.js';
import { checkText } from '../../pipeline.js';
import { runLogicRule } from '../../../test-support/analysis.js';
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

  it("reports a table's missing input once, at the first row that needs it", () => {
    const r = runLogicRule(uncoveredMissing, `
table T-1 "t" source "s" hit first
  | tpmt   | wbc          | then
  | low    | -            | contraindicate azathioprine
  | -      | < 2 10*9/L   | stop azathioprine
  | normal | >= 2 10*9/L  | recommend azathioprine
  | -      | -            | caution azathioprine`);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "Rule T-1.row1 is not evaluable when tpmt is missing, and no rule handles 'tpmt is missing'.",
      "Rule T-1.row2 is not evaluable when wbc is missing, and no rule handles 'wbc is missing'.",
    ]);
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

  it('counts facts a dose reads, directly or through the standard dose', () => {
    const r = runLogicRule(uncoveredMissing, `
rule <|R-1|> "x" source "s" when tpmt = normal then dose azathioprine 2 mg/kg/d * weight
rule R-2 "y" source "s" when tpmt is missing then order tpmt`);
    expect(r.diagnostics.map((d) => d.message)).toEqual(["Rule R-1 is not evaluable when weight is missing, and no rule handles 'weight is missing'."]);
    expect(r.found).toEqual(r.expected);
    const s = runLogicRule(uncoveredMissing, `
define standard azathioprine = 2 mg/kg/d * weight
rule R-1 "x" source "s" when tpmt = intermediate then dose azathioprine 30% to 70% of standard
rule R-2 "y" source "s" when tpmt is missing then order tpmt
rule R-3 "z" source "s" when weight is missing then advise because "record the weight"`);
    expect(s.diagnostics).toEqual([]);
  });

  it('offers one new rule per missing fact, not the same rule id for every rule that needs it', () => {
    const text = `ruleset t version "1"
facts { wbc: quantity 10*9/L }
rule R-1 "x" source "s" when wbc < 2 10*9/L then stop azathioprine
rule R-2 "y" source "s" when wbc < 3 10*9/L then caution azathioprine
rule R-3 "z" source "s" when wbc > 30 10*9/L then caution azathioprine
`;
    const ds = checkText(text, '/memory/t.vigil').diagnostics.filter((d) => d.code === 'VGL5003');
    expect(ds).toHaveLength(3);
    const ids = ds.flatMap((d) => d.fixes ?? []).map((f) => /^rule (\S+)/m.exec(f.edits[0]!.newText)?.[1]);
    expect(ids).toEqual(['MISSING-WBC']);
  });

  it('is quiet for facts declared optional', () => {
    const r = runLogicRule(uncoveredMissing, `
facts { prior_injury: boolean optional }
rule R-1 "x" source "s" when prior_injury then caution azathioprine`);
    expect(r.diagnostics).toEqual([]);
  });
});

describe('uncovered-missing quick fix', () => {
  const source = `ruleset t version "1"

facts {
  wbc: quantity 10*9/L
  alt: quantity U/L baseline
}

rule R-1 "Low WBC"
  source "s"
  when wbc < 2 10*9/L or alt >= 5 x baseline
  then stop azathioprine
`;

  function applyFix(text: string, fix: Fix): string {
    const edit = fix.edits[0]!;
    return text.slice(0, edit.range.start.offset) + edit.newText + text.slice(edit.range.end.offset);
  }

  it('adds a rule, in the canonical layout, that handles the missing fact', () => {
    const before = checkText(source, '/memory/t.vigil').diagnostics.filter((d) => d.code === 'VGL5003');
    expect(before.map((d) => d.fixes?.[0]?.title)).toEqual(["Add a rule for 'wbc is missing'", "Add a rule for 'alt is missing'", "Add a rule for 'alt.baseline is missing'"]);
    const fixed = applyFix(source, before[0]!.fixes![0]!);
    expect(fixed).toContain('rule MISSING-WBC "wbc not recorded"\n  source "TODO: cite the guideline"\n  when wbc is missing\n  then order wbc because "wbc is needed to evaluate R-1"\n');
    const after = checkText(fixed, '/memory/t.vigil').diagnostics;
    expect(after.filter((d) => d.severity === 'error')).toEqual([]);
    expect(after.filter((d) => d.code === 'VGL5003').map((d) => d.message)).not.toContain("Rule R-1 is not evaluable when wbc is missing, and no rule handles 'wbc is missing'.");
  });

  it('handles a baseline part, and never reuses a rule id', () => {
    const withTaken = source + '\nrule MISSING-ALT-BASELINE "x"\n  source "s"\n  when wbc is missing\n  then order wbc\n';
    const d = checkText(withTaken, '/memory/t.vigil').diagnostics.find((x) => x.message.includes("'alt.baseline is missing'"))!;
    const fixed = applyFix(withTaken, d.fixes![0]!);
    expect(fixed).toContain('rule MISSING-ALT-BASELINE-2 "alt.baseline not recorded"');
    expect(fixed).toContain('  when alt.baseline is missing\n  then order alt_baseline because');
    const after = checkText(fixed, '/memory/t.vigil').diagnostics;
    expect(after.filter((x) => x.severity === 'error')).toEqual([]);
    expect(after.some((x) => x.message.includes("'alt.baseline is missing'"))).toBe(false);
  });
});
