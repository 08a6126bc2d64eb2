// A card for a tightened monitoring schedule says the schedule in effect, which rule tightened
// it and the original; a modifier that is not evaluable is named with what it would give.
import { describe, expect, it } from 'vitest';
import type { Decision } from '@vigil/runtime';
import { DEFAULT_OVERRIDE_REASONS, decisionCard } from '../src/cards.js';

const base: Decision = {
  rule: 'MON-03',
  title: 'Maintenance monitoring',
  action: 'monitor',
  targets: ['cbc'],
  schedule: [{ every: '1.5 to 3 mo', everyDays: 45.65625, everyDaysHigh: 91.3125 }],
  tightened: { by: 'INT-01', how: 'twice as often', original: [{ every: '3 to 6 mo', everyDays: 91.3125, everyDaysHigh: 182.625 }] },
  sources: ['002'],
  explanation: [],
};
const ctx = { serviceId: 's', rulesetLabel: 'aza 1', patientId: 'p', facts: {}, from: {}, missing: {}, overrideReasons: DEFAULT_OVERRIDE_REASONS };

describe('cards for a tightened schedule', () => {
  it('print the tightened schedule, the rule and the original', () => {
    const card = decisionCard(base, ctx);
    expect(card.summary).toBe('Monitor cbc every 1.5 to 3 mo (tightened twice as often by INT-01, from every 3 to 6 mo): Maintenance monitoring');
    expect(card.detail).toContain('**Schedule**: every 1.5 to 3 mo \\(tightened twice as often by INT-01, from every 3 to 6 mo\\)');
  });
  it('name a modifier that is not evaluable', () => {
    const d: Decision = { ...base, schedule: base.tightened!.original, tightened: undefined, tighteningUnknown: [{ rule: 'INT-01', how: 'twice as often', schedule: base.schedule! }] } as Decision;
    expect(decisionCard(d, ctx).summary).toContain('(INT-01, not evaluable, would tighten it twice as often: every 1.5 to 3 mo)');
  });
});

describe('cards for a one-off window', () => {
  it('print the window and, anchored, its due dates', () => {
    const d: Decision = {
      rule: 'INT-04-M',
      title: 'Ribavirin: blood count at the nadir',
      action: 'monitor',
      targets: ['cbc'],
      window: { after: '3 to 6 wk', days: 21, daysHigh: 42, due: '2026-01-22', dueLatest: '2026-02-12' },
      anchor: { fact: 'ribavirin_start', value: '2026-01-01' },
      sources: ['002'],
      explanation: [],
    };
    expect(decisionCard(d, ctx).summary).toBe('Monitor cbc after 3 to 6 wk (due 2026-01-22 to 2026-02-12) from ribavirin_start 2026-01-01: Ribavirin: blood count at the nadir');
  });
});
