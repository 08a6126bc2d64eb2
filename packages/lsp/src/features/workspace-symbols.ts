// Workspace symbols: every declared name of every rule set, matched fuzzily.
import { SymbolKind as LspSymbolKind, type SymbolInformation } from 'vscode-languageserver';
import type { SymbolKind } from '../symbols.js';
import type { Workspace } from '../workspace.js';
import { location } from './locate.js';

const LSP_KIND: Record<SymbolKind, LspSymbolKind> = {
  fact: LspSymbolKind.Field,
  definition: LspSymbolKind.Function,
  valueset: LspSymbolKind.Enum,
  member: LspSymbolKind.EnumMember,
  enum: LspSymbolKind.EnumMember,
  group: LspSymbolKind.Class,
  rule: LspSymbolKind.Event,
  protocol: LspSymbolKind.Method,
};

function fuzzy(query: string, name: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let i = 0;
  for (const c of n) if (c === q[i]) i++;
  return i === q.length;
}

export async function workspaceSymbols(ws: Workspace, query: string): Promise<SymbolInformation[]> {
  const out: SymbolInformation[] = [];
  const seen = new Set<string>();
  for (const s of await ws.allSnapshots()) {
    for (const info of s.index().symbols.values()) {
      if (info.kind === 'enum' || !fuzzy(query, info.name)) continue;
      const id = `${info.key}@${info.path}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ name: info.name, kind: LSP_KIND[info.kind], location: location(ws, info.path, info.range), containerName: info.kind });
      if (out.length >= 500) return out;
    }
  }
  return out;
}
