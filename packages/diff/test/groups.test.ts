// Groups in the diff: ids replaced by a group with the same members is the same meaning;
// a rule joining a group changes what the group's overrides suppress, and an override
// narrowed to doses keeps the other actions, both found with witnesses.
import { describe, expect, it } from 'vitest';
import { diff, regionLines } from './helpers.js';

const members = (groupOf: (id: string) => string) => `
rule D-1 "dose" source "s" ${groupOf('D-1')} when tpmt = normal then dose azathioprine 50 mg/d then monitor cbc every 1 wk
rule D-2 "recommend" source "s" ${groupOf('D-2')} when tpmt = normal then recommend azathioprine
`;
const groups = 'groups { aza_use "Doses and recommendations of azathioprine" }\n';

describe('groups in vigil diff', () => {
  it('a list of ids replaced by a group of the same rules: the same meaning, no patient changes', () => {
    const before = members(() => '') + 'rule C-1 "stop" source "s" overrides D-1, D-2 when pregnant then contraindicate azathioprine\n';
    const after = groups + members(() => 'group aza_use') + 'rule C-1 "stop" source "s" overrides aza_use when pregnant then contraindicate azathioprine\n';
    const r = diff(before, after);
    const c1 = r.structural.find((c) => c.id === 'C-1')!;
    expect(c1.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`)).toEqual(['overrides: D-1, D-2 → aza_use']);
    expect(c1.sameMeaning).toBe(true);
    expect(r.structural.filter((c) => c.id === 'D-1').map((c) => c.parts.map((p) => p.part))).toEqual([['group']]);
    expect(r.structural.some((c) => c.kind === 'group' && c.change === 'added' && c.id === 'aza_use')).toBe(true);
    expect(r.behaviourChanged).toBe(false);
  });

  it('a rule that joins the group is now overridden: the region and its witness', () => {
    const before = groups + members((id) => (id === 'D-1' ? 'group aza_use' : '')) + 'rule C-1 "stop" source "s" overrides aza_use when pregnant then contraindicate azathioprine\n';
    const after = groups + members(() => 'group aza_use') + 'rule C-1 "stop" source "s" overrides aza_use when pregnant then contraindicate azathioprine\n';
    const r = diff(before, after);
    expect(r.behaviourChanged).toBe(true);
    expect(regionLines(r).join('\n')).toContain('recommend azathioprine');
    expect(r.space!.changedRules).toEqual(['C-1']);
  });

  it('a whole-rule override narrowed to doses: the monitoring comes back', () => {
    const before = groups + members(() => 'group aza_use') + 'rule C-1 "stop" source "s" overrides aza_use when pregnant then contraindicate azathioprine\n';
    const after = groups + members(() => 'group aza_use') + 'rule C-1 "stop" source "s" overrides dose, recommend of aza_use when pregnant then contraindicate azathioprine\n';
    const r = diff(before, after);
    const c1 = r.structural.find((c) => c.id === 'C-1')!;
    expect(c1.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`)).toEqual(['overrides: aza_use → dose, recommend of aza_use']);
    expect(c1.sameMeaning).toBeUndefined();
    const lines = regionLines(r);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).toContain('monitor cbc');
    expect(lines.every((l) => l.includes('pregnant'))).toBe(true);
  });
});
