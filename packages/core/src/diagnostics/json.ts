// Diagnostics as JSON: the one shape every JSON output uses (`vigil check --format json`,
// the test report, …). Each location keeps the 0-based `range` of the Diagnostic model and
// adds 1-based `line`, `column`, `endLine` and `endColumn` beside it for people and tools
// that count from one.
import type { Range } from '../language/ast.js';
import type { Diagnostic } from './diagnostic.js';
import { displayPath, oneBasedRange } from './location.js';

export interface JsonLocation {
  /** Absolute path of the file. */
  readonly uri: string;
  /** The path as printed: relative to the working directory when below it. */
  readonly path: string;
  /** 0-based, half-open, as in the Diagnostic model. */
  readonly range: Range;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface JsonDiagnostic extends JsonLocation {
  readonly code: string;
  readonly name: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly related: readonly (JsonLocation & { readonly message: string })[];
  readonly fixes: readonly { readonly title: string; readonly edits: readonly (JsonLocation & { readonly newText: string })[] }[];
  readonly data?: Readonly<Record<string, unknown>>;
}

export function jsonLocation(uri: string, range: Range, cwd: string): JsonLocation {
  return {
    uri,
    path: displayPath(uri, cwd),
    range: {
      start: { line: range.start.line, character: range.start.character, offset: range.start.offset },
      end: { line: range.end.line, character: range.end.character, offset: range.end.offset },
    },
    ...oneBasedRange(range),
  };
}

export function jsonDiagnostic(d: Diagnostic, cwd: string): JsonDiagnostic {
  return {
    code: d.code,
    name: d.name,
    severity: d.severity,
    message: d.message,
    ...jsonLocation(d.uri, d.range, cwd),
    related: (d.related ?? []).map((r) => ({ ...jsonLocation(r.uri, r.range, cwd), message: r.message })),
    fixes: (d.fixes ?? []).map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ ...jsonLocation(e.uri, e.range, cwd), newText: e.newText })) })),
    ...(d.data !== undefined ? { data: d.data } : {}),
  };
}
