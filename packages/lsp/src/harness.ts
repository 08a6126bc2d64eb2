// The fixture runner behind the code lenses and the "run rule tests" command: the test
// harness runs a rule set's fixtures (the files on disk) and each case is credited to the
// rules it concerns: those that decided, were overridden, or that its failures name.
import { dirname } from 'node:path';
import { runTests, type CaseReport, type TestReport } from '@vigil/harness';
import type { RuleTestOutcome, TestRunner, TestRunReport } from './lenses.js';

function rulesOfCase(c: CaseReport, known: readonly string[]): Set<string> {
  const rules = new Set<string>();
  for (const d of c.actual?.decisions ?? []) rules.add(d.rule);
  for (const o of c.actual?.overridden ?? []) {
    const rule = (o as { rule?: unknown }).rule;
    if (typeof rule === 'string') rules.add(rule);
  }
  const text = [...c.failures.map((f) => `${f.message} ${f.expected ?? ''} ${f.actual ?? ''}`), ...c.diff.map((d) => d.text)].join(' ');
  for (const id of known) if (text.includes(id)) rules.add(id);
  return rules;
}

export function summarise(report: TestReport, ruleIds: readonly string[]): TestRunReport {
  const byRule = new Map<string, { passed: number; failed: number; failures: string[] }>();
  let passed = 0;
  let failed = 0;
  const lines: string[] = [];
  // Longest ids first, so that AZA-PRE-05-B is not also counted as AZA-PRE-05.
  const known = [...ruleIds].sort((a, b) => b.length - a.length);
  for (const file of report.files) {
    for (const c of file.cases) {
      const ok = c.status === 'passed';
      if (ok) passed++;
      else failed++;
      lines.push(`${ok ? '✓' : '✗'} ${file.file}:${c.line} ${c.name}`);
      for (const f of c.failures) lines.push(`    ${f.message}`);
      for (const d of c.diagnostics) lines.push(`    ${d.message}`);
      for (const rule of rulesOfCase(c, known)) {
        let o = byRule.get(rule);
        if (!o) byRule.set(rule, (o = { passed: 0, failed: 0, failures: [] }));
        if (ok) o.passed++;
        else {
          o.failed++;
          o.failures.push(`${c.name}: ${c.failures[0]?.message ?? c.diagnostics[0]?.message ?? c.status}`);
        }
      }
    }
  }
  return { byRule: byRule as ReadonlyMap<string, RuleTestOutcome>, passed, failed, lines };
}

export const harnessRunner: TestRunner = {
  async run(files, ruleIds) {
    const first = files.find((f) => f.endsWith('.vigil'));
    if (!first) return undefined;
    const report = await runTests({ paths: [first], cwd: dirname(first) });
    if (report.files.length === 0) return undefined;
    return summarise(report, ruleIds);
  },
};

export async function loadTestRunner(): Promise<TestRunner | undefined> {
  return harnessRunner;
}
