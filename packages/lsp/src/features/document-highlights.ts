// Document highlights: the symbol's occurrences in this file (declaration as write, uses as read).
import type { Position, Range } from 'vscode-languageserver';
import { toLspRange } from '../convert.js';
import type { Workspace } from '../workspace.js';
import { locate } from './locate.js';

export function documentHighlights(ws: Workspace, uri: string, position: Position): { range: Range; kind: number }[] {
  const at = locate(ws, uri, position);
  if (!at) return [];
  const index = at.snapshot.index();
  const occ = index.at(at.path, at.offset);
  if (!occ) return [];
  return index
    .occurrences(occ.key)
    .filter((o) => o.path === at.path)
    .map((o) => ({ range: toLspRange(o.range, at.source), kind: o.decl ? 3 : 2 }));
}
