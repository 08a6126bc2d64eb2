// The public entry of the front end: text in, Document and diagnostics out. Lexes, parses
// with recovery, builds the AST, and turns lexer and parser errors into diagnostics: at most
// one syntax error per declaration, each pointing at the offending token. Never throws.
import { EOF } from 'chevrotain';
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { codes, formatTemplate } from '../diagnostics/codes.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import type { Document } from './ast.js';
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
