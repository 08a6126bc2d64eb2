// The public entry of the front end: text in, Document and diagnostics out. Lexes, parses
// with recovery, builds the AST, and turns lexer and parser errors into diagnostics: at most
// one syntax error per declaration, each pointing at the offending token. Never throws.
// `reparseDocument` gives the same result from a previous parse of the file, re-parsing only
// the declarations an edit touched.
import { EOF } from 'chevrotain';
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { codes, formatTemplate } from '../diagnostics/codes.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import type { Declaration, Document, Position } from './ast.js';
import { buildDocument } from './cst-to-ast.js';
import { parseTokens } from './parser.js';
import { SourceText } from './source.js';
import { BlockComment, decodeString, isKeyword, lexer, StringLiteral, TOP_LEVEL_KEYWORDS } from './tokens.js';

export interface ParseResult {
  readonly document: Document;
  readonly diagnostics: Diagnostic[];
  readonly source: SourceText;
  /** The tokens the parser saw (comments excluded; they are in `document.comments`). */
  readonly tokens: IToken[];
}

const topLevel: ReadonlySet<string> = new Set(TOP_LEVEL_KEYWORDS);

function isTopLevelToken(t: IToken): boolean {
  return topLevel.has(t.image) && isKeyword(t.image) && t.tokenType.name.startsWith('Kw');
}

function endOf(t: IToken): number {
  return (t.endOffset ?? t.startOffset + t.image.length - 1) + 1;
}

function emptyDocument(source: SourceText): Document {
  return {
    kind: 'Document',
    uri: source.uri,
    header: undefined,
    imports: [],
    declarations: [],
    comments: [],
    range: source.rangeAt(0, source.text.length),
  };
}

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase()}}`);
}

export function parseDocument(text: string, uri: string): ParseResult {
  return parseWith(text, uri, undefined);
}

/**
 * The parse of `text`, equal to `parseDocument(text, uri)`, reusing `previous` (a parse of an
 * earlier text of the same file): the whole text is lexed again, but only the declarations
 * between the first and the last changed character are parsed again; those before are taken
 * as they are, those after with their positions shifted. This is done only when it is
 * certain to give the same result: `previous` had no diagnostic, and the re-parsed
 * declarations have no syntax error and no header or import among them; otherwise the whole
 * file is parsed.
 */
export function reparseDocument(text: string, uri: string, previous: ParseResult | undefined): ParseResult {
  return parseWith(text, uri, previous && previous.source.uri === uri && previous.diagnostics.length === 0 ? previous : undefined);
}

function parseWith(text: string, uri: string, previous: ParseResult | undefined): ParseResult {
  const source = new SourceText(uri, text);
  const diagnostics: Diagnostic[] = [];
  const report = (code: DiagnosticCode, message: string, start: number, end: number): void => {
    diagnostics.push({
      code: code.code,
      name: code.name,
      severity: code.severity,
      message: formatTemplate(code.template, { message }),
      uri,
      range: source.rangeAt(start, end),
    });
  };

  let tokens: IToken[] = [];
  try {
    const lexed = lexer.tokenize(text);
    tokens = lexed.tokens;
    const comments = [...(lexed.groups['comments'] ?? [])].sort((a, b) => a.startOffset - b.startOffset);

    // ------------------------------------------------------------ lexical errors
    for (const e of lexed.errors) {
      const bad = text.slice(e.offset, e.offset + e.length);
      const what = bad.length === 1 ? `character '${printable(bad)}'` : `characters '${printable(bad.length > 24 ? bad.slice(0, 23) + '…' : bad)}'`;
      const hint = bad.startsWith('!') ? "; did you mean '!='?" : '';
      report(codes.lexicalError, `Unexpected ${what}${hint}`, e.offset, e.offset + Math.max(1, e.length));
    }
    for (const t of tokens) {
      if (t.tokenType !== StringLiteral) continue;
      const decoded = decodeString(t.image);
      if (!decoded.terminated) {
        report(codes.lexicalError, `Unterminated string starting at line ${t.startLine}: add a closing '"' before the end of the line`, t.startOffset, endOf(t));
      }
      for (const p of decoded.problems) report(codes.lexicalError, p.message, t.startOffset + p.start, t.startOffset + p.end);
    }
    for (const c of comments) {
      if (c.tokenType === BlockComment && (c.image.length < 4 || !c.image.endsWith('*/'))) {
        report(codes.lexicalError, `Unterminated comment starting at line ${c.startLine}: close it with '*/'`, c.startOffset, c.startOffset + 2);
      }
    }

    // ------------------------------------------------------------ incremental parse
    if (previous) {
      const document = reuse(previous, source, tokens, comments);
      if (document) {
        diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
        return { document, diagnostics, source, tokens };
      }
    }

    // ------------------------------------------------------------ parse
    const { cst, errors } = parseTokens(tokens);
    const built = buildDocument(cst, source, comments);

    // One syntax error per top-level item: items start at top-level keywords.
    const starts: number[] = [];
    for (const t of tokens) if (isTopLevelToken(t)) starts.push(t.startOffset);
    const lastToken = tokens[tokens.length - 1];
    const segmentOf = (offset: number, atKeyword: boolean): number => {
      let lo = 0;
      let hi = starts.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const s = starts[mid]!;
        if (s < offset || (!atKeyword && s === offset)) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found;
    };
    const reported = new Set<number>();

    const syntax: { message: string; start: number; end: number }[] = [];
    for (const e of errors as IRecognitionException[]) {
      const t = e.token;
      const atEof = !t || t.tokenType === EOF || !Number.isFinite(t.startOffset);
      const at = atEof ? lastToken : t;
      const start = at ? at.startOffset : text.length;
      const end = at ? endOf(at) : text.length;
      // A top-level keyword that arrives too early ends the item before it; the end of
      // the file belongs to the item of the last token.
      const key = segmentOf(start, !atEof && t !== undefined && isTopLevelToken(t));
      if (reported.has(key)) continue;
      reported.add(key);
      syntax.push({ message: e.message, start, end });
    }
    for (const p of built.problems) {
      const key = segmentOf(p.start, false);
      if (reported.has(key)) continue;
      reported.add(key);
      syntax.push(p);
    }
    for (const s of syntax) report(codes.syntaxError, s.message, s.start, s.end);

    diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
    return { document: built.document, diagnostics, source, tokens };
  } catch (err) {
    if (err instanceof RangeError) {
      report(codes.syntaxError, "This file nests too deeply to parse: simplify the deepest parentheses, 'not' or '-' chains", 0, 0);
    } else {
      const detail = err instanceof Error ? err.message : String(err);
      report(codes.syntaxError, `The parser failed on this file (${detail.split('\n')[0]}); please report it`, 0, 0);
    }
    return { document: emptyDocument(source), diagnostics, source, tokens };
  }
}

// ---------------------------------------------------------------- incremental parse

/**
 * The document of `source` built from `previous` (a parse with no diagnostic) and a parse of
 * the declarations the edit touched, or undefined when that cannot be certain to equal a
 * full parse. The reasoning: in a file that parses cleanly every declaration starts at a
 * top-level keyword and ends before the next one (a top-level keyword is never part of a
 * declaration), so a declaration's tree depends only on its own tokens. The declarations
 * whose text did not change, and whose neighbouring top-level keyword did not either, keep
 * their trees; the ones in between are parsed as a file of their own and must parse cleanly.
 */
function reuse(previous: ParseResult, source: SourceText, tokens: IToken[], comments: IToken[]): Document | undefined {
  const oldText = previous.source.text;
  const text = source.text;
  const old = previous.document;
  // The changed region: [prefix, text.length - suffix) in the new text.
  const max = Math.min(oldText.length, text.length);
  let prefix = 0;
  while (prefix < max && oldText.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && oldText.charCodeAt(oldText.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const changedEnd = text.length - suffix;
  const delta = text.length - oldText.length;

  // First and last tokens the edit may have changed: those before `first` are the old ones
  // (same kind, text and offset, and before the changed region), those after `last` the old
  // ones moved by `delta` (and after the changed region).
  const oldTokens = previous.tokens;
  const same = (a: IToken, b: IToken, shift: number): boolean => a.tokenType === b.tokenType && a.image === b.image && a.startOffset === b.startOffset + shift;
  let first = 0;
  while (first < tokens.length && first < oldTokens.length && endOf(tokens[first]!) < prefix && same(tokens[first]!, oldTokens[first]!, 0)) first++;
  let last = tokens.length - 1;
  let oldLast = oldTokens.length - 1;
  while (last >= first && oldLast >= first && tokens[last]!.startOffset > changedEnd && same(tokens[last]!, oldTokens[oldLast]!, delta)) {
    last--;
    oldLast--;
  }
  // The span to parse again: from the top-level keyword at or before `first` to the one after `last`.
  let from = Math.min(first, tokens.length - 1);
  while (from >= 0 && !isTopLevelToken(tokens[from]!)) from--;
  if (from <= 0) return undefined; // the header and imports are parsed with the whole file
  let to = Math.max(last + 1, from + 1);
  while (to < tokens.length && !isTopLevelToken(tokens[to]!)) to++;
  const span = tokens.slice(from, to);
  for (const t of span) if (isTopLevelToken(t) && (t.image === 'ruleset' || t.image === 'import')) return undefined;
  // In the old text: the tokens before `from` are the same, the span ran to the old token
  // that is now `to`, the suffix from there.
  const prefixEnd = endOf(tokens[from - 1]!);
  const oldTo = to - tokens.length + oldTokens.length;
  const oldSpanEnd = to < tokens.length ? oldTokens[oldTo]!.startOffset : oldText.length;
  const before: Declaration[] = [];
  const after: Declaration[] = [];
  for (const d of old.declarations) {
    if (d.range.end.offset <= prefixEnd) before.push(d);
    else if (to < tokens.length && d.range.start.offset >= oldSpanEnd) after.push(d);
    else if (d.range.start.offset < prefixEnd || d.range.end.offset > oldSpanEnd) return undefined;
  }
  if (old.header && old.header.range.end.offset > prefixEnd) return undefined;
  for (const imp of old.imports) if (imp.range.end.offset > prefixEnd) return undefined;
  if (to < tokens.length && after[0]?.range.start.offset !== oldSpanEnd) return undefined;

  // Parse the span as a file of its own: it must have no error.
  const { cst, errors } = parseTokens(span);
  if (errors.length > 0) return undefined;
  const built = buildDocument(cst, source, []);
  if (built.problems.length > 0 || built.document.header || built.document.imports.length > 0) return undefined;

  const shifted = shiftAll(after, previous.source, source, delta, oldSpanEnd);
  const rebuilt = buildDocument(undefined, source, comments).document;
  return {
    kind: 'Document',
    uri: source.uri,
    header: old.header,
    imports: old.imports,
    declarations: [...before, ...built.document.declarations, ...shifted],
    comments: rebuilt.comments,
    range: rebuilt.range,
  };
}

/**
 * Copies of declarations from after the changed region of the old text, with positions moved
 * to the new text (offsets by `delta`; lines by the change in line count; characters too on
 * the one line that began in the changed region).
 */
function shiftAll(decls: readonly Declaration[], oldSource: SourceText, source: SourceText, delta: number, oldFrom: number): readonly Declaration[] {
  if (decls.length === 0) return decls;
  const lineDelta = source.lineStarts.length - oldSource.lineStarts.length;
  const firstLine = oldSource.positionAt(oldFrom).line;
  // When the line `oldFrom` is on starts at the same place (moved by `delta`), every character stays.
  const sameColumns = source.lineStarts[firstLine + lineDelta] === oldSource.lineStarts[firstLine]! + delta;
  if (sameColumns && delta === 0 && lineDelta === 0) return decls;
  const position = (p: Position): Position =>
    !sameColumns && p.line === firstLine ? source.positionAt(p.offset + delta) : { offset: p.offset + delta, line: p.line + lineDelta, character: p.character };
  const copy = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(copy);
    const o = v as Record<string, unknown>;
    if (typeof o['offset'] === 'number' && typeof o['line'] === 'number' && typeof o['character'] === 'number') return position(o as unknown as Position);
    const out: Record<string, unknown> = {};
    for (const k in o) out[k] = copy(o[k]);
    return out;
  };
  return decls.map((d) => copy(d) as Declaration);
}
