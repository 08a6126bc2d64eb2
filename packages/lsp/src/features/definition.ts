// Go to definition: a name to its declaration, an import path to its file.
import type { Location, Position } from 'vscode-languageserver';
import type { Workspace } from '../workspace.js';
import { location, symbolAt } from './locate.js';

export function definition(ws: Workspace, uri: string, position: Position): Location[] {
  const at = symbolAt(ws, uri, position);
  if (!at) return [];
  if (at.symbol) return [location(ws, at.symbol.path, at.symbol.range)];
  // An import path goes to the file.
  const parsed = ws.parse(at.path);
  for (const imp of parsed?.document.imports ?? []) {
    if (imp.path.range.start.offset <= at.offset && at.offset <= imp.path.range.end.offset) {
      const target = at.snapshot.result.files.find((f) => f.uri.endsWith('/' + imp.path.value.replace(/^\.\//, '')));
      if (target) return [{ uri: ws.uriOf(target.uri), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
    }
  }
  return [];
}
