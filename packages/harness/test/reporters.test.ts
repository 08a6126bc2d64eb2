import { describe, expect, it } from 'vitest';
import { renderJson, renderJUnit, renderText, runTests, xmlEscape, type TestReport } from '../src/index.js';
import { caseNamed, demoTree } from './helpers.js';
import { parseXml } from './xml.js';

const FAILING = `as_of: 2026-01-15
cases:
  - name: leucopenia stops azathioprine
    extends: normal_patient
    facts:
      wbc: "3.1 10*9/L"
    expect:
      decisions:
        - rule: DEMO-WBC-01
          action: stop
          message: "below 3.0"
      not: [DEMO-TPMT-01]

  - name: "dose for <intermediate> & \\"quoted\\" TPMT"
    extends: on_allopurinol
    facts: { tpmt: intermediate }
    expect:
      decisions_exactly:
        - rule: DEMO-TPMT-02
          dose: { low: 0.25, high: 0.7 }

  - name: liver rule unknown without the ULN
    extends: normal_patient
    facts: { alt_uln: null }
    expect:
      not_evaluable: [DEMO-LFT-01]

  - name: a bad fact
    extends: normal_patient
    facts: { wbc: "3 kg" }
    expect: { decisions: [DEMO-WBC-01] }
`;

async function failingReport(): Promise<{ dir: string; report: TestReport }> {
  const dir = demoTree(FAILING);
  return { dir, report: await runTests({ paths: [dir], cwd: dir }) };
}

describe('the rules of a case', () => {
  it('are those its expectations name and those that decided, sorted; a case in error keeps the named ones', async () => {
    const { report } = await failingReport();
    const leucopenia = caseNamed(report, 'leucopenia stops azathioprine');
    expect(leucopenia.rules).toEqual([...new Set(['DEMO-TPMT-01', 'DEMO-WBC-01', ...leucopenia.actual!.decisions.map((d) => d.rule)])].sort());
    expect(caseNamed(report, 'liver rule unknown without the ULN').rules).toContain('DEMO-LFT-01');
    const bad = caseNamed(report, 'a bad fact');
    expect(bad.status).toBe('error');
    expect(bad.rules).toEqual(['DEMO-WBC-01']);
  });
});

describe('text reporter', () => {
  it('shows each failure with a - expected / + actual diff and the trace', async () => {
    const { dir, report } = await failingReport();
    const text = renderText(report, { cwd: dir });
    const lines = text.split('\n');
    const diffAt = lines.findIndex((l) => l.trim() === '- expected');
    expect(diffAt).toBeGreaterThan(0);
    expect(lines[diffAt + 1]!.trim()).toBe('+ actual');
    expect(text).toContain('      - DEMO-WBC-01 stop, message ~ "below 3.0"\n      + DEMO-WBC-01 stop azathioprine: "white cell count below 3.5"\n');
    expect(text).toContain('near miss: DEMO-WBC-01 decided, but the message is "white cell count below 3.5"');
    expect(text).toContain('DEMO-WBC-01 "Leucopenia": fired');
    expect(text).toContain('wbc 3.1 10*9/L < 3.5 10*9/L');
    // exact lists: the changed dose reads as a change, the extra decision as an addition
    expect(text).toContain(
      '      - DEMO-TPMT-02 25% to 70% of standard\n      + DEMO-TPMT-02 dose azathioprine 30% to 70% of standard: "reduced TPMT activity"\n      + DEMO-XO-01 caution azathioprine: "allopurinol raises thiopurine levels"\n',
    );
    expect(text).toContain('at demo/tests/t.cases.yaml:3 · as of 2026-01-15T00:00:00Z');
    // the error shows where the bad value is
    expect(text).toMatch(/demo\/tests\/t\.cases\.yaml:30:\d+ - error VGL7001: Case 'a bad fact', fact 'wbc': unit "kg" is not accepted/);
    expect(text).toContain('30 |     facts: { wbc: "3 kg" }');
    expect(lines[lines.length - 2]).toBe('1 passed, 2 failed, 1 errors');
    expect(text.endsWith('1 passed, 2 failed, 1 errors\n')).toBe(true);
  });

  it('explains why an expected rule did not fire, condition by condition', async () => {
    const dir = demoTree(`as_of: 2026-01-15
cases:
  - name: expects the liver rule
    extends: normal_patient
    facts: { alt: "200 U/L", pregnant: true }
    expect: { decisions: [DEMO-LFT-01] }
`);
    const report = await runTests({ paths: [dir], cwd: dir });
    const text = renderText(report, { cwd: dir });
    expect(text).toContain('DEMO-LFT-01 "Transaminases above three times ULN": not fired');
    expect(text).toContain('true  alt > 3 x uln  (alt = 200 U/L; alt_uln = 40 U/L)');
    expect(text).toContain('true  not pregnant  (pregnant = true)');
    expect(caseNamed(report, 'expects the liver rule').trace[0]!.conditions.map((c) => c.value)).toEqual(['true', 'true']);
  });

  it('ends with "N passed, N failed" when nothing errs', async () => {
    const dir = demoTree(`cases:
  - name: ok
    extends: normal_patient
    expect: { not: [DEMO-WBC-01] }
`);
    const text = renderText(await runTests({ paths: [dir], cwd: dir }), { cwd: dir });
    expect(text.trimEnd().split('\n').pop()).toBe('1 passed, 0 failed');
  });
});

describe('JSON reporter', () => {
  it('has the documented stable shape', async () => {
    const { dir, report } = await failingReport();
    const json = JSON.parse(renderJson(report, dir)) as Record<string, any>;
    expect(Object.keys(json)).toEqual(['schema', 'ok', 'startedAt', 'durationMs', 'totals', 'ruleSets', 'files']);
    expect(json.schema).toBe('vigil-test-report/1');
    expect(json.ok).toBe(false);
    expect(json.totals).toEqual({ files: 1, cases: 4, passed: 1, failed: 2, errors: 1, filteredOut: 0, updated: 0 });
    const [file] = json.files;
    expect(file.file).toBe('demo/tests/t.cases.yaml');
    expect(file.ruleSet).toBe('demo');
    const first = file.cases[0];
    expect(Object.keys(first)).toEqual(['name', 'file', 'line', 'asOf', 'rules', 'status', 'durationMs', 'facts', 'failures', 'diff', 'actual', 'trace', 'diagnostics']);
    expect(first).toMatchObject({ name: 'leucopenia stops azathioprine', line: 3, status: 'failed', asOf: '2026-01-15T00:00:00Z' });
    expect(first.failures[0]).toMatchObject({ kind: 'missing-decision', expected: 'DEMO-WBC-01 stop, message ~ "below 3.0"' });
    expect(first.diff[0]).toEqual({ sign: '-', text: 'DEMO-WBC-01 stop, message ~ "below 3.0"' });
    expect(first.actual.decisions[0]).toMatchObject({ rule: 'DEMO-WBC-01', action: 'stop', targets: ['azathioprine'], explanation: ['wbc 3.1 10*9/L < 3.5 10*9/L'] });
    const bad = file.cases[3];
    expect(bad.status).toBe('error');
    expect(bad.diagnostics[0]).toMatchObject({ code: 'VGL7001', file: 'demo/tests/t.cases.yaml', line: 30, column: 14, data: { case: 'a bad fact', field: 'wbc' } });
  });
});

describe('JUnit reporter', () => {
  it('writes well-formed XML with escaped text', async () => {
    const { dir, report } = await failingReport();
    const xml = renderJUnit(report, dir);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '4', failures: '2', errors: '1' });
    const suite = root.children[0]!;
    expect(suite.name).toBe('testsuite');
    expect(suite.attributes).toMatchObject({ name: 'demo/tests/t.cases.yaml', tests: '4', failures: '2', errors: '1' });
    const cases = suite.children;
    expect(cases.map((c) => c.name)).toEqual(['testcase', 'testcase', 'testcase', 'testcase']);
    expect(cases[1]!.attributes.name).toBe('dose for <intermediate> & "quoted" TPMT');
    expect(cases.map((c) => c.children[0]?.name ?? 'passed')).toEqual(['failure', 'failure', 'passed', 'error']);
    const failure = cases[0]!.children[0]!;
    expect(failure.attributes.type).toBe('missing-decision');
    expect(failure.text).toContain('- DEMO-WBC-01 stop, message ~ "below 3.0"');
    expect(failure.text).toContain('wbc 3.1 10*9/L < 3.5 10*9/L');
    expect(cases[3]!.children[0]!.attributes.type).toBe('VGL7001');
  });

  it('escapes markup and drops characters XML forbids', () => {
    expect(xmlEscape(`a<b>&"c'\u0001\u001b[31md`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;\uFFFDd');
    expect(() => parseXml(`<a x="${xmlEscape('<&>\u0000')}">${xmlEscape('</a>')}</a>`)).not.toThrow();
  });

  it('the checker rejects what is not well-formed', () => {
    for (const bad of ['<a><b></a></b>', '<a x=1/>', '<a>&nbsp;</a>', '<a>1 < 2</a>', '<a/><b/>', '<a>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
  });

  it('a fixture file with its own errors is one errored testcase', async () => {
    const dir = demoTree('cases:\n  - name: [unclosed\n');
    const xml = renderJUnit(await runTests({ paths: [dir], cwd: dir }), dir);
    const suite = parseXml(xml).children[0]!;
    expect(suite.attributes.errors).toBe('1');
    expect(suite.children[0]!.attributes.name).toBe('(fixture file)');
    expect(suite.children[0]!.children[0]!.attributes.type).toBe('VGL7002');
  });
});
