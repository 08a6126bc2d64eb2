// Folding: declarations, runs of comments, the imports.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import { uriToPath } from '../convert.js';
import type { Workspace } from '../workspace.js';

export function foldingRanges(ws: Workspace, uri: string): FoldingRange[] {
  const parsed = ws.ast(uriToPath(uri));
  if (!parsed) return [];
  const out: FoldingRange[] = [];
  for (const d of parsed.document.declarations) {
    if (d.range.end.line > d.range.start.line) out.push({ startLine: d.range.start.line, endLine: d.range.end.line });
  }
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run && run.end > run.start) out.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const c of parsed.document.comments) {
    if (c.block) {
      flush();
      if (c.range.end.line > c.range.start.line) out.push({ startLine: c.range.start.line, endLine: c.range.end.line, kind: FoldingRangeKind.Comment });
      continue;
    }
    if (run && c.range.start.line === run.end + 1) run.end = c.range.start.line;
    else {
      flush();
      run = { start: c.range.start.line, end: c.range.start.line };
    }
  }
  flush();
  const imports = parsed.document.imports;
  if (imports.length > 1) out.push({ startLine: imports[0]!.range.start.line, endLine: imports[imports.length - 1]!.range.end.line, kind: FoldingRangeKind.Imports });
  return out;
}
