// Rename: a symbol across the rule set's files and its fixtures, refused when the new name
// is not valid or already declared.
import { isKeyword } from '@vigil/core/services';
import { dirname } from 'node:path';
import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { offsetRange, toLspRange } from '../convert.js';
import { fixtureFiles, isFactsFile, renameFactInFixture, renameRuleInFixture, type FixtureEdit } from '../fixture-rename.js';
import type { SymbolKind } from '../symbols.js';
import type { Workspace } from '../workspace.js';
import { symbolAt } from './locate.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RULE_ID = /^[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*$/;

export function prepareRename(ws: Workspace, uri: string, position: Position): { range: Range; placeholder: string } | null {
  const at = symbolAt(ws, uri, position);
  if (!at?.occurrence || !at.symbol) return null;
  return { range: toLspRange(at.occurrence.range, at.source), placeholder: at.symbol.name };
}

export class RenameError extends Error {}

/** A group shares the rules' namespace: renaming one to a rule's id (or back) would clash. */
function namespaceOf(kind: SymbolKind): string {
  return kind === 'rule' || kind === 'protocol' || kind === 'group' ? 'rule' : kind === 'member' ? 'member' : kind === 'enum' ? 'enum' : 'value';
}

export function rename(ws: Workspace, uri: string, position: Position, newName: string): WorkspaceEdit | null {
  const at = symbolAt(ws, uri, position);
  if (!at?.occurrence || !at.symbol) return null;
  const { index, occurrence: occ, symbol: info } = at;
  const isRule = info.kind === 'rule' || info.kind === 'protocol';
  if (!(isRule ? RULE_ID : IDENT).test(newName) || isKeyword(newName)) {
    throw new RenameError(`'${newName}' is not a valid ${isRule ? 'rule id' : 'name'}${isKeyword(newName) ? ' (it is a keyword)' : ''}.`);
  }
  if (newName === info.name) return { changes: {} };
  for (const other of index.symbols.values()) {
    if (other.name === newName && namespaceOf(other.kind) === namespaceOf(info.kind) && (info.kind !== 'enum' || other.owner === info.owner)) {
      throw new RenameError(`'${newName}' is already declared (${other.kind}).`);
    }
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const o of index.occurrences(occ.key)) {
    (changes[ws.uriOf(o.path)] ??= []).push({ range: toLspRange(o.range, ws.currentSource(o.path)), newText: newName });
  }
  // The rule set's fixtures name rules and facts too: renamed with them, or they break.
  if (isRule || info.kind === 'fact') {
    for (const file of fixtureFiles(dirname(info.path))) {
      const text = ws.textOf(file);
      if (text === undefined) continue;
      let edits: FixtureEdit[] = [];
      try {
        edits = isRule ? renameRuleInFixture(text, info.name, newName) : renameFactInFixture(text, info.name, newName, isFactsFile(file));
      } catch {
        continue; // a fixture the YAML library cannot read is left alone (the harness reports it)
      }
      if (edits.length === 0) continue;
      const source = ws.currentSource(file);
      changes[ws.uriOf(file)] = edits.map((e) => ({ range: offsetRange(source, e.start, e.end), newText: e.newText }));
    }
  }
  return { changes };
}
