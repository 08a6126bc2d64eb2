import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggest } from './suggest.js';

describe('suggestions', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('wcb', 'wbc')).toBe(1);
    expect(editDistance('absnt', 'absent')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('suggests close names only, closest first', () => {
    expect(suggest('wcb', ['wbc', 'alt', 'platelets'])).toEqual(['wbc']);
    expect(suggest('zzz', ['wbc', 'alt'])).toEqual([]);
  });
  it('phrases the hint', () => {
    expect(didYouMean(['a', 'b'])).toBe(" Did you mean 'a' or 'b'?");
    expect(didYouMean([])).toBe('');
  });
});
