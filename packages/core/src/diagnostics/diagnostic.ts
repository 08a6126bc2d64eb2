// One diagnostic model for every phase and every front end (CLI, language server,
// harness, CI output). Ranges are 0-based; only renderers convert to 1-based lines.
import type { Range } from '../language/ast.js';

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

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
