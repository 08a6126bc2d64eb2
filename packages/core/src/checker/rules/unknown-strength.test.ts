import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('unknown-strength', () => {
  it('reports a strength off the scale', () => {
    const d = diagnose(`rule R-1 "x" source "s" strength <|strng|> when pregnant then caution azathioprine`);
    expect(d.of('VGL3005').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3005'));
    expect(d.of('VGL3005')[0]!.message).toBe("Unknown strength 'strng'; expected one of strong, moderate, conditional, weak, expert. Did you mean 'strong'?");
  });
  it('is quiet for a known strength', () => {
    expect(diagnose(`rule R-1 "x" source "s" strength conditional when pregnant then caution azathioprine`).codes).toEqual([]);
  });
});
