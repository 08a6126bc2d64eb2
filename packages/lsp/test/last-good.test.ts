// Positions of the last good result moved across an edit: kept before it, shifted after it,
// left out where the edit touches them.
import { describe, expect, test } from 'vitest';
import { SourceText } from '@vigil/core';
import { TextShift } from '../src/last-good.js';

const shift = (before: string, after: string) => new TextShift(new SourceText('/a.vigil', before), new SourceText('/a.vigil', after));
const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

describe('TextShift', () => {
  const before = 'rule A-1 "a"\n  when wbc < 2.5 10*9/L\n  then stop x\n';

  test('a retyped threshold: what lies before and after stays, the threshold itself is left out', () => {
    const s = shift(before, before.replace('2.5', '3.5'));
    expect(s.range(range(1, 7, 1, 10))).toEqual(range(1, 7, 1, 10)); // wbc
    expect(s.range(range(1, 13, 1, 16))).toBeUndefined(); // 2.5
    expect(s.range(range(2, 2, 2, 6))).toEqual(range(2, 2, 2, 6)); // then
  });

  test('a line inserted above moves everything below one line down', () => {
    const s = shift(before, '// note\n' + before);
    expect(s.range(range(1, 7, 1, 10))).toEqual(range(2, 7, 2, 10));
    expect(s.position({ line: 2, character: 2 })).toEqual({ line: 3, character: 2 });
    // The first token starts right where the text was inserted: it may have changed.
    expect(s.range(range(0, 0, 0, 4))).toBeUndefined();
  });

  test('characters inserted on a line shift what follows on that line only', () => {
    const s = shift(before, before.replace('wbc < 2.5', 'wbc < 12.5'));
    expect(s.range(range(1, 17, 1, 23))).toEqual(range(1, 18, 1, 24)); // 10*9/L
    expect(s.range(range(2, 2, 2, 6))).toEqual(range(2, 2, 2, 6));
  });

  test('a name typed on at its end is left out (it is another name now)', () => {
    const s = shift(before, before.replace('wbc <', 'wbcx <'));
    expect(s.range(range(1, 7, 1, 10))).toBeUndefined();
  });
});
