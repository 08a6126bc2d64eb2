// The JUnit XML reporter, for CI systems: one <testsuite> per fixture file, one <testcase>
// per case (a failed case has <failure>, a case that could not run has <error>), and a
// testcase named "(fixture file)" carrying the file's own problems.
import { formatLocation, type Diagnostic } from '@vigil/core';
import type { CaseReport, TestReport } from '../report.js';
import { caseDetail, NO_COLORS } from './text.js';

/** Text safe inside an XML attribute or element: escaped, and without characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function plainDiagnostic(cwd: string): (d: Diagnostic) => string {
  return (d) => `${formatLocation(d.uri, d.range.start, cwd)} - ${d.severity} ${d.code}: ${d.message}\n`;
}

function testcase(r: CaseReport, classname: string, cwd: string): string {
  const attrs = `name="${xmlEscape(r.name)}" classname="${xmlEscape(classname)}" file="${xmlEscape(r.file)}" line="${r.line}" time="${seconds(r.durationMs)}"`;
  if (r.status === 'passed') return `    <testcase ${attrs}/>`;
  const body = caseDetail(r, NO_COLORS, plainDiagnostic(cwd)).join('\n');
  if (r.status === 'failed') {
    const first = r.failures[0];
    return `    <testcase ${attrs}>\n      <failure message="${xmlEscape(first?.message ?? 'failed')}" type="${xmlEscape(first?.kind ?? 'failure')}">${xmlEscape(body)}</failure>\n    </testcase>`;
  }
  const first = r.diagnostics[0];
  return `    <testcase ${attrs}>\n      <error message="${xmlEscape(first?.message ?? 'error')}" type="${xmlEscape(first?.code ?? 'error')}">${xmlEscape(body)}</error>\n    </testcase>`;
}

export function renderJUnit(report: TestReport, cwd: string): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const t = report.totals;
  lines.push(`<testsuites name="vigil test" tests="${t.cases + countFileErrors(report)}" failures="${t.failed}" errors="${t.errors}" time="${seconds(report.durationMs)}">`);
  for (const f of report.files) {
    const fileErrors = f.diagnostics.filter((d) => d.severity === 'error');
    const tests = f.cases.length + (fileErrors.length > 0 ? 1 : 0);
    const failures = f.cases.filter((c) => c.status === 'failed').length;
    const errors = f.cases.filter((c) => c.status === 'error').length + (fileErrors.length > 0 ? 1 : 0);
    const time = f.cases.reduce((n, c) => n + c.durationMs, 0);
    const classname = f.file.replace(/\.cases\.ya?ml$/, '').replace(/[\\/]/g, '.');
    lines.push(`  <testsuite name="${xmlEscape(f.file)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds(time)}" timestamp="${xmlEscape(report.startedAt.replace(/\.\d+Z$/, ''))}">`);
    if (fileErrors.length > 0) {
      const text = fileErrors.map(plainDiagnostic(cwd)).join('');
      lines.push(`    <testcase name="(fixture file)" classname="${xmlEscape(classname)}" file="${xmlEscape(f.file)}" time="0.000">`);
      lines.push(`      <error message="${xmlEscape(fileErrors[0]!.message)}" type="${xmlEscape(fileErrors[0]!.code)}">${xmlEscape(text)}</error>`);
      lines.push('    </testcase>');
    }
    for (const c of f.cases) lines.push(testcase(c, classname, cwd));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

function countFileErrors(report: TestReport): number {
  return report.files.filter((f) => f.diagnostics.some((d) => d.severity === 'error')).length;
}
