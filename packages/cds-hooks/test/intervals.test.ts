// Cards for the new ranges: a schedule interval prints both ends, a dose with an excluded high
// end prints "to below" and is never stated as an inclusive FHIR range.
import { describe, expect, it } from 'vitest';
import type { Decision } from '@vigil/runtime';
import { DEFAULT_OVERRIDE_REASONS, decisionCard, md } from '../src/cards.js';
import { doseInstruction } from '../src/suggestions.js';

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

describe('cards for a dose with an excluded high end', () => {
  const dose: Decision = {
    rule: 'RE-03',
    title: 'Escalate below the injurious dose',
    action: 'dose',
    targets: ['azathioprine'],
    dose: { low: 50, high: 150, highExclusive: true, unit: 'mg/d', ofStandard: false, exact: { low: '50', high: '150' } },
    sources: ['003'],
    explanation: [],
  };
  it('prints "to below" and gives the FHIR dosage as text only (a FHIR range includes its ends)', () => {
    const card = decisionCard(dose, { serviceId: 's', rulesetLabel: 'aza 1', patientId: 'p', facts: {}, from: {}, missing: {}, overrideReasons: DEFAULT_OVERRIDE_REASONS, draftOrders: { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'MedicationRequest', id: 'm1', medicationCodeableConcept: { text: 'azathioprine' } } }] } });
    expect(card.summary).toBe('Dose azathioprine 50 to below 150 mg/d: Escalate below the injurious dose');
    expect(doseInstruction(dose)).toEqual({ text: '50 to below 150 mg/d (rule RE-03)' });
    expect(doseInstruction({ ...dose, dose: { ...dose.dose!, highExclusive: undefined } as never })).toHaveProperty('maxDosePerPeriod');
  });
});

describe('cards for a dose with a frequency', () => {
  it('prints the daily equivalent and the amount each time', () => {
    const d: Decision = {
      rule: 'DES-05',
      title: 'Cetirizine',
      action: 'dose',
      targets: ['cetirizine'],
      dose: { low: 20, unit: 'mg/d', ofStandard: false, exact: { low: '20' }, frequency: { text: 'twice daily', count: 2, periodDays: 1, amount: { low: 10, unit: 'mg', exact: { low: '10' } } } },
      sources: ['000'],
      explanation: [],
    };
    const card = decisionCard(d, { serviceId: 's', rulesetLabel: 'aza 1', patientId: 'p', facts: {}, from: {}, missing: {}, overrideReasons: DEFAULT_OVERRIDE_REASONS });
    expect(card.summary).toBe('Dose cetirizine 20 mg/d (10 mg twice daily): Cetirizine');
  });
});

describe('cards for a titration', () => {
  it('prints the range, then where it starts, the step, the interval and the limit', () => {
    const d: Decision = {
      rule: 'DOSE-01',
      title: 'Escalate',
      action: 'dose',
      targets: ['azathioprine'],
      dose: { low: 70, high: 175, unit: 'mg/d', ofStandard: false, exact: { low: '70', high: '175' }, titration: { direction: 'increase', start: '70', step: '35', limit: '175', every: '4 wk', everyDays: 28, steps: 3 } },
      sources: ['002'],
      explanation: [],
    };
    const card = decisionCard(d, { serviceId: 's', rulesetLabel: 'aza 1', patientId: 'p', facts: {}, from: {}, missing: {}, overrideReasons: DEFAULT_OVERRIDE_REASONS });
    expect(card.summary).toBe('Dose azathioprine 70 to 175 mg/d (from 70 mg/d, increase by 35 mg/d every 4 wk to 175 mg/d, 3 steps): Escalate');
  });
});

describe('cards for an anchored schedule', () => {
  it('prints each phase with its dates, and the anchor', () => {
    const d: Decision = {
      rule: 'MON-01',
      title: 'Induction monitoring',
      action: 'monitor',
      targets: ['cbc'],
      schedule: [
        { every: '1 wk', everyDays: 7, bound: { kind: 'for', days: 28, text: '4 wk' }, start: '2026-03-01', end: '2026-03-29' },
        { every: '2 wk', everyDays: 14, bound: { kind: 'for', days: 14, daysHigh: 28, text: '2 to 4 wk' }, start: '2026-03-29', end: '2026-04-12', endLatest: '2026-04-26' },
        { every: '1 mo', everyDays: 30.4375, start: '2026-04-12', startLatest: '2026-04-26' },
      ],
      anchor: { fact: 'azathioprine_start', value: '2026-03-01' },
      sources: ['002'],
      explanation: [],
    };
    const card = decisionCard(d, { serviceId: 's', rulesetLabel: 'aza 1', patientId: 'p', facts: {}, from: {}, missing: {}, overrideReasons: DEFAULT_OVERRIDE_REASONS });
    const full = 'every 1 wk for 4 wk (2026-03-01 to 2026-03-29), then every 2 wk for 2 to 4 wk (starts 2026-03-29, ends 2026-04-12 to 2026-04-26), then every 1 mo (from 2026-04-12 to 2026-04-26) from azathioprine_start 2026-03-01';
    expect(card.summary.startsWith('Monitor cbc every 1 wk for 4 wk (2026-03-01 to 2026-03-29), then')).toBe(true);
    expect(card.detail).toContain(`**Schedule**: ${md(full)}`);
  });
});
