// The fixture runner behind the code lenses and the "run rule tests" command: the test
// harness runs a rule set's fixtures (the files on disk) and each case is credited to the
// rules it concerns: those that decided, were overridden, or that its failures name.
import { dirname } from 'node:path';
import { runTests, type CaseReport, type TestReport } from '@vigil/harness';
import type { RuleTestOutcome, TestRunner, TestRunReport } from './lenses.js';

/** `id` as a whole rule id in `text` (AZA-PRE-05 is not mentioned by AZA-PRE-05-B). */
function mentions(text: string, id: string): boolean {
  for (let at = text.indexOf(id); at >= 0; at = text.indexOf(id, at + 1)) {
    const before = text[at - 1];
    const after = text[at + id.length];
    if ((before === undefined || !/[A-Za-z0-9_-]/.test(before)) && (after === undefined || !/[A-Za-z0-9_-]/.test(after))) return true;
  }
  return false;
}

function rulesOfCase(c: CaseReport, known: readonly string[]): Set<string> {
  const rules = new Set<string>();
  for (const d of c.actual?.decisions ?? []) rules.add(d.rule);
  for (const o of c.actual?.overridden ?? []) {
    const rule = (o as { rule?: unknown }).rule;
    if (typeof rule === 'string') rules.add(rule);
  }
  const text = [...c.failures.map((f) => `${f.message} ${f.expected ?? ''} ${f.actual ?? ''}`), ...c.diff.map((d) => d.text), ...c.diagnostics.map((d) => d.message)].join(' ');
  for (const id of known) if (mentions(text, id)) rules.add(id);
  return rules;
}

export function summarise(report: TestReport, ruleIds: readonly string[]): TestRunReport {
  const byRule = new Map<string, { passed: number; failed: number; errors: number; failures: string[] }>();
  let passed = 0;
  let failed = 0;
  let errors = 0;
  let unattributedErrors = 0;
  const lines: string[] = [];
  // Longest ids first, so that AZA-PRE-05-B is not also counted as AZA-PRE-05.
  const known = [...ruleIds].sort((a, b) => b.length - a.length);
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
      if (inError && rules.size === 0) unattributedErrors++;
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
