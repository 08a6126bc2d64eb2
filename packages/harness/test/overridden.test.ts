// A rule overridden by several fired rules: messages and traces name every one of them.
import { describe, expect, it } from 'vitest';
import { renderText, runTests } from '../src/index.js';
import { allCases, tempTree } from './helpers.js';

const RULES = `ruleset t version "1"
facts {
  tpmt: enum { normal, low }
  wbc: quantity 10*9/L
}
rule T-DOSE "Standard dose" source "s" when tpmt in { normal, low } then dose azathioprine 30% to 70% of standard because "m"
rule T-TPMT "Low TPMT" source "s" overrides T-DOSE when tpmt = low then contraindicate azathioprine because "m"
rule T-WBC "Leucopenia" source "s" overrides T-DOSE when wbc < 3.5 10*9/L then stop azathioprine because "m"
`;

const CASES = `as_of: 2026-01-15
cases:
  - name: both override the dose
    facts: { tpmt: low, wbc: "2 10*9/L" }
    expect:
      decisions: [T-DOSE]
      not_evaluable: [T-DOSE]
`;

describe('a rule overridden by two rules', () => {
  it('failure messages and the trace name both', async () => {
    const root = tempTree({ 't/t.vigil': RULES, 't/tests/a.cases.yaml': CASES });
    const report = await runTests({ paths: [root], cwd: root });
    const [c] = allCases(report);
    expect(c!.status).toBe('failed');
    expect(c!.failures.map((f) => f.message).join('\n')).toContain('it fired and was overridden by T-TPMT and T-WBC');
    expect(c!.trace.find((t) => t.rule === 'T-DOSE')).toMatchObject({ outcome: 'overridden', overriddenBy: 'T-TPMT', overriddenByAll: ['T-TPMT', 'T-WBC'] });
    expect(renderText(report, { cwd: root })).toContain('T-DOSE "Standard dose": overridden by T-TPMT and T-WBC');
  });
});
