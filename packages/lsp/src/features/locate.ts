// What every positional request starts from: the document, the offset of the position in its
// current text, and the rule set's result; and a location in another file of the rule set.
import type { SourceText } from '@vigil/core';
import type { Location, Position } from 'vscode-languageserver';
import { offsetRange, uriToPath } from '../convert.js';
import type { Occurrence, SymbolIndex, SymbolInfo } from '../symbols.js';
import type { Snapshot, Workspace } from '../workspace.js';

export interface Located {
  readonly path: string;
  readonly source: SourceText;
  readonly offset: number;
  readonly snapshot: Snapshot;
}

/**
 * The request's document, offset and rule-set result. Positions are read and written
 * against the document's current text, so a range sent back always lies inside it, even
 * when a large rule set answers from the result of a check still catching up (`allowStale`).
 */
export function locate(ws: Workspace, uri: string, position: Position): Located | undefined {
  const path = uriToPath(uri);
  const snapshot = ws.snapshotFor(uri);
  if (!snapshot) return undefined;
  const source = ws.currentSource(path);
  return { path, source, offset: source.offsetAt(position.line, position.character), snapshot };
}

export interface LocatedSymbol extends Located {
  readonly index: SymbolIndex;
  /** The name under the cursor, if any. */
  readonly occurrence?: Occurrence;
  /** What that name declares, if it resolves. */
  readonly symbol?: SymbolInfo;
}

/** `locate`, and the name under the cursor in the rule set's symbol index: what the name-based requests start from. */
export function symbolAt(ws: Workspace, uri: string, position: Position): LocatedSymbol | undefined {
  const at = locate(ws, uri, position);
  if (!at) return undefined;
  const index = at.snapshot.index();
  const occurrence = index.at(at.path, at.offset);
  const symbol = occurrence && index.symbols.get(occurrence.key);
  return { ...at, index, ...(occurrence ? { occurrence } : {}), ...(symbol ? { symbol } : {}) };
}

/** Whether the result was computed from the document's current text. */
export function isCurrent(ws: Workspace, snapshot: Snapshot, path: string): boolean {
  return snapshot.result.sources.get(path)?.text === ws.currentSource(path).text;
}

export function location(ws: Workspace, path: string, range: { start: { offset: number }; end: { offset: number } }): Location {
  return { uri: ws.uriOf(path), range: offsetRange(ws.currentSource(path), range.start.offset, range.end.offset) };
}
