// One-off monitoring windows: `monitor lft after 2 to 3 wk [from FACT]`. Parsing, recovery
// and the IR (an action `window`, no `schedule`).
import { describe, expect, it } from 'vitest';
import { checkText } from '../pipeline.js';
import { BASE_FACTS } from '../../test-support/markers.js';
import { decl, parse, parseOk } from './test-helpers.js';

describe('one-off windows', () => {
  it('parses the window, with its interval and anchor', () => {
    const a = decl(parseOk(`rule R "t" then monitor lft after 2 to 3 wk from started`), 'RuleDecl').actions[0]!;
    const s = a.schedule!;
    expect(s.phases).toEqual([]);
    expect([s.window?.amount.value, s.window?.amount.unit, s.window?.amountHigh?.value, s.window?.amountHigh?.unit?.text]).toEqual(['2', undefined, '3', 'wk']);
    expect(s.anchor?.name.value).toBe('started');
    expect(s.range.start.offset).toBe(s.window!.range.start.offset);
    expect(s.range.end.offset).toBe(s.anchor!.range.end.offset);
  });
  it('reports `after` without a duration, and keeps the rule and the next action', () => {
    const r = parse('rule R "t" then monitor lft after then stop a');
    expect(r.diagnostics.filter((d) => d.code === 'VGL1001')).toHaveLength(1);
    expect(decl(r.document, 'RuleDecl').actions.map((a) => a.verb)).toEqual(['stop']);
  });
  it('does not mix phases and a window', () => {
    expect(parse('rule R "t" then monitor lft every 1 wk after 2 wk').diagnostics.length).toBeGreaterThan(0);
  });
  it('lowers to the action window in exact days, the low end in the high end unit', () => {
    const r = checkText(BASE_FACTS + `rule R-1 "t" source "s" when pregnant then monitor lft after 1 to 1.5 mo from last_dose\n`, '/m/t.vigil');
    const a = r.ir!.rules[0]!.actions[0]!;
    expect(a.window).toEqual({ days: '30.4375', daysHigh: '45.65625', text: '1 to 1.5 mo' });
    expect(a.schedule).toBeUndefined();
    expect(a.anchor).toEqual({ fact: 'last_dose', type: 'datetime' });
  });
});
