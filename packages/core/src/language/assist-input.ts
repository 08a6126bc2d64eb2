// The token vector given to content assist, made small enough to answer at once. Chevrotain
// explores every grammar path through the tokens, which costs about 1 s for 640 nested
// parentheses and minutes for 10,000, while what may come next depends only on the
// innermost open constructs. So, without changing the set of tokens that may follow:
// - a closed parenthesised group is replaced by `( x )`, one name in parentheses (the same
//   primary, with no nesting left inside);
// - at most MAX_OPEN unclosed '(' are kept, the innermost (an outer one only adds a ')' to
//   come later, after the cursor);
// - a run of one prefix operator ('not', '-') is cut to MAX_RUN tokens.
import { createTokenInstance, type IToken } from 'chevrotain';
import { Identifier, KwNot, LParen, Minus, RParen } from './tokens.js';

const MAX_OPEN = 8;
const MAX_RUN = 3;

export function foldForAssist(tokens: readonly IToken[]): IToken[] {
  const out: IToken[] = [];
  const open: number[] = []; // indexes in `out` of the unclosed '('
  for (const t of tokens) {
    if (t.tokenType === RParen && open.length > 0) {
      const at = open.pop()!;
      const first = out[at]!;
      out.length = at;
      // `( x )`, not a bare name: a name may be followed by `.` (`x.baseline`), a group may not.
      out.push(first, createTokenInstance(Identifier, 'x', first.startOffset, t.startOffset, first.startLine ?? 0, t.endLine ?? 0, first.startColumn ?? 0, t.endColumn ?? 0), t);
      continue;
    }
    if (t.tokenType === KwNot || t.tokenType === Minus) {
      let run = 0;
      for (let i = out.length - 1; i >= 0 && out[i]!.tokenType === t.tokenType; i--) run++;
      if (run >= MAX_RUN) continue;
    }
    if (t.tokenType === LParen) open.push(out.length);
    out.push(t);
  }
  if (open.length <= MAX_OPEN) return out;
  const drop = new Set(open.slice(0, open.length - MAX_OPEN));
  return out.filter((_, i) => !drop.has(i));
}
