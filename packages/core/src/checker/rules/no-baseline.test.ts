import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('no-baseline', () => {
  it('reports a baseline multiple on a fact without a baseline', () => {
    const d = diagnose(`rule R-1 "x" source "s" when wbc >= 5 x <|baseline|> then caution azathioprine`);
    expect(d.of('VGL3003').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3003'));
  });
  it('reports bilirubin.baseline when only uln is declared', () => {
    const d = diagnose(`rule R-1 "x" source "s" when bilirubin >= 2 x <|bilirubin.baseline|> then caution azathioprine`);
    expect(d.of('VGL3003').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3003'));
  });
  it('is quiet for declared baselines and ULNs', () => {
    expect(diagnose(`rule R-1 "x" source "s" when alt >= 5 x baseline or bilirubin >= 2 x uln then stop azathioprine`).codes).toEqual([]);
  });
});
