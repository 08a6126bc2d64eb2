// Titration and taper schedules: `start A, increase by S every I to L`. Parsing, recovery and
// the IR: the range the schedule moves through (lower end first), with the direction, the
// step in the dose's unit and the interval in exact days.
import { describe, expect, it } from 'vitest';
import { checkText } from '../pipeline.js';
import { decl, parse, parseOk, show } from './test-helpers.js';

describe('titration schedules', () => {
  it('parses the start, direction, step, interval and limit', () => {
    const a = decl(parseOk('rule R "t" then dose aza start 1 mg/kg/d * weight, increase by 0.5 mg/kg/d * weight every 4 wk to 2.5 mg/kg/d * weight'), 'RuleDecl').actions[0]!;
    expect(a.dose!.titration!.direction).toBe('increase');
    expect(show(a.dose!.low)).toBe('(* 1[mg/kg/d] weight)');
    expect(show(a.dose!.titration!.step)).toBe('(* 0.5[mg/kg/d] weight)');
    expect(show(a.dose!.titration!.every)).toBe('4[wk]');
    expect(show(a.dose!.high!)).toBe('(* 2.5[mg/kg/d] weight)');
  });

  it('drops a schedule without its limit, and keeps the rule', () => {
    const r = parse('rule R "t" then dose p start 30 mg/d, decrease by 5 mg/d every 1 wk then stop a');
    expect(r.diagnostics.filter((d) => d.code === 'VGL1001')).toHaveLength(1);
    expect(decl(r.document, 'RuleDecl').actions.map((a) => a.verb)).toEqual(['stop']);
  });

  it('lowers a taper to its range, lower end first, and its step in the dose\'s unit', () => {
    const r = checkText('rule R-1 "t" source "s" then dose pred start 30 mg/d, decrease by 0.005 g/d every 1 wk to 10 mg/d', '/m/t.vigil');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ir!.rules[0]!.actions[0]!.dose).toMatchObject({
      low: { kind: 'quantity', value: '10', unit: 'mg/d' },
      high: { kind: 'quantity', value: '30', unit: 'mg/d' },
      unit: 'mg/d',
      titration: { direction: 'decrease', step: { kind: 'quantity', value: '5', unit: 'mg/d' }, everyDays: '7', every: '1 wk', text: 'start 30 mg/d, decrease by 0.005 g/d every 1 wk to 10 mg/d' },
    });
  });
});
