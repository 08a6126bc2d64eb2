// Document highlights: the symbol's occurrences in this file (declaration as write, uses as read).
import type { Position, Range } from 'vscode-languageserver';
import { toLspRange } from '../convert.js';
import type { Workspace } from '../workspace.js';
import { symbolAt } from './locate.js';

export function documentHighlights(ws: Workspace, uri: string, position: Position): { range: Range; kind: number }[] {
  const at = symbolAt(ws, uri, position);
  if (!at?.occurrence) return [];
  return at.index
    .occurrences(at.occurrence.key)
    .filter((o) => o.path === at.path)
    .map((o) => ({ range: toLspRange(o.range, at.source), kind: o.decl ? 3 : 2 }));
}
