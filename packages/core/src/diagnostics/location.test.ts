// The one place 0-based ranges become 1-based locations, and paths become what people read.
import { describe, expect, it } from 'vitest';
import { displayPath, formatLine, formatLocation, oneBased, oneBasedRange } from './location.js';

const at = (line: number, character: number) => ({ line, character, offset: 0 });

describe('locations', () => {
  it('count lines and columns from one', () => {
    expect(oneBased(at(0, 0))).toEqual({ line: 1, column: 1 });
    expect(oneBasedRange({ start: at(2, 4), end: at(3, 0) })).toEqual({ line: 3, column: 5, endLine: 4, endColumn: 1 });
  });

  it('print path:line:column relative to the working directory, or the file name alone', () => {
    expect(formatLocation('/work/rules/aza/main.vigil', at(11, 7), '/work')).toBe('rules/aza/main.vigil:12:8');
    expect(formatLocation('/work/rules/aza/main.vigil', at(11, 7))).toBe('main.vigil:12:8');
    expect(formatLine('file:///work/rules/aza/main.vigil', at(0, 3))).toBe('main.vigil:1');
  });

  it('show a path outside the working directory whole, and file URLs as paths', () => {
    expect(displayPath('/elsewhere/a.vigil', '/work')).toBe('/elsewhere/a.vigil');
    expect(displayPath('file:///work/a.vigil', '/work')).toBe('a.vigil');
    expect(displayPath('/work', '/work')).toBe('.');
    expect(displayPath('<expr>', '/work')).toBe('<expr>');
  });
});
