// Code actions: the checker's quick fixes for diagnostics in the range, and a refactoring
// that writes a threshold exactly in its fact's unit.
import { CodeActionKind, type CodeAction, type Range, type TextEdit } from 'vscode-languageserver';
import { rangesOverlap, toLspDiagnostic, toLspRange, uriToPath } from '../convert.js';
import type { Workspace } from '../workspace.js';
import { isCurrent } from './locate.js';
import { exactInUnit, forEachThreshold } from './thresholds.js';

export function codeActions(ws: Workspace, uri: string, range: Range): CodeAction[] {
  const path = uriToPath(uri);
  const snapshot = ws.snapshotFor(uri);
  if (!snapshot || !isCurrent(ws, snapshot, path)) return [];
  const sourceOf = (p: string) => ws.currentSource(p);
  const out: CodeAction[] = [];
  for (const d of snapshot.result.diagnostics) {
    if (d.uri !== path || !d.fixes || d.fixes.length === 0) continue;
    const lsp = toLspDiagnostic(d, sourceOf);
    if (!rangesOverlap(lsp.range, range)) continue;
    d.fixes.forEach((fix, i) => {
      const changes: Record<string, TextEdit[]> = {};
      for (const e of fix.edits) (changes[ws.uriOf(e.uri)] ??= []).push({ range: toLspRange(e.range, sourceOf(e.uri)), newText: e.newText });
      out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [lsp], edit: { changes }, ...(i === 0 && d.fixes!.length === 1 ? { isPreferred: true } : {}) });
    });
  }
  // Refactoring: a threshold written in another unit than its fact's, rewritten exactly in the fact's unit.
  const file = snapshot.result.files.find((f) => f.uri === path);
  const source = sourceOf(path);
  if (file && source) {
    forEachThreshold(snapshot, file.document, (lit, fact, unit) => {
      const litRange = toLspRange(lit.range, source);
      if (!rangesOverlap(litRange, range)) return;
      const text = exactInUnit(lit, unit.code);
      if (!text) return;
      const written = source.text.slice(lit.range.start.offset, lit.range.end.offset);
      out.push({
        title: `Write ${written} as ${text} (the unit ${fact.name} is recorded in)`,
        kind: CodeActionKind.RefactorRewrite,
        edit: { changes: { [uri]: [{ range: litRange, newText: text }] } },
      });
    });
  }
  return out;
}
