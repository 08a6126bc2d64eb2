// Conversions between the core's model (paths, offsets, Diagnostic) and LSP's (URIs,
// line/character, lsp.Diagnostic). Every range sent out is clamped to the text it is for.
import { pathToFileURL } from 'node:url';
import type { Diagnostic as CoreDiagnostic, Range as CoreRange, SourceText } from '@vigil/core';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver';

/** The core works on file-system paths; LSP on URIs. Non-file URIs are used as they are. */
export { uriToPath } from '@vigil/core';

export function pathToUri(path: string): string {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return pathToFileURL(path).href;
  return path;
}

/** A core range (offsets into `source`) as an LSP range, clamped to the text. */
export function toLspRange(range: CoreRange, source: SourceText | undefined): Range {
  if (!source) {
    const s = range.start;
    const e = range.end;
    return { start: { line: Math.max(0, s.line), character: Math.max(0, s.character) }, end: { line: Math.max(0, e.line), character: Math.max(0, e.character) } };
  }
  const len = source.text.length;
  const start = Math.max(0, Math.min(range.start.offset, len));
  const end = Math.max(start, Math.min(range.end.offset, len));
  const a = source.positionAt(start);
  const b = source.positionAt(end);
  return { start: { line: a.line, character: a.character }, end: { line: b.line, character: b.character } };
}

export function offsetRange(source: SourceText, start: number, end: number): Range {
  return toLspRange(source.rangeAt(start, end), source);
}

const SEVERITY: Record<CoreDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspDiagnostic(d: CoreDiagnostic, sourceOf: (path: string) => SourceText | undefined): Diagnostic {
  const source = sourceOf(d.uri);
  const out: Diagnostic = {
    range: toLspRange(d.range, source),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'vigil',
    message: d.message,
  };
  if (d.name === 'unreachable-rule') out.tags = [DiagnosticTag.Unnecessary];
  if (d.related && d.related.length > 0) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri: pathToUri(r.uri), range: toLspRange(r.range, sourceOf(r.uri)) },
      message: r.message,
    }));
  }
  if (d.fixes && d.fixes.length > 0) out.data = { fixes: d.fixes.length };
  return out;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}
