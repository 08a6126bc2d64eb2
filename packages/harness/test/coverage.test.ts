import { describe, expect, it } from 'vitest';
import { renderJson, renderText, runTests } from '../src/index.js';
import { DEMO, demoTree } from './helpers.js';

describe('coverage', () => {
  it('counts, per rule, the cases that made it fire, not fire and go unknown', async () => {
    const report = await runTests({ paths: [DEMO], coverage: true });
    const cov = report.coverage!;
    expect(cov.ruleSets).toHaveLength(1);
    const set = cov.ruleSets[0]!;
    expect(set.cases).toBe(10);
    const byRule = Object.fromEntries(set.rules.map((r) => [r.rule, [r.fired, r.notFired, r.notEvaluable, r.overridden]]));
    expect(byRule).toEqual({
      'DEMO-TPMT-01': [1, 8, 1, 0],
      'DEMO-TPMT-02': [1, 8, 1, 0],
      'DEMO-TPMT-03': [1, 9, 0, 0],
      'DEMO-WBC-01': [2, 8, 0, 0],
      'DEMO-XO-01': [2, 8, 0, 1],
      'DEMO-LFT-01': [0, 9, 1, 0],
      'DEMO-MON-01': [1, 9, 0, 0],
    });
    expect(set.neverFired).toEqual(['DEMO-LFT-01']);
    expect(set.totals).toEqual({ rules: 7, rulesFired: 6, rulePercent: 85.7, atoms: 8, atomsCovered: 6, branchPercent: 87.5 });
    const partial = set.atoms.filter((a) => !a.covered).map((a) => [a.text, a.true, a.false, a.unknown]);
    expect(partial).toEqual([
      ['alt > 3 x uln', 0, 9, 1],
      ['pregnant', 0, 10, 0],
    ]);
    expect(set.atoms.find((a) => a.text === 'wbc < 3.5 10*9/L')).toMatchObject({ location: expect.stringMatching(/demo\/demo\.vigil:\d+$/) as unknown, covered: true });
    expect(cov.meetsMinimum).toBe(true);
  });

  it('text and JSON output', async () => {
    const report = await runTests({ paths: [DEMO], coverage: true, cwd: DEMO });
    const text = renderText(report, { cwd: DEMO });
    expect(text).toContain('Coverage of . (10 cases)');
    expect(text).toContain('rules fired:  6/7 (85.7%)');
    expect(text).toContain('conditions:   6/8 seen both true and false; branches 87.5%');
    expect(text).toMatch(/DEMO-LFT-01 +0 +9 +1/);
    expect(text).toContain('never fired: DEMO-LFT-01');
    expect(text).toContain('demo.vigil:55  alt > 3 x uln  (seen false; unknown 1×)');
    expect(text).toContain('Coverage: rules 85.7%, branches 87.5%');
    const json = JSON.parse(renderJson(report, DEMO)) as { coverage: { totals: unknown; ruleSets: { neverFired: string[] }[] } };
    expect(json.coverage.totals).toMatchObject({ rulePercent: 85.7, branchPercent: 87.5 });
    expect(json.coverage.ruleSets[0]!.neverFired).toEqual(['DEMO-LFT-01']);
  });

  it('--min-coverage fails the run below it', async () => {
    const below = await runTests({ paths: [DEMO], minCoverage: 90 });
    expect(below.totals.failed + below.totals.errors).toBe(0);
    expect(below.ok).toBe(false);
    expect(below.coverage).toMatchObject({ minimum: 90, meetsMinimum: false });
    expect(renderText(below, { cwd: DEMO })).toContain('Coverage: rules 85.7%, branches 87.5%; minimum 90% NOT MET');
    const at = await runTests({ paths: [DEMO], minCoverage: 87.5 });
    expect(at.ok).toBe(true);
  });

  it('one case: branches seen only one way', async () => {
    const dir = demoTree(`cases:
  - name: only one
    facts: { tpmt: low }
    expect: { decisions: [DEMO-TPMT-01] }
`);
    const report = await runTests({ paths: [dir], coverage: true });
    const set = report.coverage!.ruleSets[0]!;
    expect(set.totals.atomsCovered).toBe(0);
    expect(set.rules.find((r) => r.rule === 'DEMO-WBC-01')).toMatchObject({ fired: 0, notFired: 0, notEvaluable: 1 });
    expect(set.neverFired).toEqual(['DEMO-TPMT-02', 'DEMO-TPMT-03', 'DEMO-WBC-01', 'DEMO-XO-01', 'DEMO-LFT-01', 'DEMO-MON-01']);
  });
});
