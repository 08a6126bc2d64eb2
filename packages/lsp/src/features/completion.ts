// Completion: keywords the grammar allows at the cursor, and the names, values and units
// that fit where it stands. Lexes only the declaration around the cursor, never parses it.
import { COMMON_UNITS, describeUnit, parseUnit } from '@vigil/core';
import { Keyword, TOP_LEVEL_KEYWORDS, contentAssist, groupMembers, keywordOf, lexText, tokenIs } from '@vigil/core/services';
import type { IToken } from 'chevrotain';
import { CompletionItemKind, MarkupKind, type CompletionItem, type Position, type Range } from 'vscode-languageserver';
import { offsetRange } from '../convert.js';
import type { Snapshot, Workspace } from '../workspace.js';
import { locate } from './locate.js';
import { ACTION_VERBS, enumValuesOf, factDetail, tokenName } from './model-names.js';

const DECLARATION_START = /^(?:ruleset|import|facts|valueset|define|rule|protocol|table)\b/;

/**
 * Tokens and comments of the declaration around `offset` (from the line that starts it to
 * the end of the cursor's line), at their offsets in the whole text: completion stays as
 * fast in a file of thousands of rules as in a small one.
 */
function localParse(text: string, offset: number): { tokens: IToken[]; comments: { start: number; end: number; text: string; block: boolean }[] } {
  // lastIndexOf with a negative position searches from 0 and finds a leading newline again:
  // each step must move strictly backwards, or a file starting with a blank line loops forever.
  let start = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  while (start > 0 && !DECLARATION_START.test(text.slice(start, start + 10))) start = start >= 2 ? text.lastIndexOf('\n', start - 2) + 1 : 0;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  // Lexed, not parsed: completion needs tokens only, and a parse of deep nesting is slow.
  const lexed = lexText(text.slice(start, end));
  return {
    tokens: lexed.tokens.map((t) => ({ ...t, startOffset: t.startOffset + start, ...(t.endOffset !== undefined ? { endOffset: t.endOffset + start } : {}) })),
    comments: lexed.comments.map((c) => ({ start: c.startOffset + start, end: c.startOffset + start + c.image.length, text: c.image, block: c.image.startsWith('/*') })),
  };
}

/** The unit of the quantity fact a number is compared with (`wbc < 2` → 10*9/L), if any. */
function comparedFact(tokens: readonly IToken[], number: IToken, model: Snapshot['result']['model']): { unit: string } | undefined {
  const i = tokens.indexOf(number);
  let j = i - 1;
  // `5 x baseline`-style factors and signs sit between the operator and the number.
  while (j >= 0 && ['Minus', 'Plus'].includes(tokenName(tokens[j]!))) j--;
  const op = tokens[j];
  if (!op || !['LessThan', 'LessEquals', 'GreaterThan', 'GreaterEquals', 'Equals', 'NotEquals'].includes(tokenName(op))) return undefined;
  const subject = tokens[j - 1];
  const f = subject && tokenName(subject) === 'Identifier' ? model.facts.get(subject.image) : undefined;
  return f && f.type.kind === 'quantity' ? { unit: f.type.unit.code } : undefined;
}

function dimensionOf(unit: string): string | undefined {
  const u = parseUnit(unit);
  return u.ok && !u.unit.arbitrary ? String(u.unit.dimension) : undefined;
}

/** After these, a space opens the completion list; after anything else only typing does. */
const SPACE_TRIGGERS = new Set(['|', 'when', 'unless', 'then', 'and', 'or', 'not', '=', '!=', '<', '<=', '>', '>=', 'in', 'includes', 'overrides', 'tightens', 'group', 'except', 'strength', 'drug', 'against', 'is', ':', 'of', '{', ',', 'x', '*', ...ACTION_VERBS]);

/**
 * The table cell the cursor is in, from the tokens of its table (`table … | a | b | then`
 * then rows): the header column it falls under, counting the row's `|` before it. Undefined
 * outside a table, in the header, or past the row's cells (its actions).
 */
function tableCell(tokens: readonly IToken[], at: number, text: string): { column: string; afterNot: boolean; afterIncludes: boolean } | undefined {
  if (tokens[0]?.image !== 'table') return undefined;
  const pipes = tokens.filter((t) => t.image === '|');
  const thenAt = tokens.findIndex((t, i) => t.image === 'then' && tokens[i - 1]?.image === '|');
  if (thenAt < 0 || tokens[thenAt]!.startOffset > at) return undefined;
  const header = tokens.slice(0, thenAt);
  const headerPipes = header.filter((t) => t.image === '|');
  const columns: string[] = [];
  for (let i = 0; i < headerPipes.length - 1; i++) {
    const from = header.indexOf(headerPipes[i]!);
    const to = header.indexOf(headerPipes[i + 1]!);
    columns.push(header.slice(from + 1, to).map((t) => t.image).join(''));
  }
  // The row: the `|` tokens on the cursor's line before it.
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const onLine = pipes.filter((t) => t.startOffset >= lineStart && t.startOffset < at);
  if (onLine.length === 0 || onLine.length > columns.length) return undefined;
  const lastPipe = onLine[onLine.length - 1]!;
  const inCell = tokens.filter((t) => t.startOffset > lastPipe.startOffset && t.startOffset + t.image.length <= at);
  const lastWord = inCell[inCell.length - 1]?.image;
  return { column: columns[onLine.length - 1]!, afterNot: lastWord === 'not', afterIncludes: lastWord === 'includes' || (inCell.some((t) => t.image === 'includes') && ['{', ','].includes(lastWord ?? '')) };
}

export function completion(ws: Workspace, uri: string, position: Position, triggerCharacter?: string): CompletionItem[] {
  const at = locate(ws, uri, position);
  if (!at) return [];
  const source = at.source;
  const text = source.text;
  const offset = at.offset;
  const parsed = localParse(text, offset);
  // Names may be one check old: completion never waits for a result to be built.
  const snapshot = ws.navigationSnapshotFor(uri) ?? at.snapshot;
  const model = snapshot.result.model;

  // Nothing to offer inside comments and strings.
  for (const c of parsed.comments) if (c.start < offset && offset <= c.end && (c.block ? !c.text.endsWith('*/') || offset < c.end : true)) return [];
  for (const t of parsed.tokens) {
    if (t.startOffset >= offset) break;
    if (tokenName(t) === 'StringLiteral' && offset <= t.startOffset + t.image.length && (offset < t.startOffset + t.image.length || !t.image.endsWith('"') || t.image.length === 1)) return [];
  }

  let wordStart = offset;
  while (wordStart > 0 && /[A-Za-z0-9_]/.test(text[wordStart - 1]!)) wordStart--;
  // A rule id being typed (AZA-PRE-) continues over dashes.
  let idStart = wordStart;
  while (idStart > 0 && /[A-Za-z0-9_-]/.test(text[idStart - 1]!)) idStart--;
  // A unit being typed continues over UCUM punctuation.
  let unitStart = offset;
  while (unitStart > 0 && /[A-Za-z0-9_.*/[\]{}%'^-]/.test(text[unitStart - 1]!)) unitStart--;

  const before = parsed.tokens.filter((t) => t.startOffset + t.image.length <= wordStart);
  const last = before[before.length - 1];
  const prev = before[before.length - 2];
  const replace = (start: number): Range => offsetRange(source, start, offset);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const push = (label: string, kind: CompletionItemKind, detail?: string, start = wordStart, sortPrefix = '1', documentation?: string): void => {
    if (seen.has(label)) return;
    seen.add(label);
    items.push({
      label,
      kind,
      ...(detail ? { detail } : {}),
      ...(documentation ? { documentation: { kind: MarkupKind.Markdown, value: documentation } } : {}),
      sortText: `${sortPrefix}${label}`,
      textEdit: { range: replace(start), newText: label },
    });
  };

  // Units right after a number, or after `quantity`.
  const unitTokenBefore = parsed.tokens.filter((t) => t.startOffset + t.image.length <= unitStart).pop();
  const sameLine = (t: IToken) => !/[\r\n]/.test(text.slice(t.startOffset + t.image.length, unitStart));
  if (unitTokenBefore && (tokenName(unitTokenBefore) === 'NumberLiteral' || tokenName(unitTokenBefore) === 'KwQuantity') && sameLine(unitTokenBefore) && unitStart > unitTokenBefore.startOffset + unitTokenBefore.image.length) {
    const units = new Set<string>();
    for (const f of model.facts.values()) if (f.type.kind === 'quantity' && f.decl.type.kind === 'QuantityType') units.add(f.decl.type.unit.text);
    for (const u of COMMON_UNITS) units.add(u);
    // A threshold compared with a quantity fact: its unit first, then those of its dimension.
    const compared = comparedFact(parsed.tokens, unitTokenBefore, model);
    const dimension = compared ? dimensionOf(compared.unit) : undefined;
    for (const u of units) {
      const rank = compared?.unit === u ? '0' : dimension !== undefined && dimensionOf(u) === dimension ? '1' : COMMON_UNITS.includes(u) ? '3' : '2';
      push(u, CompletionItemKind.Unit, describeUnit(u), unitStart, rank);
    }
    if (tokenName(unitTokenBefore) === 'KwQuantity' || offset > unitStart) return items;
  }

  if (triggerCharacter === ' ' && wordStart === offset && !(last && SPACE_TRIGGERS.has(last.image))) return items;

  // Keywords the grammar allows here, from the start of the current declaration.
  let declStart = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const t = before[i]!;
    if (tokenIs(t, Keyword) && TOP_LEVEL_KEYWORDS.includes(t.image)) {
      declStart = i;
      break;
    }
  }
  const slice = before.slice(declStart);
  const first = slice[0];
  const startRule = first && ['facts', 'groups', 'valueset', 'define', 'rule', 'protocol', 'table'].includes(first.image) ? 'declaration' : 'file';
  const expected = new Set<string>();
  const expectedKeywords = new Set<string>();
  const stacks: string[][] = [];
  try {
    for (const path of contentAssist(startRule === 'file' ? before : slice, startRule)) {
      expected.add(path.nextTokenType.name);
      const word = keywordOf(path.nextTokenType);
      if (word !== undefined) expectedKeywords.add(word);
      stacks.push(path.ruleStack);
    }
  } catch {
    // An input content assist cannot follow: fall back to the names below.
  }
  const lineStart = text.lastIndexOf('\n', wordStart - 1) + 1;
  const atLineStart = /^[ \t]*$/.test(text.slice(lineStart, wordStart));
  for (const word of expectedKeywords) push(word, CompletionItemKind.Keyword, ACTION_VERBS.has(word) ? 'action' : undefined, wordStart, '3');
  if (atLineStart && (expected.size === 0 || lineStart === wordStart || startRule === 'file' || expected.has('KwWhen') || expected.has('KwThen'))) {
    for (const k of TOP_LEVEL_KEYWORDS) push(k, CompletionItemKind.Keyword, undefined, wordStart, '4');
  }

  const wantsName = expected.has('Identifier') || expected.has('RuleId') || expected.size === 0 || idStart < wordStart;
  if (!wantsName) return items;

  // Which kind of name, from the tokens just before.
  const clauseKeyword = (() => {
    for (let i = before.length - 1; i >= 0; i--) {
      const t = before[i]!;
      if (tokenIs(t, Keyword) && ['source', 'strength', 'group', 'overrides', 'tightens', 'when', 'unless', 'then', 'drug', 'target', 'step'].includes(t.image)) return t.image;
      if (tokenIs(t, Keyword) && TOP_LEVEL_KEYWORDS.includes(t.image)) return t.image;
    }
    return undefined;
  })();
  const addRules = () => {
    for (const r of model.rules.values()) {
      const title = r.decl.title?.value;
      push(r.name, CompletionItemKind.Event, title, idStart, '0');
    }
  };
  const addValues = (sort = '1') => {
    for (const f of model.facts.values()) push(f.name, CompletionItemKind.Variable, factDetail(f), wordStart, sort, f.decl.description?.value);
    for (const d of model.definitions.values()) push(d.name, CompletionItemKind.Function, d.decl.title?.value ?? 'definition', wordStart, sort);
  };
  const addValueSets = (sort = '1') => {
    for (const v of model.valueSets.values()) push(v.name, CompletionItemKind.Enum, v.decl.title?.value ?? 'value set', wordStart, sort);
  };
  const addMembers = (sort = '2') => {
    for (const [name, list] of model.members) push(name, CompletionItemKind.EnumMember, `in ${list.map((m) => m.valueSet.name).join(', ')}`, wordStart, sort);
  };
  const addEnum = (fact: string | undefined, sort = '0') => {
    for (const v of enumValuesOf(snapshot, fact)) push(v, CompletionItemKind.EnumMember, `${fact} value`, wordStart, sort);
  };

  // In a decision table's cell: what the column's input takes.
  const cell = tableCell(slice, wordStart, text);
  if (cell) {
    // The grammar allows every cell form here; the column's values say which make sense.
    items.length = 0;
    seen.clear();
    const f = model.facts.get(cell.column);
    const t = f?.type;
    if (!cell.afterNot) push('-', CompletionItemKind.Operator, 'any value', wordStart, '2');
    if (t?.kind === 'enum') addEnum(cell.column);
    else if (t?.kind === 'boolean' && !cell.afterNot) for (const v of ['true', 'false']) push(v, CompletionItemKind.Keyword, `${cell.column} value`, wordStart, '0');
    else if (t?.kind === 'code') {
      addValueSets('0');
      addMembers('1');
    } else if (t?.kind === 'set') {
      if (!cell.afterNot) push('includes', CompletionItemKind.Keyword, `${cell.column} holds any of`, wordStart, '0');
      if (cell.afterIncludes) {
        addValueSets('0');
        addMembers('1');
      }
    }
    if (!cell.afterNot && !cell.afterIncludes) {
      if (t?.kind === 'enum' || t?.kind === 'code') push('not', CompletionItemKind.Keyword, 'none of', wordStart, '3');
      for (const k of ['missing', 'present']) push(k, CompletionItemKind.Keyword, `${cell.column} is ${k}`, wordStart, '3');
    }
    return items;
  }

  // A rule id being typed (`overrides AZA-PRE-`) reaches back over its dashes.
  const beforeId = idStart < wordStart ? parsed.tokens.filter((t) => t.startOffset + t.image.length <= idStart) : before;
  const lastBeforeId = beforeId[beforeId.length - 1];
  const addGroups = (sort = '0') => {
    const members = groupMembers(model);
    for (const g of model.groups.values()) push(g.name, CompletionItemKind.Class, `group · ${members.get(g.name)?.length ?? 0} rules${g.decl.title ? ` · ${g.decl.title.value}` : ''}`, idStart, sort);
  };
  // `overrides G, …`, `overrides dose of G`, `… except R`: groups first, then rules.
  if (clauseKeyword === 'overrides' && ['overrides', ',', 'of', 'except', '{'].includes(lastBeforeId?.image ?? '')) {
    if (lastBeforeId?.image !== 'except' && lastBeforeId?.image !== '{') addGroups();
    addRules();
    return items;
  }
  // `tightens monitor T of G except { R, … }`: the monitored targets, then groups and rules.
  if (clauseKeyword === 'tightens') {
    if (lastBeforeId?.image === 'monitor') {
      for (const r of model.rules.values())
        if (r.decl.kind === 'RuleDecl') for (const a of r.decl.actions) if (a.schedule) for (const t of a.targets) push(t.value, CompletionItemKind.Value, 'monitored', wordStart, '0');
      return items;
    }
    if (['of', 'except', '{', ','].includes(lastBeforeId?.image ?? '')) {
      if (lastBeforeId?.image === 'of') addGroups();
      addRules();
      return items;
    }
  }
  // `otherwise in G`: the groups.
  if (lastBeforeId?.image === 'in' && beforeId[beforeId.length - 2]?.image === 'otherwise') {
    addGroups();
    return items;
  }
  if (clauseKeyword === 'group' && (lastBeforeId?.image === 'group' || lastBeforeId?.image === ',')) {
    addGroups();
    return items;
  }
  if (last?.image === 'strength') {
    for (const s of model.strengths) push(s, CompletionItemKind.EnumMember, 'strength', wordStart, '0');
    return items;
  }
  // `… from `: an anchored schedule is dated from a date or datetime fact (VGL3036 otherwise).
  if (last?.image === 'from' && tokenIs(last, Keyword)) {
    for (const f of model.facts.values()) if (f.type.kind === 'date' || f.type.kind === 'datetime') push(f.name, CompletionItemKind.Variable, factDetail(f), wordStart, '0', f.decl.description?.value);
    return items;
  }
  // Inside a value list after `in` / `includes`.
  {
    let i = before.length - 1;
    while (i >= 0 && (tokenName(before[i]!) === 'Identifier' || before[i]!.image === ',' || before[i]!.image === '{')) {
      if (before[i]!.image === '{') {
        i--;
        break;
      }
      i--;
    }
    const op = before[i];
    if (op && (op.image === 'in' || op.image === 'includes') && tokenIs(op, Keyword)) {
      let s = i - 1;
      if (before[s]?.image === 'not') s--;
      const subject = before[s];
      const subjectName = subject && tokenName(subject) === 'Identifier' ? subject.image : undefined;
      addEnum(subjectName);
      // `tpmt in {`: an enum fact takes its values only, never a drug's value set.
      if (op.image === 'includes' || enumValuesOf(snapshot, subjectName).length === 0) addValueSets('1');
      if (op.image === 'includes') addMembers('2');
      return items;
    }
  }
  if (last && (last.image === '=' || last.image === '!=') && prev && tokenName(prev) === 'Identifier') {
    addEnum(prev.image);
    if (items.length > 0) return items;
  }
  if (last && (ACTION_VERBS.has(last.image) || last.image === 'drug' || (clauseKeyword === 'then' && (last.image === '{' || last.image === ',')))) {
    addMembers('0');
    const targets = new Set<string>();
    for (const f of snapshot.result.files)
      for (const d of f.document.declarations) if (d.kind === 'RuleDecl') for (const a of d.actions) for (const t of a.targets) targets.add(t.value);
    for (const t of targets) push(t, CompletionItemKind.Constant, 'target', wordStart, '1');
    return items;
  }
  const inExpression = stacks.some((s) => s.includes('primary') || s.includes('expr') || s.includes('doseSpec')) || ['when', 'unless', 'define'].includes(clauseKeyword ?? '');
  if (inExpression) {
    addValues('0');
    return items;
  }
  return items;
}
