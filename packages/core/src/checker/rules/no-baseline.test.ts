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
  it('names the fact and the part missing', () => {
    const d = diagnose(`rule R-1 "x" source "s" when bilirubin >= 2 x bilirubin.baseline then caution azathioprine`);
    expect(d.of('VGL3003')[0]!.message).toBe("Fact 'bilirubin' declares no baseline; add 'baseline' after its type to give it a baseline.");
  });
  it('reports a bare uln whose fact cannot be told as VGL3017', () => {
    const d = diagnose(`rule R-1 "x" source "s" when <|uln|> > 2 then caution azathioprine`);
    expect(d.of('VGL3017').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3017'));
    expect(d.of('VGL3017')[0]!.message).toBe("Bare 'uln' needs exactly one fact on the other side of a comparison; write 'fact.uln' instead.");
  });
  it('is quiet for declared baselines and ULNs', () => {
    expect(diagnose(`rule R-1 "x" source "s" when alt >= 5 x baseline or bilirubin >= 2 x uln then stop azathioprine`).codes).toEqual([]);
  });
});
