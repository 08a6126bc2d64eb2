// Schedule modifiers in the diff: adding a modifier changes the schedule of the patients the
// monitored rule decides for when the modifier fires, found as a region with a witness; a
// factor changed is a change too.
import { describe, expect, it } from 'vitest';
import { diff, regionLines } from './helpers.js';

const base = `groups { monitoring "Monitoring" }
rule M-1 "monitor" source "s" group monitoring when tpmt = normal then monitor cbc every 3 to 6 mo
`;
const modifier = (how: string) => `rule I-1 "interaction" source "s" tightens monitor cbc of monitoring ${how} when pregnant then caution azathioprine\n`;

describe('schedule modifiers in vigil diff', () => {
  it('a modifier added: the monitored patients who also fire it get the tightened schedule', () => {
    const before = base + 'rule I-1 "interaction" source "s" when pregnant then caution azathioprine\n';
    const after = base + modifier('twice as often');
    const r = diff(before, after);
    const i1 = r.structural.find((c) => c.id === 'I-1')!;
    expect(i1.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`)).toEqual(['tightens:  → tightens monitor cbc of monitoring twice as often']);
    expect(r.behaviourChanged).toBe(true);
    expect(r.space!.affectedRules).toContain('M-1');
    const lines = regionLines(r).join('\n');
    expect(lines).toContain('tightened twice as often by I-1 to every 1.5 to 3 mo');
    const region = r.space!.regions.find((g) => g.rules.some((c) => c.rule === 'M-1'))!;
    expect(region.witness.facts).toMatchObject({ tpmt: 'normal', pregnant: true });
  });
  it('a factor changed: still a change, with the new schedule', () => {
    const r = diff(base + modifier('twice as often'), base + modifier('3 times as often'));
    expect(r.behaviourChanged).toBe(true);
    expect(regionLines(r).join('\n')).toContain('tightened 3 times as often by I-1 to every 1 to 2 mo');
  });
  it('the same modifier reformatted: no change', () => {
    const r = diff(base + modifier('twice as often'), base + modifier('twice  as\n  often'));
    expect(r.behaviourChanged).toBe(false);
  });
});
