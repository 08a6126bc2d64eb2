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
});
