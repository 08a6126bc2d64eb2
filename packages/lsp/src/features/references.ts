// Find references: every occurrence of the symbol at the cursor, across the rule set.
import type { Location, Position } from 'vscode-languageserver';
import type { Workspace } from '../workspace.js';
import { locate, location } from './locate.js';

export function references(ws: Workspace, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const at = locate(ws, uri, position);
  if (!at) return [];
  const index = at.snapshot.index();
  const occ = index.at(at.path, at.offset);
  if (!occ) return [];
  return index
    .occurrences(occ.key)
    .filter((o) => includeDeclaration || !o.decl)
    .map((o) => location(ws, o.path, o.range));
}
