// Find references: every occurrence of the symbol at the cursor, across the rule set.
import type { Location, Position } from 'vscode-languageserver';
import type { Workspace } from '../workspace.js';
import { location, symbolAt } from './locate.js';

export function references(ws: Workspace, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const at = symbolAt(ws, uri, position);
  if (!at?.occurrence) return [];
  return at.index
    .occurrences(at.occurrence.key)
    .filter((o) => includeDeclaration || !o.decl)
    .map((o) => location(ws, o.path, o.range));
}
