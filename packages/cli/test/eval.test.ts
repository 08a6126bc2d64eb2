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
  // Two rules overrode AZA-WBC-01: the engine reports a pair for each.
  overridden: [
    { rule: 'AZA-WBC-01', by: 'AZA-PRE-02' },
    { rule: 'AZA-WBC-01', by: 'AZA-DOSE-01' },
  ],
};

describe('vigil eval', () => {
  it('prints decisions, not-evaluable rules with missing facts, and each overridden rule once with every rule that overrode it', async () => {
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
        '  AZA-WBC-01 "Low white cell count" overridden by AZA-PRE-02 and AZA-DOSE-01',
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

  it('--json prints the EvaluationResult with each overridden rule once', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES, 'p1.yaml': 'tpmt: absent\n' });
    const r = await runCli(['eval', 'rules', '--facts', 'p1.yaml', '--json'], { cwd, services: stubServices(() => RESULT) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ...RESULT,
      overridden: [{ rule: 'AZA-WBC-01', title: 'Low white cell count', by: ['AZA-PRE-02', 'AZA-DOSE-01'] }],
    });
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

describe('vigil eval with the compiled engine', () => {
  it('evaluates a patient: decisions with explanations, then not-evaluable rules', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES, 'p1.yaml': 'tpmt: absent\nwbc: "2100 /uL"\n' });
    const r = await runCli(['eval', 'rules', '--facts', 'p1.yaml', '--now', '2025-03-01T09:00:00Z'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('demo 1.0.0 · facts p1.yaml · at 2025-03-01T09:00:00Z\n\n2 decisions\n');
    const contraindicate = r.stdout.indexOf('  contraindicate azathioprine\n    rule AZA-PRE-02 "Absent TPMT activity"\n    life-threatening pancytopenia\n    source: guideline.txt · strength: strong\n    because:\n      tpmt');
    const caution = r.stdout.indexOf('  caution azathioprine\n    rule AZA-WBC-01 "Low white cell count"\n    leucopenia\n');
    expect(contraindicate).toBeGreaterThan(0);
    expect(caution).toBeGreaterThan(contraindicate); // most severe first
    expect(r.stdout).toMatch(/because:\n\s+wbc .*2\.1.*< 3\.5 10\*9\/L/);
  });

  it('lists the rules left unknown by missing facts', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES, 'p1.json': '{ "tpmt": "normal" }' });
    const r = await runCli(['eval', 'rules', '--facts', 'p1.json'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  order tpmt, cbc\n    rule AZA-MISS-01');
    expect(r.stdout).toContain('1 rule not evaluable\n  AZA-WBC-01 "Low white cell count": missing wbc\n');
  });

  it('--json prints the engine\'s EvaluationResult', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES, 'p1.yaml': 'tpmt: low\nwbc: 5\n' });
    const r = await runCli(['eval', 'rules', '--facts', 'p1.yaml', '--json'], { cwd });
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.decisions.map((d: { rule: string }) => d.rule)).toEqual(['AZA-PRE-02']);
    expect(result.decisions[0]).toMatchObject({ action: 'contraindicate', targets: ['azathioprine'], strength: 'strong', sources: ['guideline.txt'] });
    expect(result.notEvaluable).toEqual([]);
    expect(result.overridden).toEqual([]);
  });
});

describe('vigil eval --expr', () => {
  it('evaluates an expression in the rule set context and explains it', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES, 'p1.yaml': 'tpmt: absent\n' });
    const r = await runCli(['eval', 'rules', '--expr', 'tpmt in { low, absent } or wbc < 2 10*9/L', '--facts', 'p1.yaml'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^true\n  because:\n    tpmt.*\n  conditions:\n/);
    expect(r.stdout).toContain('    true     tpmt in { low, absent }  (tpmt = absent)\n');
    expect(r.stdout).toContain('    unknown  wbc < 2 10*9/L  (wbc = missing)\n');
  });

  it('is false when the condition does not hold', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES, 'p1.yaml': 'wbc: "5 10*9/L"\n' });
    const r = await runCli(['eval', 'rules', '--expr', 'wbc < 3.5 10*9/L', '--facts', 'p1.yaml'], { cwd });
    expect(r).toMatchObject({ code: 0, stdout: 'false\n  conditions:\n    false  wbc < 3.5 10*9/L  (wbc = 5 10*9/L)\n' });
  });

  it('reports unknown with the missing facts, and --json', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES });
    const text = await runCli(['eval', 'rules', '--expr', 'wbc < 2 10*9/L'], { cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('unknown\n  missing: wbc\n  conditions:\n    unknown  wbc < 2 10*9/L  (wbc = missing)\n');
    const json = await runCli(['eval', 'rules', '--expr', 'wbc < 2 10*9/L', '--json'], { cwd });
    expect(JSON.parse(json.stdout)).toEqual({
      expression: 'wbc < 2 10*9/L',
      value: 'unknown',
      missing: ['wbc'],
      explanation: [],
      atoms: [{ atom: expect.any(Number), text: 'wbc < 2 10*9/L', facts: { wbc: null }, value: 'unknown' }],
    });
  });

  it('needs no rule set for an expression on literals, and compares units exactly', async () => {
    const cwd = tempTree({});
    const eq = await runCli(['eval', '--expr', '2500 /uL = 2.5 10*9/L'], { cwd });
    expect(eq.code).toBe(0);
    expect(eq.stdout.split('\n')[0]).toBe('true');
    const lt = await runCli(['eval', '--expr', '2500 /uL < 2.5 10*9/L', '--json'], { cwd });
    expect(JSON.parse(lt.stdout)).toMatchObject({ value: 'false' });
    const unknown = await runCli(['eval', '--expr', 'wbc < 3 10*9/L'], { cwd });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error VGL2001: Unknown fact or definition 'wbc'.");
    const none = await runCli(['eval', '--facts', 'p.json'], { cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('eval needs the rule files or directories to evaluate');
  });

  it('points errors in the expression at its own columns, with fixes', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES });
    const r = await runCli(['eval', 'rules', '--expr', 'tpmt = low and wcc < 2 10*9/L'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("--expr:1:16 - error VGL2001: Unknown fact or definition 'wcc'.");
    expect(r.stderr).toContain('  1 | tpmt = low and wcc < 2 10*9/L\n    |                ^^^\n');
    expect(r.stderr).toContain('    1 | tpmt = low and wbc < 2 10*9/L\n      |                +++\n');
  });

  it('an expression cut short points at its end and never shows the synthetic rule', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES });
    const r = await runCli(['eval', 'rules', '--expr', 'wbc <'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^--expr:1:6 - error VGL1001: /);
    expect(r.stderr).not.toContain('then');
    expect(r.stderr).not.toContain('__expr__');
  });

  it('a quantity is not a condition: exit 1 with a hint', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES });
    const r = await runCli(['eval', 'rules', '--expr', 'wbc * 2'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--expr:1:1 - error VGL3002');
    expect(r.stderr).toContain('--expr takes a condition');
  });

  it('checks facts with --expr too', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES, 'p.yaml': 'tpmt: medium\n' });
    const r = await runCli(['eval', 'rules', '--expr', 'tpmt = low', '--facts', 'p.yaml'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('p.yaml:1:1 - error VGL7001: tpmt: ');
  });
});
