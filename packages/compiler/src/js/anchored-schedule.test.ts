// Anchored monitoring schedules: the decision carries the anchor and each phase's dates,
// computed exactly from the anchor fact; without the anchor the rule is not evaluable.
import { checkText } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { generateEngine } from './generate.js';
import { instantiateEngine } from '../load.js';

const RULES = `ruleset t version "1"
facts {
  flag: boolean
  started: date optional
  last_change: datetime optional
}
rule R-1 "anchored" source "s" when flag then monitor cbc every 1 wk for 4 wk, then every 2 wk until 12 wk, then every 1 mo from started
rule R-2 "window" source "s" when not flag then monitor cbc every 1 to 2 wk for 3 to 6 mo, then every 1 mo for 1 mo, then every 3 mo from last_change
rule R-3 "plain" source "s" when flag then monitor lft every 1 wk
`;
const r = checkText(RULES, '/memory/t.vigil');
const e = instantiateEngine(r.ir!);
const now = Date.parse('2027-01-01T00:00:00Z');

describe('anchored schedules in the engine', () => {
  it('dates every phase from a date anchor, in whole days as dates', () => {
    const d = e.evaluate({ flag: true, started: '2026-03-01' }, { now }).decisions.find((x) => x.rule === 'R-1')!;
    expect(d.anchor).toEqual({ fact: 'started', value: '2026-03-01' });
    expect(d.schedule!.map((p) => [p.start, p.end])).toEqual([
      ['2026-03-01', '2026-03-29'],
      ['2026-03-29', '2026-05-24'],
      ['2026-05-24', undefined],
    ]);
  });
  it('gives an earliest and latest date after an interval bound, and a date and time for months', () => {
    const d = e.evaluate({ flag: false, last_change: '2026-01-01T08:00:00Z' }, { now }).decisions[0]!;
    expect(d.anchor).toEqual({ fact: 'last_change', value: '2026-01-01T08:00:00.000Z' });
    const p = d.schedule!;
    expect([p[0]!.start, p[0]!.startLatest, p[0]!.end, p[0]!.endLatest]).toEqual(['2026-01-01T08:00:00.000Z', undefined, '2026-04-02T15:30:00.000Z', '2026-07-02T23:00:00.000Z']);
    expect([p[1]!.start, p[1]!.startLatest, p[1]!.end, p[1]!.endLatest]).toEqual(['2026-04-02T15:30:00.000Z', '2026-07-02T23:00:00.000Z', '2026-05-03T02:00:00.000Z', '2026-08-02T09:30:00.000Z']);
    expect([p[2]!.start, p[2]!.startLatest, p[2]!.end]).toEqual(['2026-05-03T02:00:00.000Z', '2026-08-02T09:30:00.000Z', undefined]);
  });
  it('leaves a rule that fired without its anchor not evaluable, naming the anchor; other rules stand', () => {
    const res = e.evaluate({ flag: true }, { now });
    expect(res.decisions.map((x) => x.rule)).toEqual(['R-3']);
    expect(res.notEvaluable).toEqual([{ rule: 'R-1', title: 'anchored', missing: ['started'] }]);
  });
  it('does not need the anchor of a rule that did not fire', () => {
    expect(e.evaluate({ flag: false }, { now }).notEvaluable).toEqual([{ rule: 'R-2', title: 'window', missing: ['last_change'] }]);
    expect(e.evaluate({ flag: true, started: '2026-03-01' }, { now }).notEvaluable).toEqual([]);
  });
  it('declares the shape in engine.d.ts', () => {
    const dts = generateEngine(r.ir!).dts;
    expect(dts).toContain('readonly startLatest?: string;');
    expect(dts).toContain('readonly anchor?: { readonly fact: string; readonly value: string };');
  });
});
