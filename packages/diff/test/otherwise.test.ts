// `otherwise` in the diff: a hand-kept complement replaced by `otherwise` changes only the
// patients whose sibling is unknown (not evaluable, where the complement said false); editing the sibling's threshold moves the otherwise rule with it, and the diff
// finds the patients whose decision changes, with witnesses.
import { describe, expect, it } from 'vitest';
import { diff, regionLines } from './helpers.js';

const groups = 'groups { wbc_dose "The dose by white cell count" }\n';
const high = (bound: string) => `rule D-1 "count high enough" source "s" group wbc_dose when tpmt = normal and wbc > ${bound} 10*9/L then dose azathioprine 50 mg/d\n`;

describe('otherwise in vigil diff', () => {
  it('a complement kept by hand replaced by otherwise: only patients whose sibling is unknown change, from false to not evaluable', () => {
    const before = groups + high('3') + 'rule D-2 "count low" source "s" group wbc_dose when tpmt = normal and wbc <= 3 10*9/L then caution azathioprine\n';
    const after = groups + high('3') + 'rule D-2 "count low" source "s" group wbc_dose otherwise when tpmt = normal then caution azathioprine\n';
    const r = diff(before, after);
    const d2 = r.structural.find((c) => c.id === 'D-2')!;
    expect(d2.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`)).toEqual(['condition: tpmt = normal and wbc <= 3 10*9/L → tpmt = normal', 'otherwise:  → otherwise']);
    // With tpmt missing and a high count, the hand-kept `wbc <= 3` was false; D-1 is then
    // unknown, so `otherwise` cannot tell, and D-2 is not evaluable: never a silent answer.
    expect(regionLines(r)).toEqual(['tpmt is missing, wbc > 3 10*9/L (other facts as any): D-2: does not fire → not evaluable (needs tpmt) [wbc=3.1 10*9/L, tpmt missing]']);
  });

  it("the sibling's threshold edited: the otherwise rule follows it, and the diff shows where", () => {
    const otherwise = 'rule D-2 "count low" source "s" group wbc_dose otherwise when tpmt = normal then caution azathioprine\n';
    const r = diff(groups + high('3') + otherwise, groups + high('4') + otherwise);
    expect(r.behaviourChanged).toBe(true);
    expect(r.structural.map((c) => c.id)).toEqual(['D-1']);
    const lines = regionLines(r);
    expect(lines.length).toBeGreaterThan(0);
    // Between 3 and 4 the dose gives way to the caution of the otherwise rule.
    expect(lines.join('\n')).toMatch(/wbc in \(3, 4\] 10\*9\/L/);
    expect(lines.join('\n')).toContain('caution azathioprine');
    expect(r.space!.changedRules).toEqual(expect.arrayContaining(['D-1', 'D-2']));
  });
});
