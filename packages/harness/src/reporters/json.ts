// The JSON reporter: the run report, its diagnostics in core's one JSON shape (located by
// path relative to the working directory and by 1-based line and column). Schema
// `vigil-test-report/1`, documented in docs/fixtures.md; fields are only ever added within
// a schema version.
import { jsonDiagnostic as coreJsonDiagnostic, type Diagnostic, type JsonDiagnostic as CoreJsonDiagnostic } from '@vigil/core';
import type { TestReport } from '../report.js';

/** Core's one JSON shape, plus `file` (the same as `path`), which schema 1 has always had. */
export type JsonDiagnostic = CoreJsonDiagnostic & { readonly file: string };

export function jsonDiagnostic(d: Diagnostic, cwd: string): JsonDiagnostic {
  const json = coreJsonDiagnostic(d, cwd);
  return { ...json, file: json.path };
}

/** The report as plain JSON data (cases without their absolute uri, diagnostics located for people and tools). */
export function jsonReport(report: TestReport, cwd: string): unknown {
  const diag = (ds: readonly Diagnostic[]) => ds.map((d) => jsonDiagnostic(d, cwd));
  return {
    schema: report.schema,
    ok: report.ok,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    totals: report.totals,
    ruleSets: report.ruleSets.map((r) => ({ root: r.root, files: r.files, diagnostics: diag(r.diagnostics) })),
    files: report.files.map((f) => ({
      file: f.file,
      ...(f.ruleSet !== undefined ? { ruleSet: f.ruleSet } : {}),
      diagnostics: diag(f.diagnostics),
      cases: f.cases.map(({ uri: _uri, diagnostics, ...rest }) => ({ ...rest, diagnostics: diag(diagnostics) })),
    })),
    ...(report.coverage ? { coverage: report.coverage } : {}),
    ...(report.suggestions ? { suggestions: report.suggestions } : {}),
  };
}

export function renderJson(report: TestReport, cwd: string): string {
  return JSON.stringify(jsonReport(report, cwd), null, 2) + '\n';
}
