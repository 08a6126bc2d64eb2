// Duration intervals in monitoring schedules: `every 1 to 2 wk`, `for 3 to 6 mo`, `until 1
// to 2 a`; the low end may leave its unit to the high end. Parsing, recovery and the IR.
import { describe, expect, it } from 'vitest';
import { checkText } from '../pipeline.js';
import { decl, parse, parseOk, show } from './test-helpers.js';

function phasesOf(schedule: string) {
  const a = decl(parseOk(`rule R "t" then monitor cbc ${schedule}`), 'RuleDecl').actions[0]!;
  return a.schedule!.phases.map((p) => [show(p.every), p.everyHigh && show(p.everyHigh), p.bound?.kind, p.bound && show(p.bound.amount), p.bound?.amountHigh && show(p.bound.amountHigh)]);
}

describe('duration intervals in schedules', () => {
  it('parses both ends of an interval and of a bound', () => {
    expect(phasesOf('every 1 to 2 wk for 3 to 6 mo, then every 1 wk to 1 mo until 2 a, then every 3 mo')).toEqual([
      ['1', '2[wk]', 'for', '3', '6[mo]'],
      ['1[wk]', '1[mo]', 'until', '2[a]', undefined],
      ['3[mo]', undefined, undefined, undefined, undefined],
    ]);
  });

  it('drops a phase whose interval has no high end, and keeps the rule', () => {
    for (const text of ['rule R "t" then monitor cbc every 1 to then stop a', 'rule R "t" then monitor cbc every 1 wk for 3 to then stop a']) {
      const r = parse(text);
      expect(r.diagnostics.filter((d) => d.code === 'VGL1001')).toHaveLength(1);
      expect(decl(r.document, 'RuleDecl').actions.map((a) => a.verb)).toEqual(['stop']);
    }
  });

  it('lowers both ends to exact days, the low end in the high end\'s unit when it has none', () => {
    const r = checkText(`rule R-1 "t" source "s" then monitor cbc every 1 to 2 wk for 3 to 6 mo, then every 8 h to 1 d until 1 a, then every 1 mo`, '/m/t.vigil');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ir!.irVersion).toBe('1.6');
    expect(r.ir!.rules[0]!.actions[0]!.schedule).toEqual([
      { every: '1 to 2 wk', everyDays: '7', everyDaysHigh: '14', bound: { kind: 'for', days: '91.3125', daysHigh: '182.625', text: '3 to 6 mo' } },
      { every: '8 h to 1 d', everyDays: '1/3', everyDaysHigh: '1', bound: { kind: 'until', days: '365.25', text: '1 a' } },
      { every: '1 mo', everyDays: '30.4375' },
    ]);
  });
});

describe('an excluded high end of a dose', () => {
  it('parses `to below` into highExclusive, and an ordinary range without it', () => {
    const doses = decl(parseOk('rule R "t" then dose a 50 mg/d to below injurious_dose then dose b 1 mg/d to 2 mg/d'), 'RuleDecl').actions.map((a) => [a.dose!.highExclusive ?? false, a.dose!.high && show(a.dose!.high)]);
    expect(doses).toEqual([
      [true, 'injurious_dose'],
      [false, '2[mg/d]'],
    ]);
  });
  it('drops a dose whose `to below` has no value, and keeps the rule', () => {
    const r = parse('rule R "t" then dose a 50 mg/d to below then stop a');
    expect(r.diagnostics.filter((d) => d.code === 'VGL1001')).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toContain("after 'below'");
    expect(decl(r.document, 'RuleDecl').actions.map((a) => a.verb)).toEqual(['stop']);
  });
});
