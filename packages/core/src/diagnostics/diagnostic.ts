// One diagnostic model for every phase and every front end (CLI, language server,
// harness, CI output). Ranges are 0-based; only renderers convert to 1-based lines.
import type { Range } from '../language/ast.js';
import { formatTemplate, type DiagnosticCode } from './codes.js';

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  readonly uri: string;
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface RelatedInformation {
  readonly uri: string;
  readonly range: Range;
  readonly message: string;
}

export interface Diagnostic {
  /** Stable code from the registry, e.g. `VGL2001`. */
  readonly code: string;
  /** The registry's short name, e.g. `unknown-name`. */
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  readonly uri: string;
  readonly range: Range;
  readonly related?: readonly RelatedInformation[];
  readonly fixes?: readonly Fix[];
  /** Structured extras (a witness patient, candidates) for tools. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** What a diagnostic may carry besides its code, place and message. */
export interface DiagnosticOptions {
  readonly related?: readonly RelatedInformation[];
  readonly fixes?: readonly Fix[];
  readonly data?: Readonly<Record<string, unknown>>;
}

/** The one constructor: the code's template filled from `args`, at `at`. */
export function createDiagnostic(
  code: DiagnosticCode,
  at: { readonly uri: string; readonly range: Range },
  args: Readonly<Record<string, string | number>>,
  options: DiagnosticOptions = {},
): Diagnostic {
  return {
    code: code.code,
    name: code.name,
    severity: code.severity,
    message: formatTemplate(code.template, args),
    uri: at.uri,
    range: at.range,
    ...(options.related?.length ? { related: options.related } : {}),
    ...(options.fixes?.length ? { fixes: options.fixes } : {}),
    ...(options.data ? { data: options.data } : {}),
  };
}

/** The empty range at the start of a text: where a diagnostic about a whole file or rule set points. */
export const START_OF_TEXT: Range = { start: { offset: 0, line: 0, character: 0 }, end: { offset: 0, line: 0, character: 0 } };

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
