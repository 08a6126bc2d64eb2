import { describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { instantiateEngine } from '../load.js';

const engine = instantiateEngine(
  checkText(`ruleset t
facts { last_dose: datetime optional  started: date optional }
rule R-1 "Gap over 48 h" source "000" when last_dose more than 48 h ago then caution azathioprine
rule R-2 "Recent start" source "002" when started within 4 wk then monitor cbc every 1 wk`).ir!,
);

describe('date facts after the evaluation time', () => {
  it('are an input error naming the fact, not a negative time since', () => {
    expect(() => engine.evaluate({ started: '2026-02-01' }, { now: '2026-01-15T09:00:00Z' })).toThrowError(
      /started: is 2026-02-01, after the evaluation time 2026-01-15T09:00:00(\.000)?Z/,
    );
  });
  it('are fine up to the evaluation time itself', () => {
    const r = engine.evaluate({ last_dose: '2026-01-13T09:00:00Z', started: '2026-01-15' }, { now: '2026-01-15T09:00:00Z' });
    expect(r.decisions.map((d) => d.rule)).toEqual(['R-2']);
  });
  it('are checked on the facts object itself, in fact order, not on its prototype', () => {
    const now = '2026-01-15T09:00:00Z';
    const later = Date.parse('2026-02-01T00:00:00Z');
    const checked = engine.validateFacts({});
    if (!checked.ok) throw new Error('expected valid facts');
    const { last_dose: _l, started: _s, ...rest } = checked.facts as Record<string, unknown>;
    expect(() => engine.evaluateValidated(Object.assign(Object.create({ started: later, last_dose: later }) as object, rest), { now })).not.toThrow();
    expect(() => engine.evaluateValidated({ ...checked.facts, started: later, last_dose: later }, { now })).toThrowError(/last_dose: is 2026-02-01T00:00:00\.000Z/);
  });
});
