// Content assist over folded tokens: the same next tokens as over the raw ones, and an
// answer for nesting that would otherwise take minutes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldForAssist } from './assist-input.js';
import { contentAssist, parser } from './parser.js';
import { lexer } from './tokens.js';

const tokensOf = (text: string) => lexer.tokenize(text).tokens;
const next = (paths: { nextTokenType: { name: string } }[]) => [...new Set(paths.map((p) => p.nextTokenType.name))].sort();
const raw = (text: string) => next(parser.computeContentAssist('declaration', tokensOf(text)));
const folded = (text: string) => next(contentAssist(tokensOf(text), 'declaration'));

const HEAD = 'rule R-1 "t" source "s"\n  when ';

describe('foldForAssist', () => {
  it('folds closed groups, caps open parentheses and prefix runs', () => {
    const names = (text: string) => foldForAssist(tokensOf(text)).map((t) => t.image).join(' ');
    expect(names('a and (b or (c)) and')).toBe('a and ( x ) and');
    expect(raw(HEAD + '( a ) ')).toEqual(folded(HEAD + '( a ) '));
    expect(names('( '.repeat(20) + 'a <')).toBe('( ( ( ( ( ( ( ( a <');
    expect(names('not not not not not a')).toBe('not not not a');
  });

  it('leaves the tokens that may follow a valid prefix unchanged', () => {
    const piece = fc.constantFrom('a', 'b', '(', ')', 'not', 'and', 'or', '<', '2 mg', '-', '1', 'in { x }', 'is missing', 'x', 'baseline', '.');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const text = HEAD + pieces.join(' ') + ' ';
        let expected: string[];
        try {
          expected = raw(text);
        } catch {
          return; // input content assist cannot follow either way
        }
        // Not a prefix of any valid text: the folded tokens may read as one, which is fine.
        if (expected.length === 0) return;
        expect(folded(text)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('answers at once for 10,000 nested parentheses, nots and minus signs', () => {
    // Unfolded, the first of these takes minutes; the suite's time limit fails it.
    for (const cond of ['('.repeat(10_000) + 'a' + ')'.repeat(9_999), '('.repeat(10_000), 'not '.repeat(10_000), '- '.repeat(10_000)]) {
      expect(folded(HEAD + cond + ' ').length).toBeGreaterThan(0);
    }
  }, 5_000);
});
