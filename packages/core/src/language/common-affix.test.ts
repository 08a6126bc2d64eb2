// The shared start and end of two texts, found chunk by chunk, equal a character loop's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonPrefix, commonSuffix } from './source.js';

function naive(a: string, b: string): [number, number] {
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return [p, s];
}

describe('common prefix and suffix', () => {
  it('equal a character loop on a long text edited at random', () => {
    const base = 'rule R-1 "x" when wbc < 2.0 10*9/L then caution azathioprine\n'.repeat(60);
    fc.assert(
      fc.property(fc.nat({ max: base.length }), fc.nat({ max: 700 }), fc.string({ maxLength: 700 }), (at, remove, insert) => {
        const edited = base.slice(0, at) + insert + base.slice(Math.min(base.length, at + remove));
        const p = commonPrefix(base, edited);
        expect([p, commonSuffix(base, edited, Math.min(base.length, edited.length) - p)]).toEqual(naive(base, edited));
      }),
      { numRuns: 300 },
    );
  });
});
