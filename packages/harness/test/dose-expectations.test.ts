// Dose expectations are compared as exact quantities, converted into the decision's unit;
// a bad unit in an expectation is a fixture error with file, line and field; a fixture
// fact outside its plausible range is refused.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '@vigil/core';
import { runTests } from '../src/index.js';
import { allCases, tempTree } from './helpers.js';

const RULES = `ruleset doses version "1"
facts {
  weight: quantity kg range 0.3 kg to 400 kg "Body weight"
  tpmt: enum { normal, intermediate } "TPMT"
  rate: quantity mg/kg/d "A dose per kilogram"
}
define standard azathioprine = 2 mg/kg/d * weight
rule DOSE "weight-based" source "s" when tpmt = normal then dose azathioprine 20 mg/kg/d * weight to 30 mg/kg/d * weight
rule RED "reduced" source "s" when tpmt = intermediate then dose azathioprine 30% to 70% of standard
rule RATE "rate" source "s" when rate > 1 mg/kg/d then advise because "x"
`;

async function run(cases: string) {
  const dir = tempTree({ 'd/doses.vigil': RULES, 'd/tests/t.cases.yaml': `as_of: 2026-01-15\ncases:\n${cases}` });
  const report = await runTests({ paths: [dir], cwd: dir });
  const problems: Diagnostic[] = [...report.files.flatMap((f) => f.diagnostics), ...allCases(report).flatMap((c) => c.diagnostics)];
  return { report, problems, status: (name: string) => allCases(report).find((c) => c.name === name)?.status };
}

describe('dose expectations', () => {
  it('match across units exactly: 1.4 to 2.1 g/d is 1400 to 2100 mg/d', async () => {
    const r = await run(`  - name: grams
    facts: { tpmt: normal, weight: "70 kg" }
    expect: { decisions: [{ rule: DOSE, dose: { low: 1.4, high: 2.1, unit: g/d } }] }
  - name: milligrams
    facts: { tpmt: normal, weight: "70 kg" }
    expect: { decisions: [{ rule: DOSE, dose: { low: 1400, high: 2100, unit: mg/d } }] }
  - name: no unit is the decision's unit
    facts: { tpmt: normal, weight: "70 kg" }
    expect: { decisions: [{ rule: DOSE, dose: { low: 1400, high: 2100 } }] }
`);
    expect(r.problems).toEqual([]);
    expect(['grams', 'milligrams', "no unit is the decision's unit"].map(r.status)).toEqual(['passed', 'passed', 'passed']);
  });

  it('never reads a small dose with a unit as a fraction of the standard', async () => {
    const r = await run(`  - name: small grams
    facts: { tpmt: normal, weight: "7 kg" }
    expect: { decisions: [{ rule: DOSE, dose: { low: 0.14, high: 0.21, unit: g/d } }] }
  - name: wrong grams
    facts: { tpmt: normal, weight: "7 kg" }
    expect: { decisions: [{ rule: DOSE, dose: { low: 0.14, high: 0.22, unit: g/d } }] }
`);
    expect(r.status('small grams')).toBe('passed');
    expect(r.status('wrong grams')).toBe('failed');
    const failure = allCases(r.report).find((c) => c.name === 'wrong grams')!.failures.map((f) => f.message).join('\n');
    expect(failure).toContain('0.14 to 0.22 g/d');
    expect(failure).not.toContain('of standard');
  });

  it('matches a resolved relative dose by its fractions or by its absolute range', async () => {
    const r = await run(`  - name: fractions
    facts: { tpmt: intermediate, weight: "60 kg" }
    expect: { decisions: [{ rule: RED, dose: { low: "30%", high: "70%", of_standard: true } }] }
  - name: absolute
    facts: { tpmt: intermediate, weight: "60 kg" }
    expect: { decisions: [{ rule: RED, dose: { low: 36, high: 84, unit: mg/d } }] }
  - name: another kind of unit never matches
    facts: { tpmt: intermediate, weight: "60 kg" }
    expect: { decisions: [{ rule: RED, dose: { low: 36, high: 84, unit: mg } }] }
`);
    expect(['fractions', 'absolute', 'another kind of unit never matches'].map(r.status)).toEqual(['passed', 'passed', 'failed']);
  });

  it('reports a bogus unit as a fixture error with file, line and field', async () => {
    const r = await run(`  - name: bogus
    facts: { tpmt: normal, weight: "70 kg" }
    expect:
      decisions:
        - rule: DOSE
          dose: { low: 1400, high: 2100, unit: mg/dd }
`);
    expect(r.problems).toHaveLength(1);
    const d = r.problems[0]!;
    expect(d.code).toBe('VGL7026');
    expect(d.uri.endsWith('d/tests/t.cases.yaml')).toBe(true);
    expect(d.range.start.line + 1).toBe(8);
    expect(d.message).toContain("'dose.unit' 'mg/dd' is not a valid UCUM unit");
  });

  it('refuses fixture facts outside the plausible range and "2 /d" for a mg/kg/d fact', async () => {
    const r = await run(`  - name: negative weight
    facts: { tpmt: normal, weight: "-70 kg" }
    expect: { decisions: [DOSE] }
  - name: zero weight
    facts: { tpmt: normal, weight: 0 }
    expect: { decisions: [DOSE] }
  - name: per day only
    facts: { rate: "2 /d" }
    expect: { decisions: [RATE] }
`);
    const messages = r.problems.map((d) => d.message);
    expect(messages).toEqual([
      "Case 'negative weight', fact 'weight': -70 kg is outside the plausible range 0.3 kg to 400 kg",
      "Case 'zero weight', fact 'weight': 0 kg is outside the plausible range 0.3 kg to 400 kg",
      expect.stringContaining(`Case 'per day only', fact 'rate': unit "/d" is not accepted; accepted units: mg/kg/d`),
    ]);
    expect(r.problems.every((d) => d.code === 'VGL7001')).toBe(true);
  });
});
