import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('bidi-control', () => {
  it('warns about each bidirectional control in strings and comments', () => {
    const d = diagnose(`// access check <|\u202E|> } <|\u2066|>
rule R-1 "x<|\u202D|>y" source "s" when pregnant then caution azathioprine because "ok<|\u2069|>"
/* block <|\u202A|> */`);
    expect(d.of('VGL1005').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL1005'));
    expect(d.of('VGL1005').every((x) => x.severity === 'warning')).toBe(true);
    expect(d.of('VGL1005')[0]!.message).toContain('U+202E (RIGHT-TO-LEFT OVERRIDE) in a comment');
    expect(d.of('VGL1005')[2]!.message).toContain('U+202D (LEFT-TO-RIGHT OVERRIDE) in a string');
  });
  it('leaves a control outside strings and comments to the lexer error', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant \u202E then caution azathioprine`);
    expect(d.of('VGL1005')).toEqual([]);
    expect(d.codes).toContain('VGL1002');
  });
  it('is quiet for escapes and other non-ASCII text', () => {
    const d = diagnose(`rule R-1 "é ≥ 5× — \\u{202E}" source "s" when pregnant then caution azathioprine // ≥ ‏`);
    expect(d.of('VGL1005')).toEqual([]);
  });
});
