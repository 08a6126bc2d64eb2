// Duration intervals in monitoring schedules: the decision carries both ends, as days and
// exactly, and the engine's declarations give the shape.
import { checkText } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { generateEngine } from './generate.js';
import { instantiateEngine } from '../load.js';

const RULES = `ruleset t version "1"
facts { flag: boolean }
rule R-1 "ranges" source "s" when flag then monitor cbc every 1 to 2 wk for 3 to 6 mo, then every 8 h to 1 d until 1 a, then every 1 mo
rule R-2 "plain" source "s" when not flag then monitor cbc every 1 wk for 1 mo, then every 8 h
`;
const r = checkText(RULES, '/memory/t.vigil');
const e = instantiateEngine(r.ir!);

describe('schedule intervals in the engine', () => {
  it('reports both ends of every interval, as days and exactly', () => {
    expect(e.evaluate({ flag: true }).decisions[0]!.schedule).toEqual([
      { every: '1 to 2 wk', everyDays: 7, everyDaysHigh: 14, bound: { kind: 'for', days: 91.3125, daysHigh: 182.625, text: '3 to 6 mo' }, exact: { everyDays: '7', everyDaysHigh: '14', boundDays: '91.3125', boundDaysHigh: '182.625' } },
      { every: '8 h to 1 d', everyDays: 1 / 3, everyDaysHigh: 1, bound: { kind: 'until', days: 365.25, text: '1 a' }, exact: { everyDays: '1/3', everyDaysHigh: '1', boundDays: '365.25' } },
      { every: '1 mo', everyDays: 30.4375 },
    ]);
  });
  it('leaves a phase without an interval as it was, adding the exact days only where they do not terminate', () => {
    expect(e.evaluate({ flag: false }).decisions[0]!.schedule).toEqual([
      { every: '1 wk', everyDays: 7, bound: { kind: 'for', days: 30.4375, text: '1 mo' } },
      { every: '8 h', everyDays: 1 / 3, exact: { everyDays: '1/3' } },
    ]);
  });
  it('declares the shape in engine.d.ts', () => {
    const dts = generateEngine(r.ir!).dts;
    expect(dts).toContain('readonly everyDaysHigh?: number;');
    expect(dts).toContain('readonly daysHigh?: number;');
    expect(dts).toContain('readonly exact?: { readonly everyDays: string; readonly everyDaysHigh?: string; readonly boundDays?: string; readonly boundDaysHigh?: string };');
  });
});
