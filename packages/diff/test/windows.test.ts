// One-off windows in the diff: a schedule changed into a one-off window, or a window's end
// moved, is a change of the monitored patients' decisions, with a witness.
import { describe, expect, it } from 'vitest';
import { diff, regionLines } from './helpers.js';

const facts = 'facts { started: date optional }\n';

describe('one-off windows in vigil diff', () => {
  it('a window moved: a schedule change with a witness', () => {
    const before = facts + 'rule W-1 "check" source "s" when tpmt = normal then monitor lft after 2 to 3 wk\n';
    const after = facts + 'rule W-1 "check" source "s" when tpmt = normal then monitor lft after 2 to 4 wk\n';
    const r = diff(before, after);
    const w = r.structural.find((c) => c.id === 'W-1')!;
    expect(w.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`)).toEqual(['schedule: monitor lft after 2 to 3 wk → monitor lft after 2 to 4 wk']);
    expect(r.behaviourChanged).toBe(true);
    const lines = regionLines(r).join('\n');
    expect(lines).toContain('after 2 to 4 wk');
    expect(r.space!.regions[0]!.witness.facts).toMatchObject({ tpmt: 'normal' });
  });
  it('a window anchored: still a change; the same window reformatted: none', () => {
    const plain = facts + 'rule W-1 "check" source "s" when pregnant then monitor lft after 3 to 6 wk\n';
    expect(diff(plain, plain.replace('6 wk', '6 wk from started')).behaviourChanged).toBe(true);
    expect(diff(plain, plain.replace('after 3 to 6 wk', 'after 3   to\n 6 wk')).behaviourChanged).toBe(false);
  });
});
