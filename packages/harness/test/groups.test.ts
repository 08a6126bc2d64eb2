// Fixtures over a rule set with its own strength scale, groups and a dose-only override:
// the suppressed dose is absent, the monitoring of the same rule is matched, the strength
// matcher takes the scale's names, and coverage counts every rule and branch.
import { describe, expect, it } from 'vitest';
import { runTests } from '../src/index.js';
import { allCases, tempTree } from './helpers.js';

const RULES = `ruleset pgx version "1" strengths { strong, moderate, optional }
facts {
  tpmt: enum { normal, low }
  xo: boolean
}
groups {
  aza_use "Rules that dose azathioprine"
}
rule D-1 "Normal TPMT" source "s" strength optional group aza_use
  when tpmt = normal
  then dose azathioprine 50 mg/d
  then monitor cbc every 1 wk
rule XO "Xanthine oxidase inhibitor" source "s" strength strong
  overrides dose of aza_use
  when xo
  then contraindicate azathioprine
rule LOW "Low TPMT" source "s" strength moderate
  overrides aza_use
  when tpmt = low
  then contraindicate azathioprine
`;

const CASES = `as_of: 2026-01-15
cases:
  - name: a xanthine oxidase inhibitor suppresses the dose, not the monitoring
    facts: { tpmt: normal, xo: true }
    expect:
      decisions_exactly:
        - { rule: XO, action: contraindicate, strength: strong }
        - { rule: D-1, action: monitor, target: cbc, strength: optional }
      overridden: [{ rule: D-1, by: XO }]
  - name: no inhibitor, the dose stands
    facts: { tpmt: normal, xo: false }
    expect:
      decisions: [{ rule: D-1, action: dose, target: azathioprine }]
      not: [XO, LOW]
  - name: low TPMT overrides the whole rule set of azathioprine_use
    facts: { tpmt: low, xo: false }
    expect:
      decisions_exactly: [{ rule: LOW, action: contraindicate, strength: moderate }]
  - name: unknown facts
    facts: {}
    expect:
      not_evaluable: [D-1, XO, LOW]
`;

describe('fixtures over groups and a strength scale', () => {
  it('pass, with every rule and branch covered', async () => {
    const root = tempTree({ 'pgx/pgx.vigil': RULES, 'pgx/tests/a.cases.yaml': CASES });
    const report = await runTests({ paths: [root], cwd: root, coverage: true });
    const cases = allCases(report);
    expect(cases.map((c) => [c.name, c.status, c.failures.map((f) => f.message)])).toEqual([
      ['a xanthine oxidase inhibitor suppresses the dose, not the monitoring', 'passed', []],
      ['no inhibitor, the dose stands', 'passed', []],
      ['low TPMT overrides the whole rule set of azathioprine_use', 'passed', []],
      ['unknown facts', 'passed', []],
    ]);
    expect(report.coverage!.ruleSets[0]!.totals).toMatchObject({ rulePercent: 100, branchPercent: 100 });
  });
  it('a dose expected where it is overridden fails, naming the override', async () => {
    const root = tempTree({
      'pgx/pgx.vigil': RULES,
      'pgx/tests/a.cases.yaml': 'as_of: 2026-01-15\ncases:\n  - name: wrong\n    facts: { tpmt: normal, xo: true }\n    expect:\n      decisions: [{ rule: D-1, action: dose }]\n',
    });
    const [c] = allCases(await runTests({ paths: [root], cwd: root }));
    expect(c!.status).toBe('failed');
    expect(c!.failures.map((f) => f.message)).toEqual(['Expected decision not made: D-1 dose (its dose was overridden by XO).']);
  });
});
