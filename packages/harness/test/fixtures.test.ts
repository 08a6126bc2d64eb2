import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTests } from '../src/index.js';
import { allCases, caseNamed, DEMO, demoTree } from './helpers.js';

describe('the demo fixtures', () => {
  it('all pass', async () => {
    const report = await runTests({ paths: [DEMO] });
    expect(report.ok).toBe(true);
    expect(report.totals).toMatchObject({ files: 1, passed: 10, failed: 0, errors: 0 });
    expect(report.ruleSets[0]!.diagnostics).toEqual([]);
  });

  it('finds fixtures from the rule file, the tests directory or the fixture itself', async () => {
    for (const p of [join(DEMO, 'demo.vigil'), join(DEMO, 'tests'), join(DEMO, 'tests', 'basic.cases.yaml')]) {
      const report = await runTests({ paths: [p] });
      expect(report.totals.passed, p).toBe(10);
    }
  });
});

describe('relative dates', () => {
  const cases = `
as_of: 2026-01-15
cases:
  - name: file as_of
    extends: normal_patient
    facts: { last_cbc: 13 weeks ago }
    expect: { decisions: [DEMO-MON-01] }
  - name: case as_of wins
    as_of: 2025-11-01T10:00:00Z
    extends: normal_patient
    facts: { last_cbc: 3 days ago }
    expect: { not: [DEMO-MON-01] }
  - name: months along the calendar
    as_of: 2026-03-31
    extends: normal_patient
    facts: { last_cbc: 1 month ago }
    expect: { not: [DEMO-MON-01] }
  - name: shared relative dates follow the case's as_of
    as_of: 2024-06-30
    extends: normal_patient
    expect: { not: [DEMO-MON-01] }
`;

  it('resolve against the case as_of, else the file as_of', async () => {
    const report = await runTests({ paths: [demoTree(cases)] });
    expect(allCases(report).map((c) => [c.name, c.status])).toEqual([
      ['file as_of', 'passed'],
      ['case as_of wins', 'passed'],
      ['months along the calendar', 'passed'],
      ["shared relative dates follow the case's as_of", 'passed'],
    ]);
    expect(caseNamed(report, 'file as_of').facts?.last_cbc).toBe('2025-10-16');
    expect(caseNamed(report, 'file as_of').asOf).toBe('2026-01-15T00:00:00Z');
    expect(caseNamed(report, 'case as_of wins').facts?.last_cbc).toBe('2025-10-29');
    expect(caseNamed(report, 'case as_of wins').asOf).toBe('2025-11-01T10:00:00Z');
    expect(caseNamed(report, 'months along the calendar').facts?.last_cbc).toBe('2026-02-28');
    expect(caseNamed(report, "shared relative dates follow the case's as_of").facts?.last_cbc).toBe('2024-06-16');
  });

  it('the threshold falls exactly where the rule puts it', async () => {
    const report = await runTests({
      paths: [
        demoTree(`
as_of: 2026-01-15
cases:
  - name: 12 weeks is not more than 12 weeks
    extends: normal_patient
    facts: { last_cbc: 12 weeks ago }
    expect: { not: [DEMO-MON-01] }
  - name: 85 days is
    extends: normal_patient
    facts: { last_cbc: 85 days ago }
    expect: { decisions: [DEMO-MON-01] }
`),
      ],
    });
    expect(report.totals).toMatchObject({ passed: 2, failed: 0, errors: 0 });
  });

  it('without as_of, evaluation time and relative dates use the run time', async () => {
    const report = await runTests({
      now: '2030-05-10T12:00:00Z',
      paths: [
        demoTree(`
cases:
  - name: no as_of
    extends: normal_patient
    facts: { last_cbc: 100 days ago }
    expect: { decisions: [DEMO-MON-01] }
`),
      ],
    });
    const c = caseNamed(report, 'no as_of');
    expect(c.status).toBe('passed');
    expect(c.asOf).toBe('2030-05-10T12:00:00Z');
    expect(c.facts?.last_cbc).toBe('2030-01-30');
  });
});

describe('shared facts', () => {
  it('a file-level shared set, extends chains, null removing a fact', async () => {
    const report = await runTests({
      paths: [
        demoTree(`
as_of: 2026-01-15
shared:
  baseline:
    extends: normal_patient
    tpmt: intermediate
cases:
  - name: from the file's shared set
    extends: baseline
    expect: { decisions: [DEMO-TPMT-02] }
  - name: several sets, later ones win
    extends: [baseline, on_allopurinol]
    facts: { wbc: null }
    expect:
      decisions: [DEMO-XO-01]
      not: [DEMO-TPMT-02]
`),
      ],
    });
    expect(report.totals).toMatchObject({ passed: 2, failed: 0, errors: 0 });
    expect(caseNamed(report, 'several sets, later ones win').facts).not.toHaveProperty('wbc');
  });
});
