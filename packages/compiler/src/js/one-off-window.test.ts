// One-off monitoring windows (`monitor lft after 2 to 3 wk`): the decision carries the window
// (as written, in days and exactly); anchored (`… from FACT`), its earliest and latest due
// dates; without the anchor the rule is not evaluable, no date guessed.
import { checkText } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { generateEngine } from './generate.js';
import { instantiateEngine } from '../load.js';

const RULES = `ruleset t version "1"
facts {
  flag: boolean optional
  ribavirin_start: date optional
  changed: datetime optional
}
rule W-1 "window" source "s" when flag then monitor lft after 2 to 3 wk
rule W-2 "anchored" source "s" when flag then monitor cbc after 3 to 6 wk from ribavirin_start
rule W-3 "one duration, datetime anchor" source "s" when not flag then monitor cbc after 1 mo from changed
`;
const r = checkText(RULES, '/memory/t.vigil');
const e = instantiateEngine(r.ir!);
const now = Date.parse('2027-01-01T00:00:00Z');

describe('one-off windows in the engine', () => {
  it('lowers to the action window, with no schedule; IR 1.6', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const a = r.ir!.rules[0]!.actions[0]!;
    expect(a.window).toEqual({ days: '14', daysHigh: '21', text: '2 to 3 wk' });
    expect(a.schedule).toBeUndefined();
  });
  it('gives the window as written, in days and exactly', () => {
    const d = e.evaluate({ flag: true, ribavirin_start: '2026-12-01' }, { now }).decisions.find((x) => x.rule === 'W-1')!;
    expect(d.window).toEqual({ after: '2 to 3 wk', days: 14, daysHigh: 21, exact: { days: '14', daysHigh: '21' } });
    expect(d.schedule).toBeUndefined();
  });
  it('dates an anchored window: the earliest and latest due dates', () => {
    const d = e.evaluate({ flag: true, ribavirin_start: '2026-12-01' }, { now }).decisions.find((x) => x.rule === 'W-2')!;
    expect(d.window).toMatchObject({ after: '3 to 6 wk', due: '2026-12-22', dueLatest: '2027-01-12' });
    expect(d.anchor).toEqual({ fact: 'ribavirin_start', value: '2026-12-01' });
    const m = e.evaluate({ flag: false, changed: '2026-12-01T06:00:00Z' }, { now }).decisions[0]!;
    expect(m.window).toEqual({ after: '1 mo', days: 30.4375, due: '2026-12-31T16:30:00.000Z' });
  });
  it('leaves a rule that fires without its anchor not evaluable, naming it', () => {
    const res = e.evaluate({ flag: true }, { now });
    expect(res.decisions.map((x) => x.rule)).toEqual(['W-1']);
    expect(res.notEvaluable).toEqual([{ rule: 'W-2', title: 'anchored', missing: ['ribavirin_start'] }]);
  });
  it('declares the window in engine.d.ts and the rules metadata', () => {
    expect(generateEngine(r.ir!).dts).toContain('readonly window?: WindowResult;');
    expect(e.rules.find((x) => x.id === 'W-2')!.actions[0]).toMatchObject({ window: '3 to 6 wk', anchor: 'ribavirin_start' });
  });
});
