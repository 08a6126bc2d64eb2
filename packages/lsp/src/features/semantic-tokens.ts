// Semantic tokens: names coloured by what they declare, keywords, literals and operators by token.
import { Keyword, Operator, tokenIs } from '@vigil/core/services';
import { SemanticTokensBuilder, type SemanticTokens } from 'vscode-languageserver';
import { uriToPath } from '../convert.js';
import type { SymbolKind } from '../symbols.js';
import type { Workspace } from '../workspace.js';
import { tokenName } from './model-names.js';

export const TOKEN_TYPES = ['keyword', 'number', 'string', 'comment', 'variable', 'function', 'enum', 'enumMember', 'event', 'type', 'operator', 'namespace', 'property'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly'] as const;
const T = Object.fromEntries(TOKEN_TYPES.map((t, i) => [t, i])) as Record<(typeof TOKEN_TYPES)[number], number>;

const KIND_TOKEN: Record<SymbolKind, number> = {
  fact: T.variable,
  definition: T.function,
  valueset: T.enum,
  member: T.enumMember,
  enum: T.enumMember,
  group: T.namespace,
  rule: T.event,
  protocol: T.event,
};

export function semanticTokens(ws: Workspace, uri: string): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  const path = uriToPath(uri);
  const parsed = ws.parse(path);
  if (!parsed) return builder.build();
  const snapshot = ws.snapshotFor(uri);
  const checkedText = snapshot?.result.sources.get(path)?.text;
  const index = snapshot && checkedText === parsed.source.text ? snapshot.index() : undefined;
  const src = parsed.source;
  const entries: [number, number, number, number][] = []; // offset, length, type, modifiers
  const add = (start: number, end: number, type: number, modifiers = 0) => {
    // Split at line breaks: clients need single-line tokens.
    let s = start;
    for (let i = start; i <= end; i++) {
      const c = src.text.charCodeAt(i);
      if (i === end || c === 10 || c === 13) {
        if (i > s) entries.push([s, i - s, type, modifiers]);
        s = i + 1;
      }
    }
  };
  for (const c of parsed.document.comments) add(c.range.start.offset, c.range.end.offset, T.comment);
  const occurrences = new Map<number, { type: number; decl: boolean }>();
  if (index) for (const o of index.inFile(path)) {
    const info = index.symbols.get(o.key);
    if (info) occurrences.set(o.range.start.offset, { type: KIND_TOKEN[info.kind], decl: o.decl });
  }
  const declStrength = new Set<number>();
  for (const d of parsed.document.declarations) if ((d.kind === 'RuleDecl' || d.kind === 'ProtocolDecl') && d.strength) declStrength.add(d.strength.range.start.offset);
  // A strength is a name even when it is a reserved word elsewhere (`strength optional`).
  for (const x of parsed.document.header?.strengths ?? []) declStrength.add(x.range.start.offset);
  const codeSystems = new Set<number>();
  for (const d of parsed.document.declarations) if (d.kind === 'ValueSetDecl') for (const m of d.members) for (const c of m.codes) codeSystems.add(c.system.range.start.offset);
  for (const t of parsed.tokens) {
    const name = tokenName(t);
    const start = t.startOffset;
    const end = start + t.image.length;
    if (name === 'NumberLiteral') add(start, end, T.number);
    else if (name === 'StringLiteral') add(start, end, T.string);
    else if (name === 'Unit') add(start, end, T.type);
    else if (declStrength.has(start)) add(start, end, T.property);
    else if (tokenIs(t, Operator)) add(start, end, T.operator);
    else if (tokenIs(t, Keyword)) add(start, end, T.keyword);
    else if (name === 'Identifier' || name === 'RuleId') {
      const o = occurrences.get(start);
      if (o) add(start, end, o.type, o.decl ? 1 : 0);
      else if (declStrength.has(start)) add(start, end, T.property);
      else if (codeSystems.has(start)) add(start, end, T.namespace);
    }
  }
  entries.sort((a, b) => a[0] - b[0]);
  let lastEnd = -1;
  for (const [offset, length, type, modifiers] of entries) {
    if (offset < lastEnd) continue;
    const p = src.positionAt(offset);
    builder.push(p.line, p.character, length, type, modifiers);
    lastEnd = offset + length;
  }
  return builder.build();
}
