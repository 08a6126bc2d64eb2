// Schedule modifiers in the engine: the decision shows the tightened schedule, the rule that
// tightened it and the original; a modifier that is not evaluable is listed with the schedule
// it would give (never a silently final schedule); the most frequent modifier that fires applies.
import { checkText } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { generateEngine } from './generate.js';
import { instantiateEngine } from '../load.js';

const RULES = `ruleset t version "1"
facts {
  on_drug: boolean optional
  interacting: boolean optional
  severe: boolean optional
  overriding: boolean optional
  started: date optional
}
groups { monitoring "Monitoring" }
rule M-1 "Maintenance" source "s" group monitoring when on_drug then monitor cbc every 3 to 6 mo, then every 1 a for 2 a
rule M-2 "Anchored" source "s" group monitoring when on_drug then monitor lft every 1 wk for 4 wk, then every 1 mo from started
rule I-1 "Interaction" source "s" tightens monitor of monitoring twice as often when interacting then caution aza
rule I-2 "Severe interaction" source "s" tightens monitor cbc of M-1 to every 1 wk when severe then caution aza
rule O-1 "Overrides I-2" source "s" overrides I-2 when overriding then caution aza
`;
const r = checkText(RULES, '/memory/t.vigil');
const e = instantiateEngine(r.ir!);
const now = Date.parse('2027-01-01T00:00:00Z');
const monitor = (facts: object, rule: string) => e.evaluate(facts, { now }).decisions.find((d) => d.rule === rule && d.action === 'monitor')!;

describe('schedule modifiers in the engine', () => {
  it('checks clean', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
  it('leaves the schedule as written when no modifier fires', () => {
    const d = monitor({ on_drug: true, interacting: false, severe: false }, 'M-1');
    expect(d.schedule!.map((p) => p.every)).toEqual(['3 to 6 mo', '1 a']);
    expect(d.tightened).toBeUndefined();
    expect(d.tighteningUnknown).toBeUndefined();
  });
  it('halves each end exactly, keeps the bounds, and names the rule and the original', () => {
    const d = monitor({ on_drug: true, interacting: true, severe: false }, 'M-1');
    expect(d.schedule!.map((p) => [p.every, p.everyDays, p.everyDaysHigh, p.exact?.everyDays, p.bound?.text])).toEqual([
      ['1.5 to 3 mo', 45.65625, 91.3125, '45.65625', undefined],
      ['0.5 a', 182.625, undefined, undefined, '2 a'],
    ]);
    expect(d.tightened!.by).toBe('I-1');
    expect(d.tightened!.how).toBe('twice as often');
    expect(d.tightened!.original.map((p) => p.every)).toEqual(['3 to 6 mo', '1 a']);
  });
  it('applies the most frequent modifier that fires', () => {
    const d = monitor({ on_drug: true, interacting: true, severe: true }, 'M-1');
    expect(d.schedule!.map((p) => p.every)).toEqual(['1 wk', '1 wk']);
    expect(d.tightened!.by).toBe('I-2');
  });
  it('does not apply a modifier whose rule is overridden whole', () => {
    const d = monitor({ on_drug: true, interacting: true, severe: true, overriding: true }, 'M-1');
    expect(d.tightened!.by).toBe('I-1');
  });
  it('lists a tighter modifier that is not evaluable, with the schedule it would give', () => {
    const res = e.evaluate({ on_drug: true, interacting: true }, { now });
    const d = res.decisions.find((x) => x.rule === 'M-1')!;
    expect(d.tightened!.by).toBe('I-1');
    expect(d.tighteningUnknown!.map((u) => [u.rule, u.how, u.schedule.map((p) => p.every).join(', ')])).toEqual([['I-2', 'to every 1 wk', '1 wk, 1 wk']]);
    expect(res.notEvaluable.map((n) => [n.rule, n.missing])).toContainEqual(['I-2', ['severe']]);
  });
  it('shows the untightened schedule as not final when the only modifier is not evaluable', () => {
    const d = monitor({ on_drug: true, severe: false }, 'M-1');
    expect(d.schedule!.map((p) => p.every)).toEqual(['3 to 6 mo', '1 a']);
    expect(d.tightened).toBeUndefined();
    expect(d.tighteningUnknown!.map((u) => u.rule)).toEqual(['I-1']);
  });
  it('keeps an anchored schedule dated from its anchor', () => {
    const d = monitor({ on_drug: true, interacting: true, started: '2026-03-01' }, 'M-2');
    expect(d.schedule!.map((p) => [p.every, p.start, p.end])).toEqual([
      ['0.5 wk', '2026-03-01', '2026-03-29'],
      ['0.5 mo', '2026-03-29', undefined],
    ]);
    expect(d.tightened!.original.map((p) => [p.every, p.start])).toEqual([
      ['1 wk', '2026-03-01'],
      ['1 mo', '2026-03-29'],
    ]);
  });
  it('lists the modifiers in the rules metadata and declares the fields in engine.d.ts', () => {
    expect(e.rules.find((x) => x.id === 'I-1')!.tightens).toEqual([
      { rule: 'M-1', action: 0, how: 'twice as often' },
      { rule: 'M-2', action: 0, how: 'twice as often' },
    ]);
    const dts = generateEngine(r.ir!).dts;
    expect(dts).toContain('readonly tightened?: { readonly by: RuleId; readonly how: string; readonly original: readonly SchedulePhaseResult[] };');
    expect(dts).toContain('readonly tighteningUnknown?:');
  });
  it('refuses an IR whose modifier reaches no schedule or loosens one (a hand-edited IR)', () => {
    const ir = r.ir!;
    const i1 = ir.rules.findIndex((x) => x.id === 'I-1');
    const edit = (t: object) => ({ ...ir, rules: ir.rules.map((x, i) => (i === i1 ? { ...x, tightens: [{ ...x.tightens![0]!, ...t }] } : x)) });
    expect(() => generateEngine(edit({ rule: 'NOPE' }))).toThrow('rule "I-1" tightens action 0 of "NOPE", which is no monitoring schedule of 2 phase(s)');
    const loose = ir.rules.find((x) => x.id === 'I-1')!.tightens![0]!.schedule.map((p) => ({ ...p, everyDays: '1000' }));
    expect(() => generateEngine(edit({ schedule: loose }))).toThrow('rule "I-1" would make the schedule of "M-1" less frequent; a modifier can only tighten');
  });
});

describe('a modifier of a decision table', () => {
  it('tightens the monitoring of the row that decides (a table is a group of its rows)', () => {
    const t = checkText(`ruleset t version "1"
facts { tpmt: enum { normal, low } optional
  inter: boolean optional }
table T "t" source "s" hit first
  | tpmt   | then
  | normal | monitor cbc every 3 mo
  | low    | monitor cbc every 1 wk
rule I-1 "i" source "s" tightens monitor cbc of T twice as often when inter then caution aza
`, '/m/t.vigil');
    const engine = instantiateEngine(t.ir!);
    const d = engine.evaluate({ tpmt: 'low', inter: true }).decisions.find((x) => x.rule === 'T.row2')!;
    expect([d.schedule![0]!.every, d.tightened?.by]).toEqual(['0.5 wk', 'I-1']);
  });
});
