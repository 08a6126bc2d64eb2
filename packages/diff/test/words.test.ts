import { describe, expect, it } from 'vitest';
import { renderWordDiff, wordDiff } from '../src/words.js';

describe('word diff of canonical text', () => {
  it('keeps a two-character operator whole', () => {
    expect(renderWordDiff(wordDiff('wbc < 3 10*9/L', 'wbc <= 3000 /uL'))).toBe('wbc [-< 3 10*9/L-] {+<= 3000 /uL+}');
    expect(renderWordDiff(wordDiff('tpmt = low', 'tpmt != low'))).toBe('tpmt [-=-] {+!=+} low');
  });

  it('shows a changed dose bound as one word', () => {
    expect(renderWordDiff(wordDiff('dose azathioprine 30% to 70% of standard', 'dose azathioprine 30% to 80% of standard'))).toBe(
      'dose azathioprine 30% to [-70%-] {+80%+} of standard',
    );
  });

  it('ignores layout', () => {
    expect(wordDiff('when  wbc <\n 3 10*9/L', 'when wbc < 3 10*9/L')).toEqual([{ op: '=', text: 'when wbc < 3 10*9/L' }]);
  });
});
