// Duration intervals in the diff: a schedule widened to an interval is a schedule change,
// shown with both ends, and the region where it applies comes with a witness.
import { describe, expect, it } from 'vitest';
import { diff, regionLines } from './helpers.js';

describe('schedule intervals in vigil diff', () => {
  it('a fixed cadence widened to an interval: a schedule change with a witness', () => {
    const before = 'rule M-1 "monitor" source "s" when tpmt = normal then monitor cbc every 3 mo\n';
    const after = 'rule M-1 "monitor" source "s" when tpmt = normal then monitor cbc every 3 to 6 mo\n';
    const r = diff(before, after);
    const m1 = r.structural.find((c) => c.id === 'M-1')!;
    expect(m1.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`)).toEqual(['schedule: monitor cbc every 3 mo → monitor cbc every 3 to 6 mo']);
    expect(r.behaviourChanged).toBe(true);
    const lines = regionLines(r);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).toContain('every 3 to 6 mo');
    expect(lines.every((l) => l.includes('tpmt'))).toBe(true);
  });
  it('only the high end moves: still a change', () => {
    const r = diff('rule M-1 "m" source "s" when pregnant then monitor cbc every 1 to 2 wk\n', 'rule M-1 "m" source "s" when pregnant then monitor cbc every 1 to 3 wk\n');
    expect(r.behaviourChanged).toBe(true);
    expect(regionLines(r).join('\n')).toContain('every 1 to 3 wk');
  });
  it('only the high end of a bound moves: still a change', () => {
    const r = diff('rule M-1 "m" source "s" when pregnant then monitor cbc every 1 wk for 3 to 6 mo\n', 'rule M-1 "m" source "s" when pregnant then monitor cbc every 1 wk for 3 to 9 mo\n');
    expect(r.behaviourChanged).toBe(true);
    expect(regionLines(r).join('\n')).toContain('for 3 to 9 mo');
  });
});

describe('an excluded dose end in vigil diff', () => {
  const facts = 'facts { injurious_dose: quantity mg/d range 0 mg/d to 1000 mg/d }\n';
  it('a bound made exclusive: a dose change, found at the bound', () => {
    const before = facts + 'rule D-1 "d" source "s" when injurious_dose > 50 mg/d then dose aza 50 mg/d to injurious_dose\n';
    const after = facts + 'rule D-1 "d" source "s" when injurious_dose > 50 mg/d then dose aza 50 mg/d to below injurious_dose\n';
    const r = diff(before, after);
    const d1 = r.structural.find((c) => c.id === 'D-1')!;
    expect(d1.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`)).toEqual(['dose: dose aza 50 mg/d to injurious_dose → dose aza 50 mg/d to below injurious_dose']);
    expect(r.behaviourChanged).toBe(true);
    expect(regionLines(r).join('\n')).toContain('to below');
  });
});

describe('dose frequencies in vigil diff', () => {
  it('the same daily total given differently: a dose change, shown with the frequency', () => {
    const before = 'rule D-1 "d" source "s" when pregnant then dose cetirizine 20 mg once daily\n';
    const after = 'rule D-1 "d" source "s" when pregnant then dose cetirizine 10 mg twice daily\n';
    const r = diff(before, after);
    const d1 = r.structural.find((c) => c.id === 'D-1')!;
    expect(d1.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`)).toEqual(['dose: dose cetirizine 20 mg once daily → dose cetirizine 10 mg twice daily']);
    expect(r.behaviourChanged).toBe(true);
    expect(regionLines(r).join('\n')).toContain('twice daily');
  });
});

describe('titration schedules in vigil diff', () => {
  it('a taper given a longer interval: a dose change with the schedule shown', () => {
    const before = 'rule T-1 "taper" source "s" when pregnant then dose pred start 30 mg/d, decrease by 5 mg/d every 1 wk to 10 mg/d\n';
    const after = 'rule T-1 "taper" source "s" when pregnant then dose pred start 30 mg/d, decrease by 5 mg/d every 2 wk to 10 mg/d\n';
    const r = diff(before, after);
    const t1 = r.structural.find((c) => c.id === 'T-1')!;
    expect(t1.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`)).toEqual([
      'dose: dose pred start 30 mg/d, decrease by 5 mg/d every 1 wk to 10 mg/d → dose pred start 30 mg/d, decrease by 5 mg/d every 2 wk to 10 mg/d',
    ]);
    expect(r.behaviourChanged).toBe(true);
    expect(regionLines(r).join('\n')).toContain('every 2 wk');
  });
});
