// A monitoring decision with duration intervals: the card prints both ends of each.
import { describe, expect, it } from 'vitest';
import type { Decision } from '@vigil/runtime';
import { DEFAULT_OVERRIDE_REASONS, decisionCard } from '../src/cards.js';

const decision: Decision = {
  rule: 'MON-03',
  title: 'Maintenance monitoring',
  action: 'monitor',
  targets: ['cbc', 'lft'],
  schedule: [
    { every: '3 to 6 mo', everyDays: 91.3125, everyDaysHigh: 182.625, bound: { kind: 'for', days: 365.25, daysHigh: 730.5, text: '1 to 2 a' }, exact: { everyDays: '91.3125', everyDaysHigh: '182.625', boundDays: '365.25', boundDaysHigh: '730.5' } },
    { every: '1 a', everyDays: 365.25 },
  ],
  sources: ['002'],
  explanation: [],
};

describe('cards for schedules with intervals', () => {
  it('prints the range of each interval in the summary', () => {
    const card = decisionCard(decision, { serviceId: 's', rulesetLabel: 'aza 1', patientId: 'p', facts: {}, from: {}, missing: {}, overrideReasons: DEFAULT_OVERRIDE_REASONS });
    expect(card.summary).toBe('Monitor cbc, lft every 3 to 6 mo for 1 to 2 a, then every 1 a: Maintenance monitoring');
  });
});
