// The fixture runner behind the code lenses and the "run rule tests" command: the test
// harness runs a rule set's fixtures (the files on disk) and each case is credited to the
// rules it concerns: those its expectations name, that decided or were overridden.
import { dirname } from 'node:path';
import { runTests, type CaseReport, type TestReport } from '@vigil/harness';
import type { RuleTestOutcome, TestRunner, TestRunReport } from './lenses.js';

/** The rules of the rule set a case concerns: the harness names them (`CaseReport.rules`). */
function rulesOfCase(c: CaseReport, known: ReadonlySet<string>): string[] {
  return c.rules.filter((id) => known.has(id));
}

export function summarise(report: TestReport, ruleIds: readonly string[]): TestRunReport {
  const byRule = new Map<string, { passed: number; failed: number; errors: number; failures: string[] }>();
  let passed = 0;
  let failed = 0;
  let errors = 0;
  let unattributedErrors = 0;
  const lines: string[] = [];
  const known = new Set(ruleIds);
  for (const file of report.files) {
    // A fixture file in error as a whole (bad YAML, an unknown shared fact set) counts once.
    const fileErrors = file.diagnostics.filter((d) => d.severity === 'error');
    if (fileErrors.length > 0) {
      failed++;
      errors++;
      unattributedErrors++;
      lines.push(`✗ ${file.file}`);
      for (const d of fileErrors) lines.push(`    ${d.message}`);
    }
    for (const c of file.cases) {
      const ok = c.status === 'passed';
      if (ok) passed++;
      else failed++;
      lines.push(`${ok ? '✓' : '✗'} ${file.file}:${c.line} ${c.name}`);
      for (const f of c.failures) lines.push(`    ${f.message}`);
      for (const d of c.diagnostics) lines.push(`    ${d.message}`);
      const inError = c.status === 'error';
      if (inError) errors++;
      const rules = rulesOfCase(c, known);
      if (inError && rules.length === 0) unattributedErrors++;
      for (const rule of rules) {
        let o = byRule.get(rule);
        if (!o) byRule.set(rule, (o = { passed: 0, failed: 0, errors: 0, failures: [] }));
        if (ok) o.passed++;
        else {
          o.failed++;
          if (inError) o.errors++;
          o.failures.push(`${c.name}: ${c.failures[0]?.message ?? c.diagnostics[0]?.message ?? c.status}`);
        }
      }
    }
  }
  return { byRule: byRule as ReadonlyMap<string, RuleTestOutcome>, passed, failed, errors, unattributedErrors, lines };
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
