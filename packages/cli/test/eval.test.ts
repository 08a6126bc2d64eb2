import { describe, expect, it } from 'vitest';
import type { EvaluationResult } from '@vigil/runtime';
import { formatAction, formatDose, formatSchedule } from '../src/commands/eval.js';
import { BROKEN_RULES, RULES, runCli, stubServices, tempTree } from './helpers.js';

const RESULT: EvaluationResult = {
  decisions: [
    {
      rule: 'AZA-PRE-02',
      title: 'Absent TPMT activity',
      action: 'contraindicate',
      targets: ['azathioprine'],
      message: 'life-threatening pancytopenia',
      sources: ['guideline.txt'],
      strength: 'strong',
      explanation: [{ atom: 0, text: 'tpmt absent in { low, absent }' }],
    },
    {
      rule: 'AZA-DOSE-01',
      title: 'Intermediate TPMT',
      action: 'dose',
      targets: ['azathioprine'],
      dose: { low: 0.3, high: 0.7, unit: '1', ofStandard: true },
      sources: ['cpic.txt'],
      explanation: [],
    },
  ],
  notEvaluable: [{ rule: 'AZA-WBC-01', title: 'Low white cell count', missing: ['wbc'] }],
  overridden: [{ rule: 'AZA-WBC-01', by: 'AZA-PRE-02' }],
};

describe('vigil eval', () => {
  it('prints decisions, not-evaluable rules with missing facts, and overridden rules', async () => {
    let seen: unknown;
    const services = stubServices((input) => ((seen = input), RESULT));
    const cwd = tempTree({ 'rules/main.vigil': RULES, 'p1.yaml': 'tpmt: absent\n' });
    const r = await runCli(['eval', 'rules', '--facts', 'p1.yaml', '--now', '2025-03-01T09:00:00Z'], { cwd, services });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(seen).toEqual({ tpmt: 'absent' });
    expect(r.stdout).toBe(
      [
        'demo 1.0.0 · facts p1.yaml · at 2025-03-01T09:00:00Z',
        '',
        '2 decisions',
        '',
        '  contraindicate azathioprine',
        '    rule AZA-PRE-02 "Absent TPMT activity"',
        '    life-threatening pancytopenia',
        '    source: guideline.txt · strength: strong',
        '    because:',
        '      tpmt absent in { low, absent }',
        '',
        '  dose azathioprine 30% to 70% of standard',
        '    rule AZA-DOSE-01 "Intermediate TPMT"',
        '    source: cpic.txt',
        '',
        '1 rule not evaluable',
        '  AZA-WBC-01 "Low white cell count": missing wbc',
        '',
        '1 rule overridden',
        '  AZA-WBC-01 "Low white cell count" overridden by AZA-PRE-02',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing fires', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES, 'p1.json': '{}' });
    const r = await runCli(['eval', 'rules', '--facts', 'p1.json'], { cwd, services: stubServices() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('demo 1.0.0 · facts p1.json\n\nNo decisions.\n');
  });

  it('--json prints the EvaluationResult', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES, 'p1.yaml': 'tpmt: absent\n' });
    const r = await runCli(['eval', 'rules', '--facts', 'p1.yaml', '--json'], { cwd, services: stubServices(() => RESULT) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(RESULT);
  });

  it('refuses a rule set with errors (exit 1, diagnostics on stderr)', async () => {
    const cwd = tempTree({ 'rules/main.vigil': BROKEN_RULES, 'p1.yaml': 'tpmt: absent\n' });
    const r = await runCli(['eval', 'rules', '--facts', 'p1.yaml'], { cwd, services: stubServices() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error VGL2001');
  });

  it('usage errors: no facts, bad --now, missing rules path', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES, 'p1.yaml': 'tpmt: absent\n' });
    const services = stubServices();
    const noFacts = await runCli(['eval', 'rules'], { cwd, services });
    expect(noFacts.code).toBe(2);
    expect(noFacts.stderr).toContain('--facts');
    const badNow = await runCli(['eval', 'rules', '--facts', 'p1.yaml', '--now', 'yesterday'], { cwd, services });
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain("--now 'yesterday' is not an ISO 8601 date");
    const noRules = await runCli(['eval', 'nope', '--facts', 'p1.yaml'], { cwd, services });
    expect(noRules.code).toBe(2);
    const noValue = await runCli(['eval', 'rules', '--facts'], { cwd, services });
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toContain("option '--facts <file>' argument missing");
  });

  it('formats doses and schedules', () => {
    expect(formatDose({ low: 0.3, unit: '1', ofStandard: true })).toBe('30% of standard');
    expect(formatDose({ low: 2, high: 2.5, unit: 'mg/kg/d', ofStandard: false })).toBe('2 to 2.5 mg/kg/d');
    expect(formatDose({ low: 0.1 + 0.2, unit: 'mg', ofStandard: false })).toBe('0.3 mg');
    expect(
      formatSchedule([
        { every: '1 wk', everyDays: 7, bound: { kind: 'for', days: 28, text: '4 wk' } },
        { every: '2 wk', everyDays: 14, bound: { kind: 'until', days: 84, text: '12 wk' } },
        { every: '1 mo', everyDays: 30.4375 },
      ]),
    ).toBe('every 1 wk for 4 wk, then every 2 wk until 12 wk, then every 1 mo');
    expect(formatAction({ rule: 'R', title: 't', action: 'stop', targets: ['azathioprine'], permanent: true, sources: [], explanation: [] })).toBe(
      'stop azathioprine permanently',
    );
    expect(formatAction({ rule: 'R', title: 't', action: 'advise-against', targets: ['live_vaccines'], sources: [], explanation: [] })).toBe(
      'advise against live_vaccines',
    );
  });
});

describe('vigil eval --expr', () => {
  it('evaluates an expression in the rule set context and explains it', async () => {
    const services = stubServices(() => ({
      decisions: [{ rule: '__expr__', title: 'expression', action: 'advise', targets: [], sources: ['--expr'], explanation: [{ atom: 2, text: 'tpmt absent in { low, absent }' }] }],
      notEvaluable: [],
      overridden: [],
      atoms: [-1, -1, 1, 2],
    }));
    const cwd = tempTree({ 'rules/main.vigil': RULES, 'p1.yaml': 'tpmt: absent\n' });
    const r = await runCli(['eval', 'rules', '--expr', 'tpmt in { low, absent } or wbc < 2 10*9/L', '--facts', 'p1.yaml'], { cwd, services });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      ['true', '  because:', '    tpmt absent in { low, absent }', '  conditions:', '    true     tpmt in { low, absent }', '    unknown  wbc < 2 10*9/L', ''].join('\n'),
    );
  });

  it('reports unknown with the missing facts, and --json', async () => {
    const services = stubServices(() => ({ decisions: [], notEvaluable: [{ rule: '__expr__', title: 'expression', missing: ['wbc'] }], overridden: [], atoms: [-1, -1, 2] }));
    const cwd = tempTree({ 'rules/main.vigil': RULES });
    const text = await runCli(['eval', 'rules', '--expr', 'wbc < 2 10*9/L'], { cwd, services });
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('unknown\n  missing: wbc\n  conditions:\n    unknown  wbc < 2 10*9/L\n');
    const json = await runCli(['eval', 'rules', '--expr', 'wbc < 2 10*9/L', '--json'], { cwd, services });
    expect(JSON.parse(json.stdout)).toEqual({
      expression: 'wbc < 2 10*9/L',
      value: 'unknown',
      missing: ['wbc'],
      explanation: [],
      atoms: [{ atom: 2, text: 'wbc < 2 10*9/L', value: 'unknown' }],
    });
  });

  it('points errors in the expression at its own columns', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES });
    const r = await runCli(['eval', 'rules', '--expr', 'tpmt = low and wcc < 2 10*9/L'], { cwd, services: stubServices() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("--expr:1:16 - error VGL2001: Unknown fact or definition 'wcc'.");
    expect(r.stderr).toContain('  1 | tpmt = low and wcc < 2 10*9/L\n    |                ^^^\n');
  });
});
