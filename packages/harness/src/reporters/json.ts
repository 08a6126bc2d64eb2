// The JSON reporter: the run report with diagnostics located by file (relative to the
// working directory) and 1-based line and column. Schema `vigil-test-report/1`, documented
// in docs/fixtures.md; fields are only ever added within a schema version.
import { displayPath, oneBasedRange, type Diagnostic } from '@vigil/core';
import type { TestReport } from '../report.js';

export interface JsonDiagnostic {
  readonly code: string;
  readonly name: string;
  readonly severity: string;
  readonly message: string;
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly data?: Readonly<Record<string, unknown>>;
}

export function jsonDiagnostic(d: Diagnostic, cwd: string): JsonDiagnostic {
  return {
    code: d.code,
    name: d.name,
    severity: d.severity,
    message: d.message,
    file: displayPath(d.uri, cwd),
    ...oneBasedRange(d.range),
    ...(d.data ? { data: d.data } : {}),
  };
}

/** The report as plain JSON data (absolute uris dropped, diagnostics located for people and tools). */
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
