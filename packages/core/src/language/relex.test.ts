// Lexing only around an edit gives the tokens of lexing the whole text, or declines.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IToken } from 'chevrotain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relex } from './relex.js';
import { SourceText } from './source.js';
import { lexer } from './tokens.js';

const RULES = join(import.meta.dirname, '../../../../rules/azathioprine');
const texts = readdirSync(RULES)
  .filter((f) => f.endsWith('.vigil'))
  .sort()
  .map((f) => readFileSync(join(RULES, f), 'utf8'));

const shape = (t: IToken) => [t.tokenType.name, t.image, t.startOffset, t.endOffset, t.startLine, t.endLine, t.startColumn, t.endColumn];

function lexAll(text: string) {
  const r = lexer.tokenize(text);
  return { tokens: r.tokens, comments: [...(r.groups['comments'] ?? [])].sort((a, b) => a.startOffset - b.startOffset), errors: r.errors.length };
}

// What an author types: units after numbers, comments opened and closed, strings, line breaks of both kinds.
const fragments = ['1', '2.5', ' ', '\n', '\r\n', '\r', 'mg', ' mg/d', '10*9/L', '/*', '*/', '//', '"', 'x"', 'rule ', 'and ', '{', '}', 'é', '\t', '%', 'quantity '];

describe('relex', () => {
  it('gives the tokens of lexing the whole text after random edits of real files', () => {
    let used = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: texts.length - 1 }),
        fc.array(fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.array(fc.constantFrom(...fragments), { maxLength: 3 }).map((a) => a.join('')) }), { minLength: 1, maxLength: 5 }),
        (file, edits) => {
          let text = texts[file]!;
          let before = lexAll(text);
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            const next = text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
            const whole = lexAll(next);
            if (before.errors === 0) {
              const r = relex({ text, lines: new SourceText('u', text).lineStarts.length, tokens: before.tokens, comments: before.comments }, next, new SourceText('u', next));
              if (r) {
                used++;
                expect(r.tokens.map(shape)).toEqual(whole.tokens.map(shape));
                expect(r.comments.map(shape)).toEqual(whole.comments.map(shape));
              }
            }
            text = next;
            before = whole;
          }
        },
      ),
      { numRuns: 300 },
    );
    // Most edits are lexed in part: the property is not vacuous.
    expect(used).toBeGreaterThan(300);
  });

  it('declines when a block comment opened by the edit would run past the lines it lexes', () => {
    const text = 'rule R-1 "x"\n  source "s"\n  then advise because "y"\n';
    const before = lexAll(text);
    const next = text.replace('source', '/* source');
    expect(relex({ text, lines: 4, tokens: before.tokens, comments: before.comments }, next, new SourceText('u', next))).toBeUndefined();
  });
});
