import { describe, expect, it } from 'vitest';
import { escapeControls } from './terminal-text.js';

describe('escapeControls', () => {
  it('writes ESC, OSC, C1 and bidi controls as \\uXXXX, keeping tabs and line feeds', () => {
    expect(escapeControls('a\u001b]0;pwned\u0007b')).toBe('a\\u001b]0;pwned\\u0007b');
    expect(escapeControls('x\u009b2Jy\u007f')).toBe('x\\u009b2Jy\\u007f');
    expect(escapeControls('r\rn\u202eu\u2066')).toBe('r\\u000dn\\u202eu\\u2066');
    expect(escapeControls('line\n\tnext é ≥ 5×')).toBe('line\n\tnext é ≥ 5×');
  });
  it('lets plain colour sequences through only when asked', () => {
    const red = '\u001b[31mred\u001b[39m';
    expect(escapeControls(red, { keepColours: true })).toBe(red);
    expect(escapeControls(red)).toBe('\\u001b[31mred\\u001b[39m');
    // Conceal (8), cursor moves and title changes are never colours.
    expect(escapeControls('\u001b[8mhidden\u001b[2J\u001b]0;t\u0007', { keepColours: true })).toBe('\\u001b[8mhidden\\u001b[2J\\u001b]0;t\\u0007');
  });
  it('keeps JSON output valid and lossless', () => {
    const data = { name: 'a\u009bb\u007f\u202e', nested: ['\u001b'] };
    const text = escapeControls(JSON.stringify(data));
    expect(text).not.toMatch(/[\u007f-\u009f\u202e\u001b]/);
    expect(JSON.parse(text)).toEqual(data);
  });
});
