// Fixtures over a rule set with an `otherwise` rule: it fires when no sibling of its group
// fires, never when a sibling is unknown (it is then not evaluable, naming the missing
// fact), and a sibling suppressed by an override still counts as firing.
import { describe, expect, it } from 'vitest';
import { runTests } from '../src/index.js';
import { allCases, tempTree } from './helpers.js';

const RULES = `ruleset reintro version "1"
facts {
  injurious_dose: quantity mg/d
  reintroduction: boolean
  pregnant: boolean
}
groups {
  restart_dose "The restart dose after liver injury"
}
rule RE-HIGH "Injurious dose above 50 mg/d: restart at 50 mg/d" source "s" group restart_dose
  when reintroduction and injurious_dose > 50 mg/d
  then dose azathioprine 50 mg/d
rule RE-LOW "Otherwise: restart at 25 mg/d" source "s" group restart_dose
  otherwise
  when reintroduction
  then dose azathioprine 25 mg/d
rule PREG "Pregnancy" source "s"
  overrides RE-HIGH
  when pregnant
  then contraindicate azathioprine
`;

const CASES = `as_of: 2026-01-15
cases:
  - name: above 50 mg/d the sibling fires, not the otherwise rule
    facts: { reintroduction: true, injurious_dose: "75 mg/d", pregnant: false }
    expect:
      decisions_exactly: [{ rule: RE-HIGH, action: dose, dose: { low: 50 } }]
  - name: at 50 mg/d no sibling fires, so the otherwise rule does
    facts: { reintroduction: true, injurious_dose: "50 mg/d", pregnant: false }
    expect:
      decisions_exactly: [{ rule: RE-LOW, action: dose, dose: { low: 25 } }]
  - name: a missing injurious dose leaves the otherwise rule not evaluable, never firing
    facts: { reintroduction: true, pregnant: false }
    expect:
      decisions_exactly: []
      not_evaluable: [RE-HIGH, RE-LOW]
  - name: outside its scope the otherwise rule does not fire
    facts: { reintroduction: false, injurious_dose: "20 mg/d", pregnant: false }
    expect:
      decisions_exactly: []
  - name: an overridden sibling still counts as firing
    facts: { reintroduction: true, injurious_dose: "75 mg/d", pregnant: true }
    expect:
      decisions_exactly: [{ rule: PREG, action: contraindicate }]
      overridden: [{ rule: RE-HIGH, by: PREG }]
      not: [RE-LOW]
`;

describe('fixtures over an otherwise rule', () => {
  it('pass, with every rule and branch covered', async () => {
    const root = tempTree({ 'reintro/reintro.vigil': RULES, 'reintro/tests/a.cases.yaml': CASES });
    const report = await runTests({ paths: [root], cwd: root, coverage: true });
    const cases = allCases(report);
    expect(cases.map((c) => [c.name, c.status, c.failures.map((f) => f.message)])).toEqual([
      ['above 50 mg/d the sibling fires, not the otherwise rule', 'passed', []],
      ['at 50 mg/d no sibling fires, so the otherwise rule does', 'passed', []],
      ['a missing injurious dose leaves the otherwise rule not evaluable, never firing', 'passed', []],
      ['outside its scope the otherwise rule does not fire', 'passed', []],
      ['an overridden sibling still counts as firing', 'passed', []],
    ]);
    expect(report.coverage!.ruleSets[0]!.totals).toMatchObject({ rulePercent: 100, branchPercent: 100 });
  });
  it('an otherwise decision expected where a sibling is unknown fails', async () => {
    const root = tempTree({
      'reintro/reintro.vigil': RULES,
      'reintro/tests/a.cases.yaml': 'as_of: 2026-01-15\ncases:\n  - name: wrong\n    facts: { reintroduction: true, pregnant: false }\n    expect:\n      decisions: [RE-LOW]\n',
    });
    const [c] = allCases(await runTests({ paths: [root], cwd: root }));
    expect(c!.status).toBe('failed');
    expect(c!.failures.map((f) => f.message).join('\n')).toContain('RE-LOW');
  });
});
