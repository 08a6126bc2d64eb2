// Fixtures over schedule modifiers: a decision's `schedule` matcher reads the schedule as the
// patient gets it, tightened (with the rule that tightened it and the original) or with a
// modifier that is not evaluable; a fixture expecting the untightened schedule fails.
import { describe, expect, it } from 'vitest';
import { runTests } from '../src/index.js';
import { allCases, tempTree } from './helpers.js';

const RULES = `ruleset mon version "1"
facts {
  on_drug: boolean
  interacting: boolean optional
}
rule M-1 "Maintenance" source "s"
  when on_drug
  then monitor cbc every 3 to 6 mo
rule I-1 "Interaction" source "s"
  tightens monitor cbc of M-1 twice as often
  when interacting
  then caution aza
`;

const CASES = `as_of: 2026-01-15
cases:
  - name: tightened
    facts: { on_drug: true, interacting: true }
    expect:
      decisions:
        - { rule: M-1, action: monitor, schedule: "every 1.5 to 3 mo (tightened twice as often by I-1, from every 3 to 6 mo)" }
  - name: not tightened
    facts: { on_drug: true, interacting: false }
    expect:
      decisions: [{ rule: M-1, action: monitor, schedule: "every 3 to 6 mo" }]
  - name: the modifier is not evaluable
    facts: { on_drug: true }
    expect:
      decisions:
        - { rule: M-1, action: monitor, schedule: "every 3 to 6 mo (I-1, not evaluable, would tighten it twice as often: every 1.5 to 3 mo)" }
      not_evaluable: [I-1]
  - name: not on the drug
    facts: { on_drug: false, interacting: true }
    expect:
      not: [M-1]
`;

describe('fixtures over schedule modifiers', () => {
  it('match the tightened schedule, with full coverage', async () => {
    const root = tempTree({ 'mon/mon.vigil': RULES, 'mon/tests/a.cases.yaml': CASES });
    const report = await runTests({ paths: [root], cwd: root, coverage: true });
    expect(allCases(report).map((c) => [c.name, c.status, c.failures.map((f) => f.message)])).toEqual([
      ['tightened', 'passed', []],
      ['not tightened', 'passed', []],
      ['the modifier is not evaluable', 'passed', []],
      ['not on the drug', 'passed', []],
    ]);
    expect(report.coverage!.ruleSets[0]!.totals).toMatchObject({ rulePercent: 100, branchPercent: 100 });
  });
  it('a fixture expecting the untightened schedule fails', async () => {
    const root = tempTree({
      'mon/mon.vigil': RULES,
      'mon/tests/a.cases.yaml': 'as_of: 2026-01-15\ncases:\n  - name: wrong\n    facts: { on_drug: true, interacting: true }\n    expect:\n      decisions: [{ rule: M-1, action: monitor, schedule: "every 3 to 6 mo" }]\n',
    });
    const [c] = allCases(await runTests({ paths: [root], cwd: root }));
    expect(c!.status).toBe('failed');
  });
});

describe('fixtures over one-off windows', () => {
  it('match the window, and with an anchor its due dates', async () => {
    const rules = `ruleset win version "1"
facts {
  on_drug: boolean
  ribavirin_start: date optional
}
rule W-1 "Window" source "s" when on_drug then monitor lft after 2 to 3 wk
rule W-2 "Anchored window" source "s" when on_drug then monitor cbc after 3 to 6 wk from ribavirin_start
`;
    const cases = `as_of: 2026-01-15
cases:
  - name: both windows
    facts: { on_drug: true, ribavirin_start: 2026-01-01 }
    expect:
      decisions:
        - { rule: W-1, action: monitor, schedule: "after 2 to 3 wk" }
        - { rule: W-2, action: monitor, schedule: "after 3 to 6 wk (due 2026-01-22 to 2026-02-12) from ribavirin_start 2026-01-01" }
  - name: wrong window
    facts: { on_drug: true, ribavirin_start: 2026-01-01 }
    expect:
      decisions: [{ rule: W-1, action: monitor, schedule: "after 2 to 4 wk" }]
`;
    const root = tempTree({ 'win/win.vigil': rules, 'win/tests/a.cases.yaml': cases });
    const report = await runTests({ paths: [root], cwd: root });
    expect(allCases(report).map((c) => [c.name, c.status])).toEqual([
      ['both windows', 'passed'],
      ['wrong window', 'failed'],
    ]);
  });
});

describe('coverage of a rule whose only effect is a tightens clause', () => {
  it('counts it as fired when it tightened a decision', async () => {
    const rules = RULES.replace('  when interacting\n  then caution aza\n', '  when interacting\n');
    const cases = 'as_of: 2026-01-15\ncases:\n  - name: tightened\n    facts: { on_drug: true, interacting: true }\n    expect:\n      decisions: [{ rule: M-1, action: monitor, schedule: "every 1.5 to 3 mo (tightened twice as often by I-1, from every 3 to 6 mo)" }]\n';
    const root = tempTree({ 'mon/mon.vigil': rules, 'mon/tests/a.cases.yaml': cases });
    const report = await runTests({ paths: [root], cwd: root, coverage: true });
    expect(allCases(report).map((c) => c.status)).toEqual(['passed']);
    expect(report.coverage!.ruleSets[0]!.rules.find((r) => r.rule === 'I-1')!.fired).toBe(1);
    expect(report.coverage!.ruleSets[0]!.neverFired).toEqual([]);
  });
});
