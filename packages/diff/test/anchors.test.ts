// Anchored schedules in the diff: anchoring a schedule, or moving its anchor to another
// fact, is a schedule change, and the region where it applies comes with a witness.
import { describe, expect, it } from 'vitest';
import { diff, regionLines } from './helpers.js';

const facts = 'facts { started: date optional\n  changed: date optional }\n';

describe('anchored schedules in vigil diff', () => {
  it('a schedule anchored: a schedule change with a witness', () => {
    const before = facts + 'rule M-1 "monitor" source "s" when tpmt = normal then monitor cbc every 1 wk for 4 wk, then every 1 mo\n';
    const after = facts + 'rule M-1 "monitor" source "s" when tpmt = normal then monitor cbc every 1 wk for 4 wk, then every 1 mo from started\n';
    const r = diff(before, after);
    const m1 = r.structural.find((c) => c.id === 'M-1')!;
    expect(m1.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`)).toEqual(['schedule: monitor cbc every 1 wk for 4 wk, then every 1 mo → monitor cbc every 1 wk for 4 wk, then every 1 mo from started']);
    expect(r.behaviourChanged).toBe(true);
    const lines = regionLines(r);
    expect(lines.join('\n')).toContain('from started');
  });
  it('the anchor moved to another fact: still a change', () => {
    const r = diff(facts + 'rule M-1 "m" source "s" when pregnant then monitor cbc every 1 wk from started\n', facts + 'rule M-1 "m" source "s" when pregnant then monitor cbc every 1 wk from changed\n');
    expect(r.behaviourChanged).toBe(true);
    expect(regionLines(r).join('\n')).toContain('from changed');
  });
});
