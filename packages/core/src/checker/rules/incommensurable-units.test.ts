import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('incommensurable-units', () => {
  it('reports mg compared with 10*9/L, naming both sides', () => {
    const d = diagnose(`rule R-1 "x" source "s" when <|wbc < 2 mg|> then caution azathioprine`);
    const m = d.of('VGL4002');
    expect(m.map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL4002'));
    expect(m[0]!.message).toContain("'wbc' (10*9/L");
    expect(m[0]!.message).toContain("'2 mg' (mg");
  });
  it('reports a non-time amount in a time-since test (VGL4006)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when last_dose more than <|48 mg|> ago then caution azathioprine`);
    expect(d.of('VGL4006').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL4006'));
    expect(d.of('VGL4006')[0]!.message).toBe("A time since an event needs a time unit, but '48 mg' is in mg (mass).");
  });
  it('is quiet for commensurable units (2100 /uL against 10*9/L)', () => {
    expect(diagnose(`rule R-1 "x" source "s" when wbc < 2100 /uL then caution azathioprine`).codes).toEqual([]);
  });
});

describe('incommensurable-units quick fix', () => {
  it("offers the fact's unit for a number written without one", () => {
    const d = diagnose(`rule R-1 "x" source "s" when wbc < 2.5 then caution azathioprine`);
    const [x] = d.of('VGL4002');
    const at = d.marked.text.indexOf('2.5') + 3;
    expect(x!.fixes).toEqual([{ title: 'Write 2.5 10*9/L', edits: [{ uri: x!.uri, range: { start: expect.objectContaining({ offset: at }), end: expect.objectContaining({ offset: at }) }, newText: ' 10*9/L' }] }]);
  });
  it('offers nothing when both sides have units', () => {
    const [x] = diagnose(`rule R-1 "x" source "s" when wbc < 2 mg then caution azathioprine`).of('VGL4002');
    expect(x!.fixes ?? []).toEqual([]);
  });
});
