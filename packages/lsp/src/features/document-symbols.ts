// Document symbols: the outline of a file (facts, groups, value sets, definitions, rules, tables and their rows, protocols).
import type { Declaration, SourceText } from '@vigil/core';
import { SymbolKind as LspSymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { offsetRange, uriToPath } from '../convert.js';
import type { Workspace } from '../workspace.js';

function declSymbol(d: Declaration, source: SourceText): DocumentSymbol[] {
  const r = (x: { range: { start: { offset: number }; end: { offset: number } } }) => offsetRange(source, x.range.start.offset, x.range.end.offset);
  switch (d.kind) {
    case 'FactsBlock':
      return [
        {
          name: 'facts',
          kind: LspSymbolKind.Namespace,
          range: r(d),
          selectionRange: offsetRange(source, d.range.start.offset, d.range.start.offset + 5),
          children: d.facts.map((f) => ({ name: f.name.value, detail: f.description?.value ?? source.text.slice(f.type.range.start.offset, f.type.range.end.offset), kind: LspSymbolKind.Field, range: r(f), selectionRange: r(f.name) })),
        },
      ];
    case 'GroupsBlock':
      return [
        {
          name: 'groups',
          kind: LspSymbolKind.Namespace,
          range: r(d),
          selectionRange: offsetRange(source, d.range.start.offset, d.range.start.offset + 6),
          children: d.groups.map((g) => ({ name: g.name.value, detail: g.title?.value ?? 'group', kind: LspSymbolKind.Class, range: r(g), selectionRange: r(g.name) })),
        },
      ];
    case 'ValueSetDecl':
      return [
        {
          name: d.name.value,
          detail: d.title?.value ?? 'value set',
          kind: LspSymbolKind.Enum,
          range: r(d),
          selectionRange: r(d.name),
          children: d.members.map((m) => ({ name: m.name.value, kind: LspSymbolKind.EnumMember, range: r(m), selectionRange: r(m.name) })),
        },
      ];
    case 'DefineDecl':
      return [{ name: d.name.value, detail: d.title?.value ?? 'definition', kind: LspSymbolKind.Function, range: r(d), selectionRange: r(d.name) }];
    case 'RuleDecl':
    case 'ProtocolDecl':
      return [{ name: d.id.value, detail: d.title?.value ?? d.kind === 'RuleDecl' ? (d.title?.value ?? 'rule') : 'protocol', kind: d.kind === 'RuleDecl' ? LspSymbolKind.Event : LspSymbolKind.Method, range: r(d), selectionRange: r(d.id) }];
    case 'TableDecl':
      return [
        {
          name: d.id.value,
          detail: d.title?.value ?? 'table',
          kind: LspSymbolKind.Struct,
          range: r(d),
          selectionRange: r(d.id),
          children: d.rows.map((row, i) => ({ name: `${d.id.value}.row${i + 1}`, kind: LspSymbolKind.Event, range: r(row), selectionRange: r({ range: row.cellsRange }) })),
        },
      ];
  }
}

export function documentSymbols(ws: Workspace, uri: string): DocumentSymbol[] {
  const path = uriToPath(uri);
  const parsed = ws.ast(path);
  if (!parsed) return [];
  return parsed.document.declarations.flatMap((d) => declSymbol(d, parsed.source));
}
