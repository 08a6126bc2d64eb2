// The language features, each a function of the workspace and the request: completion,
// hover, navigation, rename, symbols, semantic tokens, folding, formatting, code actions
// and inlay hints. They read the core's check result and symbol index; none re-checks.
import {
  ACTIONS,
  ACTION_RANK,
  COMMON_UNITS,
  Keyword,
  Operator,
  STRENGTHS,
  STRENGTH_NAMES,
  keywordOf,
  tokenIs,
  Rational,
  SourceText,
  TOP_LEVEL_KEYWORDS,
  contentAssist,
  decodeString,
  convertExact,
  lexText,
  describeType,
  describeUnit,
  forEachExpr,
  isKeyword,
  parseUnit,
  unwrapParens,
  type Declaration,
  type Document,
  type Expr,
  type FactSymbol,
  type QuantityLiteral,
  type RuleDecl,
  type ProtocolDecl,
} from '@vigil/core';
import type { IToken } from 'chevrotain';
import {
  CodeActionKind,
  LSPErrorCodes,
  ResponseError,
  CompletionItemKind,
  FoldingRangeKind,
  InlayHintKind,
  MarkupKind,
  SemanticTokensBuilder,
  SymbolKind as LspSymbolKind,
  type CodeAction,
  type CompletionItem,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type InlayHint,
  type Location,
  type Position,
  type Range,
  type SemanticTokens,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { formatParsed } from '@vigil/formatter';
import { offsetRange, pathToUri, rangesOverlap, toLspDiagnostic, toLspRange, uriToPath } from './convert.js';
import { findSourceDocument, firstLine } from './source-documents.js';
import { fixtureFiles, isFactsFile, renameFactInFixture, renameRuleInFixture, type FixtureEdit } from './fixture-rename.js';
import { dirname } from 'node:path';
import type { SymbolIndex, SymbolInfo, SymbolKind } from './symbols.js';
import type { Snapshot, Workspace } from './workspace.js';

/** The words after which an action's target is written (`contraindicate`, `against`, …). */
const ACTION_VERBS: ReadonlySet<string> = new Set(ACTIONS.filter((a) => a.form !== 'because').map((a) => a.words[a.words.length - 1]!));
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RULE_ID = /^[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*$/;

interface Located {
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
function locate(ws: Workspace, uri: string, position: Position): Located | undefined {
  const path = uriToPath(uri);
  const snapshot = ws.snapshotFor(uri);
  if (!snapshot) return undefined;
  const source = ws.currentSource(path);
  return { path, source, offset: source.offsetAt(position.line, position.character), snapshot };
}

/** Whether the result was computed from the document's current text. */
function isCurrent(ws: Workspace, snapshot: Snapshot, path: string): boolean {
  return snapshot.result.sources.get(path)?.text === ws.currentSource(path).text;
}

function location(ws: Workspace, _snapshot: Snapshot, path: string, range: { start: { offset: number }; end: { offset: number } }): Location {
  return { uri: ws.uriOf(path), range: offsetRange(ws.currentSource(path), range.start.offset, range.end.offset) };
}

// ---------------------------------------------------------------------- completion

const DECLARATION_START = /^(?:ruleset|import|facts|valueset|define|rule|protocol)\b/;

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

function tokenName(t: IToken): string {
  return t.tokenType.name;
}

function enumValuesOf(snapshot: Snapshot, name: string | undefined): string[] {
  if (!name) return [];
  const f = snapshot.result.model.facts.get(name);
  if (!f) return [];
  const t = f.type.kind === 'set' ? f.type.element : f.type;
  return t.kind === 'enum' ? [...t.values] : [];
}

function factDetail(f: FactSymbol): string {
  return describeType(f.type) + (f.baseline ? ' baseline' : '') + (f.uln ? ' uln' : '');
}

/** After these, a space opens the completion list; after anything else only typing does. */
const SPACE_TRIGGERS = new Set(['when', 'unless', 'then', 'and', 'or', 'not', '=', '!=', '<', '<=', '>', '>=', 'in', 'includes', 'overrides', 'strength', 'drug', 'against', 'is', ':', 'of', '{', ',', 'x', '*', ...ACTION_VERBS]);

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
  const startRule = first && ['facts', 'valueset', 'define', 'rule', 'protocol'].includes(first.image) ? 'declaration' : 'file';
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
      if (tokenIs(t, Keyword) && ['source', 'strength', 'overrides', 'when', 'unless', 'then', 'drug', 'target', 'step'].includes(t.image)) return t.image;
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

  // A rule id being typed (`overrides AZA-PRE-`) reaches back over its dashes.
  const beforeId = idStart < wordStart ? parsed.tokens.filter((t) => t.startOffset + t.image.length <= idStart) : before;
  const lastBeforeId = beforeId[beforeId.length - 1];
  if (clauseKeyword === 'overrides' && (lastBeforeId?.image === 'overrides' || lastBeforeId?.image === ',')) {
    addRules();
    return items;
  }
  if (last?.image === 'strength') {
    for (const s of STRENGTH_NAMES) push(s, CompletionItemKind.EnumMember, 'strength', wordStart, '0');
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

// ---------------------------------------------------------------------- hover

function md(lines: (string | undefined | false)[]): string {
  return lines.filter((l): l is string => typeof l === 'string').join('\n');
}

function sourceSlice(snapshot: Snapshot, path: string, range: { start: { offset: number }; end: { offset: number } }, max = 600): string {
  const s = snapshot.result.sources.get(path);
  if (!s) return '';
  const text = s.text.slice(range.start.offset, range.end.offset);
  return text.length > max ? `${text.slice(0, max)} …` : text;
}

function describeSymbol(snapshot: Snapshot, info: SymbolInfo): string {
  const model = snapshot.result.model;
  const block = (code: string) => ['```vigil', code, '```'];
  switch (info.kind) {
    case 'fact': {
      const f = model.facts.get(info.name);
      if (!f) return info.name;
      const t = f.type;
      const unit = t.kind === 'quantity' ? t.unit : undefined;
      return md([
        ...block(sourceSlice(snapshot, info.path, f.decl.range)),
        f.decl.description ? `\n${f.decl.description.value}` : undefined,
        `\n**fact** · ${describeType(t)}`,
        unit ? `\nUnit \`${unit.code}\`: ${unit.name}` : undefined,
        f.baseline ? `\nHas a baseline: \`${f.name}.baseline\` (the patient's own reference value)` : undefined,
        f.uln ? `\nHas an upper limit of normal: \`${f.name}.uln\`` : undefined,
        '\nMay be missing: a rule that depends on it is then not evaluable.',
      ]);
    }
    case 'definition': {
      const d = model.definitions.get(info.name);
      if (!d) return info.name;
      let type = '';
      try {
        type = describeType(model.typeOf(d.decl.expr));
      } catch {
        type = 'unknown';
      }
      return md([...block(sourceSlice(snapshot, info.path, d.decl.range)), `\n**definition** · ${type}`]);
    }
    case 'valueset': {
      const v = model.valueSets.get(info.name);
      if (!v) return info.name;
      const members = v.decl.members.map((m) => `- \`${m.name.value}\`${m.codes.length ? ' — ' + m.codes.map((c) => `${c.system.value} ${c.code.value}`).join(', ') : ''}`);
      return md([`**value set** \`${v.name}\`${v.decl.title ? ` — ${v.decl.title.value}` : ''}`, '', `${v.decl.members.length} member${v.decl.members.length === 1 ? '' : 's'}:`, ...members.slice(0, 40), members.length > 40 ? `- … ${members.length - 40} more` : undefined]);
    }
    case 'member': {
      const list = model.members.get(info.name) ?? [];
      return md([
        `**value-set member** \`${info.name}\``,
        ...list.map((m) => `\n- in \`${m.valueSet.name}\`${m.member.codes.length ? ': ' + m.member.codes.map((c) => `${c.system.value} ${c.code.value}`).join(', ') : ''}`),
      ]);
    }
    case 'enum': {
      const values = enumValuesOf(snapshot, info.owner);
      return md([`**enum value** \`${info.name}\` of fact \`${info.owner}\``, '', `Values: ${values.map((v) => `\`${v}\``).join(', ')}`]);
    }
    case 'rule':
    case 'protocol': {
      const r = model.rules.get(info.name);
      if (!r) return info.name;
      const d = r.decl;
      const lines: (string | undefined)[] = [`**${info.kind}** \`${d.id.value}\`${d.title ? ` — ${d.title.value}` : ''}`, ''];
      if (d.sources.length) lines.push(`Source: ${d.sources.map((s) => `\`${s.value}\``).join(', ')}`, '');
      if (d.strength) lines.push(`Strength: **${d.strength.value}**`, '');
      if (d.kind === 'RuleDecl') {
        if (d.overrides.length) lines.push(`Overrides: ${d.overrides.map((o) => `\`${o.value}\``).join(', ')}`, '');
        if (d.when) lines.push('```vigil', `when ${sourceSlice(snapshot, info.path, d.when.range, 300)}`, ...d.unless.map((u) => `unless ${sourceSlice(snapshot, info.path, u.range, 200)}`), '```');
        for (const a of d.actions) lines.push(`- ${a.verb.replace('-', ' ')} ${a.targets.map((t) => t.value).join(', ')}${a.message ? `: ${a.message.value}` : ''}`);
      } else {
        if (d.drug) lines.push(`Drug: \`${d.drug.value}\``, '');
        if (d.target) lines.push(`Target: ${sourceSlice(snapshot, info.path, d.target.range)}`, '');
        lines.push(`${d.steps.length} step${d.steps.length === 1 ? '' : 's'}`);
      }
      return md(lines);
    }
  }
}

/** The hover line of each word that starts an action: its rank and meaning, from the vocabulary table. */
function actionDocs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of new Set(ACTIONS.map((a) => a.words[0]))) {
    const entries = ACTIONS.filter((a) => a.words[0] === word);
    const rank = (a: (typeof ACTIONS)[number]) => ACTION_RANK[a.verb];
    out[word] = entries.length === 1
      ? `action of rank ${rank(entries[0]!)}${rank(entries[0]!) === 1 ? ' (the strongest)' : ''}: ${entries[0]!.doc}`
      : `action: ${entries.map((a) => `${a.doc} (rank ${rank(a)})`).join(', or ')}`;
  }
  return out;
}

/** One line per keyword worth explaining in place (from the language reference). */
const KEYWORD_DOCS: Readonly<Record<string, string>> = {
  baseline: "the patient's own reference value of the fact on the other side of the comparison (`alt.baseline` names it explicitly)",
  uln: 'the upper limit of normal of the fact on the other side of the comparison (`alt.uln` names it explicitly)',
  optional: 'a fact whose absence is expected: no missing-data rule is needed for it',
  ...actionDocs(),
  overrides: 'when this rule fires, the decisions of the listed rules are suppressed and reported as overridden',
  unless: 'an exception: the rule does not fire when this condition is true',
  when: 'the condition under which the rule fires; true, false or unknown (a missing fact makes it unknown)',
  strength: `strength of the recommendation: ${STRENGTH_NAMES.slice(0, -1).join(', ')} or ${STRENGTH_NAMES[STRENGTH_NAMES.length - 1]}`,
  source: 'the documents the rule encodes: evidence travels with the rule',
  includes: 'set membership: true when the set holds any of the listed terms or members of the value set',
  in: 'enum membership: `tpmt in { low, absent }`',
  is: '`fact is missing` / `fact is present`: never unknown',
  missing: '`fact is missing`: true when the patient record has no value for the fact, false when it has one; never unknown, so a rule can handle missing data',
  present: '`fact is present`: true when the patient record has a value for the fact; never unknown',
  more: '`date_fact more than 48 h ago`: time since a date or datetime fact, at the evaluation time',
  less: '`date_fact less than 2 wk ago`: time since a date or datetime fact, at the evaluation time',
  within: '`date_fact within 3 mo`: the fact lies at most this long before the evaluation time',
  x: 'multiplication (a synonym of `*`): `alt >= 5 x uln`',
  target: 'the protocol\'s total dose over its total time; the steps must add up to it exactly',
  step: 'one protocol step: a dose, then an observation time',
  and: 'both conditions: `unknown and false` is false, otherwise unknown spreads',
  or: 'either condition: `unknown or true` is true, otherwise unknown spreads',
  not: 'negation: `not unknown` is unknown',
};

/** What each strength means (language reference, evidence). */
const STRENGTH_DOCS: Readonly<Record<string, string>> = Object.fromEntries(STRENGTHS.map((s) => [s.name, s.doc]));

/** Whether the string at `i` is one of a `source` clause's documents (`source "a", "b"`). */
function isSourceString(tokens: readonly IToken[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const name = tokenName(tokens[j]!);
    if (name === 'KwSource') return true;
    if (name !== 'Comma' && name !== 'StringLiteral') return false;
  }
  return false;
}

function describeSource(ruleFile: string, name: string): string {
  const found = findSourceDocument(ruleFile, name);
  if (!found) return md([`**source** \`${name}\``, '', 'Not found in the workspace (looked beside the rule file and in `seeds/` and `sources/` folders of it and the folders above it).']);
  const escape = (text: string) => text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
  const line = firstLine(found);
  return md([`**source** [${escape(name)}](${pathToUri(found)})`, line ? `\n> ${escape(line)}` : undefined]);
}

export function hover(ws: Workspace, uri: string, position: Position): Hover | null {
  const at = locate(ws, uri, position);
  if (!at) return null;
  const index = at.snapshot.index();
  const occ = index.at(at.path, at.offset);
  if (occ) {
    const info = index.symbols.get(occ.key);
    if (info) {
      const contents = { kind: MarkupKind.Markdown, value: describeSymbol(at.snapshot, info) };
      return isCurrent(ws, at.snapshot, at.path) ? { contents, range: toLspRange(occ.range, at.source) } : { contents };
    }
  }
  // Units and context references come from the tokens.
  const parsed = ws.parse(at.path);
  if (!parsed) return null;
  for (let i = 0; i < parsed.tokens.length; i++) {
    const t = parsed.tokens[i]!;
    if (t.startOffset > at.offset) break;
    const end = t.startOffset + t.image.length;
    if (at.offset > end) continue;
    const range = offsetRange(at.source, t.startOffset, end);
    const prev = parsed.tokens[i - 1];
    if (tokenName(t) === 'Identifier' && prev && tokenName(prev) === 'KwStrength') {
      const doc = STRENGTH_DOCS[t.image];
      const value = doc ? `**strength** \`${t.image}\` — ${doc}` : `\`${t.image}\` is not a strength: ${STRENGTH_NAMES.map((x) => `\`${x}\``).join(', ')}`;
      return { contents: { kind: MarkupKind.Markdown, value }, range };
    }
    if (tokenName(t) === 'StringLiteral' && isSourceString(parsed.tokens, i)) {
      return { contents: { kind: MarkupKind.Markdown, value: describeSource(at.path, decodeString(t.image).value) }, range };
    }
    if (tokenName(t) === 'Unit') {
      const u = parseUnit(t.image);
      const value = u.ok ? md([`**unit** \`${t.image}\`: ${u.unit.name}`, '', u.unit.arbitrary ? 'An arbitrary unit: comparable only with itself.' : `Dimension: \`${u.unit.dimension}\``]) : `\`${t.image}\` is not a valid UCUM unit: ${u.reason}`;
      return { contents: { kind: MarkupKind.Markdown, value }, range };
    }
    const doc = tokenIs(t, Keyword) ? KEYWORD_DOCS[t.image] : undefined;
    if (doc) return { contents: { kind: MarkupKind.Markdown, value: `**${t.image}** — ${doc}` }, range };
  }
  return null;
}

// ---------------------------------------------------------------------- navigation, rename

export function definition(ws: Workspace, uri: string, position: Position): Location[] {
  const at = locate(ws, uri, position);
  if (!at) return [];
  const index = at.snapshot.index();
  const occ = index.at(at.path, at.offset);
  const info = occ && index.symbols.get(occ.key);
  if (info) return [location(ws, at.snapshot, info.path, info.range)];
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

export function references(ws: Workspace, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const at = locate(ws, uri, position);
  if (!at) return [];
  const index = at.snapshot.index();
  const occ = index.at(at.path, at.offset);
  if (!occ) return [];
  return index
    .occurrences(occ.key)
    .filter((o) => includeDeclaration || !o.decl)
    .map((o) => location(ws, at.snapshot, o.path, o.range));
}

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

export function prepareRename(ws: Workspace, uri: string, position: Position): { range: Range; placeholder: string } | null {
  const at = locate(ws, uri, position);
  if (!at) return null;
  const index = at.snapshot.index();
  const occ = index.at(at.path, at.offset);
  const info = occ && index.symbols.get(occ.key);
  if (!occ || !info) return null;
  return { range: toLspRange(occ.range, at.source), placeholder: info.name };
}

export class RenameError extends Error {}

function namespaceOf(kind: SymbolKind): string {
  return kind === 'rule' || kind === 'protocol' ? 'rule' : kind === 'member' ? 'member' : kind === 'enum' ? 'enum' : 'value';
}

export function rename(ws: Workspace, uri: string, position: Position, newName: string): WorkspaceEdit | null {
  const at = locate(ws, uri, position);
  if (!at) return null;
  const index: SymbolIndex = at.snapshot.index();
  const occ = index.at(at.path, at.offset);
  const info = occ && index.symbols.get(occ.key);
  if (!occ || !info) return null;
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

// ---------------------------------------------------------------------- symbols

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
  }
}

export function documentSymbols(ws: Workspace, uri: string): DocumentSymbol[] {
  const path = uriToPath(uri);
  const parsed = ws.ast(path);
  if (!parsed) return [];
  return parsed.document.declarations.flatMap((d) => declSymbol(d, parsed.source));
}

const LSP_KIND: Record<SymbolKind, LspSymbolKind> = {
  fact: LspSymbolKind.Field,
  definition: LspSymbolKind.Function,
  valueset: LspSymbolKind.Enum,
  member: LspSymbolKind.EnumMember,
  enum: LspSymbolKind.EnumMember,
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
      out.push({ name: info.name, kind: LSP_KIND[info.kind], location: location(ws, s, info.path, info.range), containerName: info.kind });
      if (out.length >= 500) return out;
    }
  }
  return out;
}

// ---------------------------------------------------------------------- semantic tokens

export const TOKEN_TYPES = ['keyword', 'number', 'string', 'comment', 'variable', 'function', 'enum', 'enumMember', 'event', 'type', 'operator', 'namespace', 'property'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly'] as const;
const T = Object.fromEntries(TOKEN_TYPES.map((t, i) => [t, i])) as Record<(typeof TOKEN_TYPES)[number], number>;

const KIND_TOKEN: Record<SymbolKind, number> = {
  fact: T.variable,
  definition: T.function,
  valueset: T.enum,
  member: T.enumMember,
  enum: T.enumMember,
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
  const codeSystems = new Set<number>();
  for (const d of parsed.document.declarations) if (d.kind === 'ValueSetDecl') for (const m of d.members) for (const c of m.codes) codeSystems.add(c.system.range.start.offset);
  for (const t of parsed.tokens) {
    const name = tokenName(t);
    const start = t.startOffset;
    const end = start + t.image.length;
    if (name === 'NumberLiteral') add(start, end, T.number);
    else if (name === 'StringLiteral') add(start, end, T.string);
    else if (name === 'Unit') add(start, end, T.type);
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

// ---------------------------------------------------------------------- folding, formatting

export function foldingRanges(ws: Workspace, uri: string): FoldingRange[] {
  const parsed = ws.ast(uriToPath(uri));
  if (!parsed) return [];
  const out: FoldingRange[] = [];
  for (const d of parsed.document.declarations) {
    if (d.range.end.line > d.range.start.line) out.push({ startLine: d.range.start.line, endLine: d.range.end.line });
  }
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run && run.end > run.start) out.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const c of parsed.document.comments) {
    if (c.block) {
      flush();
      if (c.range.end.line > c.range.start.line) out.push({ startLine: c.range.start.line, endLine: c.range.end.line, kind: FoldingRangeKind.Comment });
      continue;
    }
    if (run && c.range.start.line === run.end + 1) run.end = c.range.start.line;
    else {
      flush();
      run = { start: c.range.start.line, end: c.range.start.line };
    }
  }
  flush();
  const imports = parsed.document.imports;
  if (imports.length > 1) out.push({ startLine: imports[0]!.range.start.line, endLine: imports[imports.length - 1]!.range.end.line, kind: FoldingRangeKind.Imports });
  return out;
}

/**
 * Largest file formatted in the editor: formatting runs on the server's thread, about 1 s
 * per MB, and nothing else is answered meanwhile. Larger files are refused with a message
 * (`vigil fmt` formats them).
 */
export const MAX_FORMAT_CHARS = 512 * 1024;

export function formatting(ws: Workspace, uri: string): TextEdit[] {
  const path = uriToPath(uri);
  const text = ws.textOf(path);
  if (text === undefined) return [];
  if (text.length > MAX_FORMAT_CHARS) {
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      `This file is too large to format in the editor (${(text.length / 1024).toFixed(0)} kB; the limit is ${MAX_FORMAT_CHARS / 1024} kB): run 'vigil fmt ${path}'.`,
    );
  }
  // The editor's cached parse: a file with syntax errors is refused without parsing it again.
  const parsed = ws.parse(path);
  const out = parsed && formatParsed(parsed);
  if (out === undefined || out === text) return [];
  const source = new SourceText(path, text);
  return [{ range: offsetRange(source, 0, text.length), newText: out }];
}

// ---------------------------------------------------------------------- code actions

export function codeActions(ws: Workspace, uri: string, range: Range): CodeAction[] {
  const path = uriToPath(uri);
  const snapshot = ws.snapshotFor(uri);
  if (!snapshot || !isCurrent(ws, snapshot, path)) return [];
  const sourceOf = (p: string) => ws.currentSource(p);
  const out: CodeAction[] = [];
  for (const d of snapshot.result.diagnostics) {
    if (d.uri !== path || !d.fixes || d.fixes.length === 0) continue;
    const lsp = toLspDiagnostic(d, sourceOf);
    if (!rangesOverlap(lsp.range, range)) continue;
    d.fixes.forEach((fix, i) => {
      const changes: Record<string, TextEdit[]> = {};
      for (const e of fix.edits) (changes[ws.uriOf(e.uri)] ??= []).push({ range: toLspRange(e.range, sourceOf(e.uri)), newText: e.newText });
      out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [lsp], edit: { changes }, ...(i === 0 && d.fixes!.length === 1 ? { isPreferred: true } : {}) });
    });
  }
  // Refactoring: a threshold written in another unit than its fact's, rewritten exactly in the fact's unit.
  const file = snapshot.result.files.find((f) => f.uri === path);
  const source = sourceOf(path);
  if (file && source) {
    forEachThreshold(snapshot, file.document, (lit, fact, unit) => {
      const litRange = toLspRange(lit.range, source);
      if (!rangesOverlap(litRange, range)) return;
      const text = exactInUnit(lit, unit.code);
      if (!text) return;
      const written = source.text.slice(lit.range.start.offset, lit.range.end.offset);
      out.push({
        title: `Write ${written} as ${text} (the unit ${fact.name} is recorded in)`,
        kind: CodeActionKind.RefactorRewrite,
        edit: { changes: { [uri]: [{ range: litRange, newText: text }] } },
      });
    });
  }
  return out;
}

// ---------------------------------------------------------------------- inlay hints

function quantityValue(q: QuantityLiteral): Rational | undefined {
  return Rational.tryParse(q.value);
}

function factOf(snapshot: Snapshot, e: Expr): FactSymbol | undefined {
  const x = unwrapParens(e);
  const model = snapshot.result.model;
  if (x.kind === 'NameRef') {
    const s = model.resolveValue(x);
    return s?.kind === 'fact' ? s : undefined;
  }
  if (x.kind === 'MemberRef') return model.facts.get(x.object.value);
  if (x.kind === 'ContextRef') return model.contextFact(x);
  return undefined;
}

/** Each quantity literal compared with a quantity fact, with the fact and the unit it is recorded in. */
function forEachThreshold(
  snapshot: Snapshot,
  document: Document,
  fn: (lit: QuantityLiteral, fact: FactSymbol, unit: { readonly code: string; readonly name: string }) => void,
): void {
  forEachExpr(document, (e) => {
    if (e.kind !== 'CompareExpr') return;
    for (const [a, b] of [
      [e.left, e.right],
      [e.right, e.left],
    ] as const) {
      const fact = factOf(snapshot, a);
      const lit = unwrapParens(b);
      if (fact && fact.type.kind === 'quantity' && lit.kind === 'QuantityLiteral') fn(lit, fact, fact.type.unit);
    }
  });
}

/** `2.5 10*9/L` for `2500 /uL` against a fact in 10*9/L, when the converted value is a short exact decimal. */
function exactInUnit(q: QuantityLiteral, toUnit: string): string | undefined {
  if (!q.unit || q.unit.text === toUnit) return undefined;
  const v = quantityValue(q);
  const c = v ? convertExact(v, q.unit.text, toUnit) : undefined;
  const exact = c?.toExact();
  return exact && !exact.includes('/') && exact.length <= 12 ? `${exact} ${toUnit}` : undefined;
}

function convertedLabel(q: QuantityLiteral, toUnit: string): string | undefined {
  if (!q.unit || q.unit.text === toUnit) return undefined;
  const v = quantityValue(q);
  if (!v) return undefined;
  const c = convertExact(v, q.unit.text, toUnit);
  if (!c) return undefined;
  const exact = c.toExact();
  const shown = exact.includes('/') || exact.length > 12 ? `≈ ${c.toDecimalString(4)}` : `= ${exact}`;
  return `${shown} ${toUnit}`;
}

export function inlayHints(ws: Workspace, uri: string, range: Range): InlayHint[] {
  const path = uriToPath(uri);
  const snapshot = ws.snapshotFor(uri);
  const source = snapshot?.result.sources.get(path);
  const file = snapshot?.result.files.find((f) => f.uri === path);
  if (!snapshot || !source || !file || !isCurrent(ws, snapshot, path)) return [];
  const hints: InlayHint[] = [];
  const inRange = (offset: number) => {
    const p = source.positionAt(offset);
    return rangesOverlap({ start: p, end: p }, range);
  };
  const hintAfter = (offset: number, label: string, tooltip: string) => {
    if (!inRange(offset)) return;
    const p = source.positionAt(offset);
    hints.push({ position: { line: p.line, character: p.character }, label, kind: InlayHintKind.Type, paddingLeft: true, tooltip });
  };
  forEachThreshold(snapshot, file.document, (lit, fact, unit) => {
    const label = convertedLabel(lit, unit.code);
    if (label) hintAfter(lit.range.end.offset, label, `${fact.name} is recorded in ${unit.code} (${unit.name})`);
  });
  for (const d of file.document.declarations) {
    if (d.kind !== 'ProtocolDecl') continue;
    protocolTotals(d, hintAfter);
  }
  return hints;
}

function protocolTotals(d: ProtocolDecl, hintAfter: (offset: number, label: string, tooltip: string) => void): void {
  const doseUnit = d.target?.dose.unit?.text ?? d.steps[0]?.dose.unit?.text;
  const timeUnit = d.target?.duration.unit?.text ?? d.steps[0]?.observe.unit?.text;
  if (!doseUnit || !timeUnit) return;
  let dose = Rational.ZERO;
  let time = Rational.ZERO;
  for (const s of d.steps) {
    const dv = quantityValue(s.dose);
    const tv = quantityValue(s.observe);
    const dc = dv && s.dose.unit ? convertExact(dv, s.dose.unit.text, doseUnit) : undefined;
    const tc = tv && s.observe.unit ? convertExact(tv, s.observe.unit.text, timeUnit) : undefined;
    if (!dc || !tc) return;
    dose = dose.add(dc);
    time = time.add(tc);
    hintAfter(s.range.end.offset, `Σ ${dose.toDecimalString(4)} ${doseUnit} · ${time.toDecimalString(4)} ${timeUnit}`, 'Running totals of the steps so far, in the units of the target');
  }
}

export type { RuleDecl };
