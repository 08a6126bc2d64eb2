// Lexing again only around an edit. The tokens of a text before an edit stay valid up to the
// first token of the line the edit starts on, and from the first token of a line after the
// edit on (moved by the change in length and lines): lexing is context-free at the start
// of a line (a unit is a unit only on the line of its number) and no token but a block
// comment spans lines. So the lines the edit touched are lexed on their own and put between
// the old tokens; when that cannot be known to give what lexing the whole text would (a block
// comment left open, a lexical error, an old text that had errors), undefined.
import type { IToken } from 'chevrotain';
import { commonPrefix, commonSuffix, type SourceText } from './source.js';
import { BlockComment, lexer } from './tokens.js';

export interface LexedText {
  /** Tokens the parser reads, in order. */
  readonly tokens: IToken[];
  /** Comment tokens, in order. */
  readonly comments: IToken[];
}

interface Before extends LexedText {
  readonly text: string;
  readonly lines: number;
}

/** The old tokens starting at or after `from`: the index of the first. */
function firstAt(tokens: readonly IToken[], from: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A token moved by `offsets` characters and `lines` lines, its columns kept (field by field: spreading tokens is several times slower). */
function shifted(t: IToken, offsets: number, lines: number): IToken {
  const out: IToken = {
    image: t.image,
    startOffset: t.startOffset + offsets,
    endOffset: t.endOffset! + offsets,
    startLine: t.startLine! + lines,
    endLine: t.endLine! + lines,
    startColumn: t.startColumn,
    endColumn: t.endColumn,
    tokenTypeIdx: t.tokenTypeIdx,
    tokenType: t.tokenType,
  };
  if (t.payload !== undefined) out.payload = t.payload;
  return out;
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/**
 * The tokens of `text`, from those of `before` (an earlier text of the same file with no
 * lexical error) and a lexing of the lines the edit changed; `source` gives `text`'s lines.
 * Undefined when only lexing the whole text is certain to be right.
 */
export function relex(before: Before, text: string, source: SourceText): LexedText | undefined {
  const lines = source.lineStarts.length;
  const old = before.text;
  const max = Math.min(old.length, text.length);
  const prefix = commonPrefix(old, text);
  const suffix = commonSuffix(old, text, max - prefix);
  if (prefix === old.length && prefix === text.length) return { tokens: before.tokens, comments: before.comments };
  const delta = text.length - old.length;
  const lineDelta = lines - before.lines;

  // Start: the beginning of the line the edit starts on. A block comment that runs into
  // that line from above would be cut: then start at the comment.
  let start = lineStart(text, prefix);
  const openComment = before.comments[firstAt(before.comments, start) - 1];
  if (openComment && openComment.startOffset + openComment.image.length > start) start = lineStart(text, openComment.startOffset);
  // End: the beginning of the first line that starts after the changed text ends (in the
  // old text: after old.length - suffix), unless a comment crosses it.
  const oldChangedEnd = old.length - suffix;
  let oldEnd = old.length;
  for (let i = oldChangedEnd; i < old.length; i++) {
    const c = old.charCodeAt(i);
    if (c === 10 || (c === 13 && old.charCodeAt(i + 1) !== 10)) {
      oldEnd = i + 1;
      break;
    }
  }
  const crossing = before.comments[firstAt(before.comments, oldEnd) - 1];
  if (crossing && crossing.startOffset + crossing.image.length > oldEnd) return undefined;
  const end = oldEnd + delta;
  if (end < start) return undefined;

  const region = lexer.tokenize(text.slice(start, end));
  if (region.errors.length > 0) return undefined;
  const regionComments = [...(region.groups['comments'] ?? [])];
  // A block comment left open would swallow the lines after the region.
  if (regionComments.some((c) => c.tokenType === BlockComment && (c.image.length < 4 || !c.image.endsWith('*/')))) return undefined;
  const firstLine = source.positionAt(start).line;
  const place = (t: IToken): IToken => shifted(t, start, firstLine);
  const move = (t: IToken): IToken => (delta === 0 && lineDelta === 0 ? t : shifted(t, delta, lineDelta));
  const join = (olds: readonly IToken[], news: readonly IToken[]): IToken[] => {
    const head = olds.slice(0, firstAt(olds, start));
    const tail = olds.slice(firstAt(olds, oldEnd));
    const out = head;
    for (const t of news) out.push(place(t));
    for (const t of tail) out.push(move(t));
    return out;
  };
  return { tokens: join(before.tokens, region.tokens), comments: join(before.comments, regionComments.sort((a, b) => a.startOffset - b.startOffset)) };
}
