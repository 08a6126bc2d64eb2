// Every kind of bad fixture gives a clear error: its code, file, line, case and field.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '@vigil/core';
import { renderText, runTests, type TestReport } from '../src/index.js';
import { allCases, demoTree, DEMO_RULES, tempTree } from './helpers.js';

function problems(report: TestReport): Diagnostic[] {
  return [...report.files.flatMap((f) => f.diagnostics), ...allCases(report).flatMap((c) => c.diagnostics)];
}

/** Runs one fixture text and returns its only problem, with its 1-based line. */
async function onlyProblem(cases: string, extra: Record<string, string> = {}): Promise<Diagnostic & { line: number; file: string }> {
  const dir = demoTree(cases, extra);
  const report = await runTests({ paths: [dir], cwd: dir });
  expect(report.ok).toBe(false);
  const all = problems(report);
  expect(all, all.map((d) => d.message).join('\n')).toHaveLength(1);
  const d = all[0]!;
  return { ...d, line: d.range.start.line + 1, file: d.uri.slice(dir.length + 1) };
}

const HEAD = `as_of: 2026-01-15
cases:
  - name: the case
    extends: normal_patient
`;

describe('facts that do not fit the rule set (VGL7001, through the engine)', () => {
  it('unknown fact name, with the nearest name', async () => {
    const d = await onlyProblem(`${HEAD}    facts:
      tpmt: normal
      wcb: "3 10*9/L"
    expect: { decisions: [DEMO-WBC-01] }
`);
    expect(d).toMatchObject({ code: 'VGL7001', file: 'demo/tests/t.cases.yaml', line: 7, data: { case: 'the case', field: 'wcb' } });
    expect(d.message).toBe(`Case 'the case', fact 'wcb': unknown fact "wcb". Did you mean 'wbc'?`);
  });

  it('wrong type', async () => {
    const d = await onlyProblem(`${HEAD}    facts:
      pregnant: "yes"
    expect: { not: [DEMO-LFT-01] }
`);
    expect(d).toMatchObject({ code: 'VGL7001', line: 6, data: { field: 'pregnant' } });
    expect(d.message).toContain("fact 'pregnant'");
    expect(d.message).toContain('expected true or false');
  });

  it('incommensurable unit, listing the accepted ones', async () => {
    const d = await onlyProblem(`${HEAD}    facts:
      wbc: "3 mg"
    expect: { decisions: [DEMO-WBC-01] }
`);
    expect(d).toMatchObject({ code: 'VGL7001', line: 6, data: { field: 'wbc' } });
    expect(d.message).toContain('"mg"');
    expect(d.message).toContain('/uL');
  });

  it('bad enum value, with the nearest value', async () => {
    const d = await onlyProblem(`${HEAD}    facts:
      tpmt: absnt
    expect: { decisions: [DEMO-TPMT-01] }
`);
    expect(d).toMatchObject({ code: 'VGL7001', line: 6, data: { field: 'tpmt' } });
    expect(d.message).toContain("Did you mean 'absent'?");
  });

  it('a bad item of a set points at the item', async () => {
    const d = await onlyProblem(`${HEAD}    facts:
      medications:
        - allopurinol
        - 42
    expect: { decisions: [DEMO-XO-01] }
`);
    expect(d).toMatchObject({ code: 'VGL7001', line: 8, data: { path: 'medications[1]' } });
  });

  it('an unreadable relative date', async () => {
    const d = await onlyProblem(`${HEAD}    facts:
      last_cbc: 3 fortnights ago
    expect: { decisions: [DEMO-MON-01] }
`);
    expect(d).toMatchObject({ code: 'VGL7001', line: 6, data: { field: 'last_cbc' } });
    expect(d.message).toContain("unknown time unit 'fortnights'");
  });

  it('a bad value in a shared set is reported where the set defines it', async () => {
    const dir = demoTree(`${HEAD.replace('normal_patient', 'broken')}    expect: { decisions: [DEMO-WBC-01] }
`, { 'demo/tests/more.facts.yaml': '# extra sets\nbroken:\n  wbc: "3 kg"\n' });
    const report = await runTests({ paths: [dir] });
    const c = allCases(report)[0]!;
    expect(c.status).toBe('error');
    expect(c.diagnostics).toHaveLength(1);
    expect(c.diagnostics[0]!.uri).toBe(join(dir, 'demo/tests/more.facts.yaml'));
    expect(c.diagnostics[0]!.range.start.line + 1).toBe(3);
    expect(c.diagnostics[0]!.message).toMatch(/^Shared facts 'broken', fact 'wbc':/);
  });

  it('an unused shared set is still checked', async () => {
    const d = await onlyProblem(`${HEAD}    expect: { not: [DEMO-WBC-01] }
`, { 'demo/tests/more.facts.yaml': 'unused:\n  tpmt: nromal\n' });
    expect(d).toMatchObject({ code: 'VGL7001', file: 'demo/tests/more.facts.yaml', line: 2 });
    expect(d.message).toContain("Did you mean 'normal'?");
  });
});

describe('malformed files (VGL7002)', () => {
  it('malformed YAML, at the fault', async () => {
    const d = await onlyProblem(`cases:
  - name: a
    facts: { tpmt: normal
    expect: { decisions: [DEMO-TPMT-01] }
`);
    expect(d.code).toBe('VGL7002');
    expect(d.message).toMatch(/^Malformed YAML: /);
    expect(d.line).toBeGreaterThanOrEqual(3);
  });

  it('malformed shared facts file', async () => {
    const d = await onlyProblem(`${HEAD}    expect: { not: [DEMO-WBC-01] }
`, { 'demo/tests/more.facts.yaml': 'a:\n  b: [1, 2\n' });
    expect(d).toMatchObject({ code: 'VGL7002', file: 'demo/tests/more.facts.yaml' });
  });
});

describe('fixtures that do not make sense (VGL7003, VGL7010–VGL7027)', () => {
  it('unknown expectation key, with the nearest key', async () => {
    const d = await onlyProblem(`${HEAD}    expect:
      decisions: [DEMO-WBC-01]
      not_evaluble: [DEMO-LFT-01]
`);
    expect(d).toMatchObject({ code: 'VGL7010', line: 7, data: { case: 'the case', field: 'not_evaluble' } });
    expect(d.message).toContain("Did you mean 'not_evaluable'?");
  });

  it('unknown key in a decision', async () => {
    const d = await onlyProblem(`${HEAD}    expect:
      decisions:
        - rule: DEMO-TPMT-01
          mesage: pancytopenia
`);
    expect(d).toMatchObject({ code: 'VGL7010', line: 8, data: { field: 'mesage' } });
    expect(d.message).toContain("Did you mean 'message'?");
  });

  it('unknown case key and unknown file key', async () => {
    const dir = demoTree(`as_of: 2026-01-15
case:
  - name: a
cases:
  - name: the case
    extends: normal_patient
    fact: { tpmt: low }
    expect: { decisions: [DEMO-TPMT-01] }
`);
    const report = await runTests({ paths: [dir] });
    const all = problems(report).map((d) => [d.range.start.line + 1, d.message]);
    expect(all).toContainEqual([2, expect.stringContaining("Unknown key 'case' in a fixture file") as unknown]);
    expect(all).toContainEqual([7, expect.stringContaining("Unknown key 'fact' in case 'the case'") as unknown]);
    expect(all.find(([, m]) => String(m).includes("'fact'"))?.[1]).toContain("Did you mean 'facts'?");
  });

  it('a rule id that does not exist, with the nearest id', async () => {
    const d = await onlyProblem(`${HEAD}    expect:
      decisions:
        - rule: DEMO-TMPT-01
`);
    expect(d).toMatchObject({ code: 'VGL7011', line: 7, data: { field: 'rule', candidates: ['DEMO-TPMT-01'] } });
    expect(d.message).toBe("Unknown rule 'DEMO-TMPT-01'. Did you mean 'DEMO-TPMT-01'?");
  });

  it('unknown rule ids in not_evaluable and overridden, unknown facts in missing', async () => {
    const dir = demoTree(`${HEAD}    expect:
      not_evaluable:
        - rule: DEMO-LFT-1
          missing: [alt_ulm]
      overridden: [DEMO-XO-02]
`);
    const report = await runTests({ paths: [dir] });
    const messages = problems(report).map((d) => `${d.range.start.line + 1}: ${d.message}`);
    expect(messages).toEqual([
      "7: Unknown rule 'DEMO-LFT-1'. Did you mean 'DEMO-LFT-01'?",
      "8: Unknown fact 'alt_ulm'. Did you mean 'alt_uln'?",
      "9: Unknown rule 'DEMO-XO-02'. Did you mean 'DEMO-XO-01'?",
    ]);
  });

  it('an action or target the rule never decides', async () => {
    const dir = demoTree(`${HEAD}    expect:
      decisions:
        - rule: DEMO-WBC-01
          action: caution
        - rule: DEMO-WBC-01
          target: azathiopine
        - action: contraindicte
`);
    const report = await runTests({ paths: [dir] });
    const messages = problems(report).map((d) => `${d.range.start.line + 1}: ${d.message}`);
    expect(messages).toEqual([
      "7: Rule DEMO-WBC-01 never decides 'caution'; it decides: stop azathioprine.",
      "10: No rule acts on 'azathiopine'. Did you mean 'azathioprine'?",
      "11: Unknown action 'contraindicte'; expected one of contraindicate, stop, caution, dose, monitor, order, recommend, advise-against, advise. Did you mean 'contraindicate'?",
    ]);
  });

  it('unknown extends, with the nearest set and the known ones', async () => {
    const d = await onlyProblem(`as_of: 2026-01-15
cases:
  - name: the case
    extends: normal_pateint
    expect: { not: [DEMO-WBC-01] }
`);
    expect(d).toMatchObject({ code: 'VGL7011', line: 4, data: { case: 'the case', field: 'extends' } });
    expect(d.message).toBe("Unknown shared facts 'normal_pateint'. Did you mean 'normal_patient'? Known sets: normal_patient, on_allopurinol.");
  });

  it('a case without a name, facts or expectations', async () => {
    const dir = demoTree(`cases:
  - facts: { tpmt: low }
  - name: empty
`);
    const report = await runTests({ paths: [dir] });
    const messages = problems(report).map((d) => `${d.range.start.line + 1}: ${d.message}`);
    expect(messages).toEqual([
      "2: Case 1 has no 'name'; give every case a name that says what it shows.",
      "2: Case 'case 1' has no 'expect'; say which decisions it should (or should not) produce.",
      "3: Case 'empty' has no 'facts' and no 'extends'; describe the patient.",
      "3: Case 'empty' has no 'expect'; say which decisions it should (or should not) produce.",
    ]);
  });

  it('duplicate case names, bad as_of, bad dose', async () => {
    const dir = demoTree(`cases:
  - name: twin
    as_of: last tuesday
    extends: normal_patient
    expect: { decisions: [{ rule: DEMO-TPMT-02, dose: { low: lots } }] }
  - name: twin
    extends: normal_patient
    expect: { not: [DEMO-TPMT-02] }
`);
    const report = await runTests({ paths: [dir] });
    const messages = problems(report).map((d) => `${d.range.start.line + 1}: ${d.message}`);
    expect(messages).toEqual([
      "3: 'as_of' must be a date (2026-01-15) or a date-time (2026-01-15T09:30:00Z), but it is the text 'last tuesday'.",
      `5: 'dose.low' must be a number (0.3), a percentage ("30%") or a fraction ("1/3"), but it is the text 'lots'.`,
      "6: Duplicate case name 'twin' (first at line 2); names identify cases in reports.",
    ]);
  });

  it('a fixture with no rule set beside it', async () => {
    const dir = tempTree({ 'loose/x.cases.yaml': 'cases: []\n' });
    const report = await runTests({ paths: [dir] });
    expect(report.totals.errors).toBe(1);
    expect(report.files[0]!.diagnostics[0]!.message).toMatch(/^No rule set found for this fixture/);
  });
});

describe('rule sets with errors', () => {
  it('make every case an error carrying the check diagnostics', async () => {
    const dir = tempTree({
      'demo/demo.vigil': DEMO_RULES.replace('when leucopenia', 'when leucopaenia'),
      'demo/tests/t.cases.yaml': `cases:
  - name: one
    facts: { tpmt: low }
    expect: { decisions: [DEMO-TPMT-01] }
  - name: two
    facts: { tpmt: normal }
    expect: { not: [DEMO-TPMT-01] }
`,
    });
    const report = await runTests({ paths: [dir], cwd: dir });
    expect(allCases(report).map((c) => c.status)).toEqual(['error', 'error']);
    expect(report.ruleSets[0]!.diagnostics.map((d) => d.code)).toEqual(['VGL2001']);
    expect(allCases(report)[0]!.diagnostics[0]!.message).toContain("Did you mean 'leucopenia'?");
    const text = renderText(report, { cwd: dir });
    expect(text).toContain('demo/demo.vigil:');
    expect(text).toContain('shown above');
    expect(text.trimEnd().split('\n').pop()).toBe('0 passed, 0 failed, 2 errors');
  });
});
