// `--format json`: a stable, documented shape (docs/cli.md); each diagnostic in core's one
// JSON shape (core's diagnostics/json.ts).
import { jsonDiagnostic, type Diagnostic, type JsonDiagnostic } from '@vigil/core';
import { displayPath } from '../io.js';
import { countSeverities } from './code-frame.js';

export { jsonDiagnostic, jsonLocation, type JsonDiagnostic, type JsonLocation } from '@vigil/core';

export const JSON_REPORT_VERSION = 1;

export interface JsonReport {
  readonly version: typeof JSON_REPORT_VERSION;
  readonly tool: { readonly name: 'vigil'; readonly version: string };
  readonly summary: { readonly errors: number; readonly warnings: number; readonly info: number; readonly files: number };
  /** The files of the rule set, as printed paths, sorted. */
  readonly files: readonly string[];
  readonly diagnostics: readonly JsonDiagnostic[];
}

export function jsonReport(diagnostics: readonly Diagnostic[], files: readonly string[], cwd: string, toolVersion: string): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: 'vigil', version: toolVersion },
    summary: { ...countSeverities(diagnostics), files: files.length },
    files: files.map((f) => displayPath(f, cwd)).sort(),
    diagnostics: diagnostics.map((d) => jsonDiagnostic(d, cwd)),
  };
}

export function renderJsonReport(report: JsonReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
