import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('not-a-condition', () => {
  it('reports a quantity used as a condition', () => {
    const d = diagnose(`rule R-1 "x" source "s" when <|wbc|> then caution azathioprine`);
    expect(d.of('VGL3002').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3002'));
  });
  it('reports a non-boolean operand of and', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant and <|weight|> then caution azathioprine`);
    expect(d.of('VGL3002').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3002'));
  });
  it('is quiet for booleans', () => {
    expect(diagnose(`define risky = pregnant or allograft
rule R-1 "x" source "s" when risky and not allograft then caution azathioprine`).codes).toEqual([]);
  });
});
