// The public entry of the front end: text in, Document and diagnostics out. Lexes, parses
// with recovery, builds the AST, and turns lexer and parser errors into diagnostics: at most
// one syntax error per declaration, each pointing at the offending token. Never throws.
// `reparseDocument` gives the same result from a previous parse of the file, re-parsing only
// the declarations an edit touched.
import { EOF } from 'chevrotain';
import type { IRecognitionException, IToken } from 'chevrotain';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { codes } from '../diagnostics/codes.js';
import { oneBased } from '../diagnostics/location.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import type { Declaration, Document, Position } from './ast.js';
import { buildDocument } from './cst-to-ast.js';
import { parseTokens, TooManySyntaxErrors } from './parser.js';
import { relex } from './relex.js';
import { commonPrefix, commonSuffix, SourceText } from './source.js';
import { BlockComment, decodeString, isKeyword, lexer, StringLiteral, TOP_LEVEL_KEYWORDS } from './tokens.js';

export interface ParseResult {
  readonly document: Document;
  readonly diagnostics: Diagnostic[];
  readonly source: SourceText;
  /** The tokens the parser saw (comments excluded; they are in `document.comments`). */
  readonly tokens: IToken[];
  /** The comment tokens, in order, when the text had no lexical error: a later edit then lexes only around itself. */
  readonly comments?: IToken[];
  /**
   * Parsing stopped after MAX_PARSE_ERRORS errors: the document holds the declarations
   * before the cut only, so names declared after it are unknown (the pipeline then runs no
   * semantic check on the rule set).
   */
  readonly truncated?: boolean;
}

/**
 * Most errors one parse records before it stops. Recovery costs about as much per error as
 * parsing a declaration; a 5 MB file of errors took a minute, for diagnostics no one reads
 * past the first thousand (the pipeline's cap).
 */
export const MAX_PARSE_ERRORS = 4000;

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

/** Texts longer than this are first lexed in part, to tell a file of garbage early. */
const LEX_PROBE_CHARS = 256 * 1024;

/**
 * The lexer's output for `text`. Chevrotain's lexer takes about as long per error as per
 * token, and a large file that is not Vigil has an error every few characters: when the
 * first part of a long text already has more errors than a parse records, that part is all
 * that is lexed (the parse stops in it anyway).
 */
function lex(text: string, probe: boolean): ReturnType<typeof lexer.tokenize> {
  if (probe && text.length > 2 * LEX_PROBE_CHARS) {
    const cut = text.indexOf('\n', LEX_PROBE_CHARS);
    if (cut > 0) {
      const probe = lexer.tokenize(text.slice(0, cut + 1));
      if (probe.errors.length > MAX_PARSE_ERRORS) return probe;
    }
  }
  return lexer.tokenize(text);
}

function describeBad(bad: string): string {
  return bad.length === 1 ? `character '${printable(bad)}'` : `characters '${printable(bad.length > 24 ? bad.slice(0, 23) + '…' : bad)}'`;
}

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase()}}`);
}

/**
 * The tokens and comment tokens of `text`, sorted, without parsing: for editor features that
 * only look at tokens (completion), whose time must not depend on how deeply the text nests.
 */
export function lexText(text: string): { tokens: IToken[]; comments: IToken[] } {
  const lexed = lexer.tokenize(text);
  return { tokens: lexed.tokens, comments: [...(lexed.groups['comments'] ?? [])].sort((a, b) => a.startOffset - b.startOffset) };
}

export function parseDocument(text: string, uri: string): ParseResult {
  return parseWith(text, uri, undefined);
}

/**
 * The parse of `text`, equal to `parseDocument(text, uri)`, reusing `previous` (a parse of an
 * earlier text of the same file): only the lines the edit changed are lexed again (relex.ts)
 * when the earlier text lexed without error, and only the declarations
 * the edit touched are parsed again (and, in a file with syntax errors, those after them);
 * the others are taken as they are, or with their positions moved. When that is not certain
 * to give the same result (an edit in the header or imports, say), the whole file is parsed.
 */
export function reparseDocument(text: string, uri: string, previous: ParseResult | undefined): ParseResult {
  const usable = previous && previous.source.uri === uri && !previous.truncated && !previous.diagnostics.some((d) => d.code === codes.syntaxError.code && d.range.end.offset === 0);
  return parseWith(text, uri, usable ? previous : undefined);
}

function parseWith(text: string, uri: string, previous: ParseResult | undefined): ParseResult {
  const source = new SourceText(uri, text);
  const diagnostics: Diagnostic[] = [];
  const report = (code: DiagnosticCode, message: string, start: number, end: number): void => {
    diagnostics.push(createDiagnostic(code, { uri, range: source.rangeAt(start, end) }, { message }));
  };

  let tokens: IToken[] = [];
  try {
    // After an edit of a text that lexed without error, only the lines it changed are lexed.
    const relexed = previous?.comments ? relex({ text: previous.source.text, lines: previous.source.lineStarts.length, tokens: previous.tokens, comments: previous.comments }, text, source) : undefined;
    // A small edit of a file that lexed fine cannot make it a file of garbage: no probe then.
    const lexed = relexed
      ? { tokens: relexed.tokens, errors: [], groups: {} }
      : lex(text, previous === undefined || Math.abs(text.length - previous.source.text.length) > LEX_PROBE_CHARS);
    tokens = lexed.tokens;
    const comments = relexed ? relexed.comments : [...(lexed.groups['comments'] ?? [])].sort((a, b) => a.startOffset - b.startOffset);
    const lexedClean = lexed.errors.length === 0 ? { comments } : {};

    // ------------------------------------------------------------ lexical errors
    // Past MAX_PARSE_ERRORS, lexical errors are counted, not reported one by one, and the
    // file is not parsed (its tokens are whatever was left between the errors).
    if (lexed.errors.length > MAX_PARSE_ERRORS) {
      const first = lexed.errors.slice(0, MAX_PARSE_ERRORS);
      for (const e of first) report(codes.lexicalError, `Unexpected ${describeBad(text.slice(e.offset, e.offset + e.length))}`, e.offset, e.offset + Math.max(1, e.length));
      const next = lexed.errors[MAX_PARSE_ERRORS]!;
      report(
        codes.tooManyErrors,
        `Too many errors: more than ${MAX_PARSE_ERRORS} runs of characters that are not Vigil; the file is not parsed from line ${oneBased(source.positionAt(next.offset)).line}. Is it a Vigil file?`,
        next.offset,
        next.offset + Math.max(1, next.length),
      );
      const cutAt = next.offset;
      const kept = tokens.slice(0, Math.max(0, tokens.findIndex((t) => t.startOffset >= cutAt)));
      const before = kept.length > 0 ? kept : [];
      const parsed = parseTokens(before, tokens, MAX_PARSE_ERRORS).cst;
      const built = buildDocument(parsed, source, comments.filter((c) => c.startOffset < cutAt));
      diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
      return { document: built.document, diagnostics, source, tokens, truncated: true };
    }
    for (const e of lexed.errors) {
      const bad = text.slice(e.offset, e.offset + e.length);
      const what = describeBad(bad);
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
      const reused = reuse(previous, source, tokens, comments);
      if (reused) {
        const document = reused.document;
        diagnostics.push(...reused.syntax);
        for (const p of reused.problems) report(codes.syntaxError, p.message, p.start, p.end);
        diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
        return { document, diagnostics, source, tokens, ...lexedClean };
      }
    }

    // ------------------------------------------------------------ parse
    let parsed: ReturnType<typeof parseTokens>;
    let cut: IToken | undefined;
    try {
      parsed = parseTokens(tokens, tokens, MAX_PARSE_ERRORS);
    } catch (e) {
      if (!(e instanceof TooManySyntaxErrors)) throw e;
      // Keep the declarations up to the one where the budget ran out; the rest is not parsed.
      const after = Number.isFinite(e.token.startOffset) ? e.token.startOffset : text.length;
      const index = tokens.findIndex((t) => t.startOffset > after && isTopLevelToken(t));
      cut = index >= 0 ? tokens[index] : undefined;
      parsed = parseTokens(index >= 0 ? tokens.slice(0, index) : tokens, tokens);
    }
    const kept = cut ? comments.filter((c) => c.startOffset < cut.startOffset) : comments;
    const built = buildDocument(parsed.cst, source, kept);

    const syntax = syntaxProblems(parsed.errors as IRecognitionException[], built.problems, tokens, text.length);
    for (const s of syntax) report(codes.syntaxError, s.message, s.start, s.end);
    if (cut) {
      report(
        codes.tooManyErrors,
        `Too many syntax errors: parsing stopped here; the rest of the file (from line ${cut.startLine}) is not checked. Fix the errors above first`,
        cut.startOffset,
        endOf(cut),
      );
    }

    diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
    return { document: built.document, diagnostics, source, tokens, ...lexedClean, ...(cut ? { truncated: true } : {}) };
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

type Problem = { message: string; start: number; end: number };

/**
 * Parser errors and structural problems as messages with places, one per top-level item
 * (items start at top-level keywords of `tokens`, the whole file's).
 */
function syntaxProblems(errors: readonly IRecognitionException[], problems: readonly Problem[], tokens: readonly IToken[], textLength: number): Problem[] {
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
  const syntax: Problem[] = [];
  for (const e of errors) {
    const t = e.token;
    const atEof = !t || t.tokenType === EOF || !Number.isFinite(t.startOffset);
    const at = atEof ? lastToken : t;
    const start = at ? at.startOffset : textLength;
    const end = at ? endOf(at) : textLength;
    // A top-level keyword that arrives too early ends the item before it; the end of
    // the file belongs to the item of the last token.
    const key = segmentOf(start, !atEof && t !== undefined && isTopLevelToken(t));
    if (reported.has(key)) continue;
    reported.add(key);
    syntax.push({ message: e.message, start, end });
  }
  for (const p of problems) {
    const key = segmentOf(p.start, false);
    if (reported.has(key)) continue;
    reported.add(key);
    syntax.push(p);
  }
  return syntax;
}

// ---------------------------------------------------------------- incremental parse

interface Reused {
  readonly document: Document;
  /** Syntax errors of the declarations kept, from `previous` (moved where they moved). */
  readonly syntax: readonly Diagnostic[];
  /** Syntax errors of the declarations parsed again. */
  readonly problems: readonly Problem[];
}

/**
 * The document of `source` built from `previous` and a parse of the declarations the edit
 * touched, or undefined when that could differ from a full parse. The reasoning: every
 * top-level item starts at a top-level keyword, a top-level keyword is never part of a
 * declaration, and the parser never skips or deletes one to recover from an error; so the
 * tree and the syntax error of a declaration depend only on its own tokens and on the
 * top-level keyword (or end of file) after it. Two ways, tried in this order:
 *
 * - the declarations between the first and the last changed token are parsed on their own
 *   and must parse cleanly (so that what follows them cannot matter); those before are kept
 *   as they are, those after are moved, with their syntax errors if they have any;
 * - otherwise: everything from the declaration of the first changed token to the end of
 *   the file is parsed again, and the declarations before it are kept with their errors.
 *
 * The header and imports are never parsed in part: an edit among them parses the whole file.
 */
function reuse(previous: ParseResult, source: SourceText, tokens: IToken[], comments: IToken[]): Reused | undefined {
  const oldText = previous.source.text;
  const text = source.text;
  const old = previous.document;
  // The changed region: [prefix, text.length - suffix) in the new text.
  const max = Math.min(oldText.length, text.length);
  const prefix = commonPrefix(oldText, text);
  const suffix = commonSuffix(oldText, text, max - prefix);
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
  // Where the parse starts again: an unchanged declaration keyword at or before `first`.
  let from = Math.min(first, tokens.length - 1);
  for (;;) {
    while (from >= 0 && !isTopLevelToken(tokens[from]!)) from--;
    if (from <= 0) return reuseHead(previous, source, tokens, comments, last, delta);
    if (from < first || (from < oldTokens.length && same(tokens[from]!, oldTokens[from]!, 0))) break;
    from--;
  }
  if (tokens[from]!.image === 'ruleset' || tokens[from]!.image === 'import') return undefined;
  // An error at the end of the file is placed on the last token: when that is the keyword at
  // `from`, whose item it belongs to cannot be told from the place alone.
  if (from >= tokens.length - 1 || from >= oldTokens.length - 1) return undefined;
  const spanStart = tokens[from]!.startOffset;
  const prefixEnd = endOf(tokens[from - 1]!);

  // Declarations before `from` are kept as they are.
  const before: Declaration[] = [];
  const rest: Declaration[] = [];
  for (const d of old.declarations) {
    if (d.range.end.offset <= prefixEnd) before.push(d);
    else if (d.range.start.offset < spanStart) return undefined;
    else rest.push(d);
  }
  if (old.header && old.header.range.end.offset > prefixEnd) return undefined;
  for (const imp of old.imports) if (imp.range.end.offset > prefixEnd) return undefined;
  const rebuilt = buildDocument(undefined, source, comments).document;
  const document = (declarations: Declaration[]): Document => ({
    kind: 'Document',
    uri: source.uri,
    header: old.header,
    imports: old.imports,
    declarations,
    comments: rebuilt.comments,
    range: rebuilt.range,
  });

  // 1. The declarations the edit touched parse cleanly on their own. Those after them are
  //    moved, with their syntax errors when the file has some, unless an error sits on a
  //    boundary of the span (whose item it belongs to cannot be told from its place) or its
  //    message quotes a line number that the edit moved.
  const oldSyntax = previous.diagnostics.filter((d) => d.code === codes.syntaxError.code);
  {
    let to = Math.max(last + 1, from + 1);
    while (to < tokens.length && !isTopLevelToken(tokens[to]!)) to++;
    const span = tokens.slice(from, to);
    // In the old text the span ran to the old token that is now `to`; the rest follows it.
    const oldTo = to - tokens.length + oldTokens.length;
    const oldSpanEnd = to < tokens.length ? oldTokens[oldTo]!.startOffset : oldText.length;
    const after = to < tokens.length ? rest.filter((d) => d.range.start.offset >= oldSpanEnd) : [];
    const fits = rest.every((d) => d.range.start.offset >= oldSpanEnd || d.range.end.offset <= oldSpanEnd) && (to === tokens.length || after[0]?.range.start.offset === oldSpanEnd);
    if (fits && span.every((t) => !(isTopLevelToken(t) && (t.image === 'ruleset' || t.image === 'import')))) {
      const onBoundary = oldSyntax.some((d) => d.range.start.offset === spanStart || d.range.start.offset === oldSpanEnd);
      const lineDelta = source.lineStarts.length - previous.source.lineStarts.length;
      const moved = oldSyntax.filter((d) => d.range.start.offset > oldSpanEnd);
      const quotesLine = lineDelta !== 0 && moved.some((d) => /\bline \d/.test(d.message));
      const parsed = onBoundary || quotesLine ? undefined : parseSpan(span, tokens, source);
      if (parsed && parsed.errors.length === 0 && parsed.problems.length === 0) {
        const syntax = [
          ...oldSyntax.filter((d) => d.range.start.offset < spanStart),
          ...moved.map((d) => ({ ...d, range: source.rangeAt(d.range.start.offset + delta, d.range.end.offset + delta) })),
        ];
        return { document: document([...before, ...parsed.declarations, ...shiftAll(after, previous.source, source, delta, oldSpanEnd)]), syntax, problems: [] };
      }
    }
  }

  // 2. Everything from `from` to the end of the file, with the errors it has.
  const span = tokens.slice(from);
  if (span.some((t) => isTopLevelToken(t) && (t.image === 'ruleset' || t.image === 'import'))) return undefined;
  const parsed = parseSpan(span, tokens, source);
  if (!parsed) return undefined;
  // The old syntax errors of the declarations kept: up to the keyword at `from` (an error
  // there belongs to the item before it).
  const kept = previous.diagnostics.filter((d) => d.code === codes.syntaxError.code && d.range.start.offset <= spanStart);
  return {
    document: document([...before, ...parsed.declarations]),
    syntax: kept,
    problems: syntaxProblems(parsed.errors, parsed.problems, tokens, text.length),
  };
}

/**
 * An edit in the first top-level item (or before it) of a clean file: the items up to the
 * one after the last changed token, header and imports included, are parsed as the start of
 * the file and must parse cleanly; the declarations after them are moved. Otherwise (or when
 * that would be the whole file) undefined.
 */
function reuseHead(previous: ParseResult, source: SourceText, tokens: IToken[], comments: IToken[], last: number, delta: number): Reused | undefined {
  if (previous.diagnostics.length > 0) return undefined;
  const old = previous.document;
  const oldTokens = previous.tokens;
  // The span ends at a declaration keyword: imports and a header after the edit are in it.
  let to = Math.max(last + 1, 1);
  while (to < tokens.length && (!isTopLevelToken(tokens[to]!) || tokens[to]!.image === 'ruleset' || tokens[to]!.image === 'import')) to++;
  if (to >= tokens.length) return undefined;
  const oldSpanEnd = oldTokens[to - tokens.length + oldTokens.length]!.startOffset;
  if (old.header && old.header.range.end.offset > oldSpanEnd) return undefined;
  for (const imp of old.imports) if (imp.range.end.offset > oldSpanEnd) return undefined;
  const after = old.declarations.filter((d) => d.range.start.offset >= oldSpanEnd);
  if (after[0]?.range.start.offset !== oldSpanEnd || old.declarations.some((d) => d.range.start.offset < oldSpanEnd && d.range.end.offset > oldSpanEnd)) return undefined;
  let built: ReturnType<typeof buildDocument>;
  try {
    const { cst, errors } = parseTokens(tokens.slice(0, to), tokens);
    if (errors.length > 0) return undefined;
    built = buildDocument(cst, source, comments);
  } catch {
    return undefined;
  }
  if (built.problems.length > 0) return undefined;
  return {
    document: { ...built.document, declarations: [...built.document.declarations, ...shiftAll(after, previous.source, source, delta, oldSpanEnd)] },
    syntax: [],
    problems: [],
  };
}

/** Parses a run of whole top-level items of `tokens` (the file's) on their own. */
function parseSpan(span: IToken[], tokens: IToken[], source: SourceText): { declarations: Declaration[]; errors: IRecognitionException[]; problems: readonly Problem[] } | undefined {
  try {
    const { cst, errors } = parseTokens(span, tokens);
    const built = buildDocument(cst, source, []);
    if (built.document.header || built.document.imports.length > 0) return undefined;
    return { declarations: [...built.document.declarations], errors: errors as IRecognitionException[], problems: built.problems };
  } catch {
    return undefined; // too deep to parse: the whole file says so
  }
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
