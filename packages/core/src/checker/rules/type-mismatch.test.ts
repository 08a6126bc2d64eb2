import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('type-mismatch', () => {
  it('reports an enum compared with a number, naming both sides', () => {
    const d = diagnose(`rule R-1 "x" source "s" when <|tpmt = 2|> then caution azathioprine`);
    const m = d.of('VGL3001');
    expect(m.map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3001'));
    expect(m[0]!.message).toContain("'tpmt' (enum");
    expect(m[0]!.message).toContain("'2' (number)");
  });
  it('reports a boolean used as a quantity', () => {
    const d = diagnose(`rule R-1 "x" source "s" when wbc < 2 * <|pregnant|> then caution azathioprine`);
    expect(d.of('VGL3001').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3001'));
  });
  it('reports ordering on enums and includes on a non-set', () => {
    const d = diagnose(`rule R-1 "x" source "s" when tpmt < low or <|wbc|> includes fever then caution azathioprine`);
    expect(d.of('VGL3001')).toHaveLength(2);
  });
  it('leaves an unknown name to VGL2001 (no cascade)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when wcb < 3 10*9/L or 2 > lowx then caution azathioprine`);
    expect(d.codes).toEqual(['VGL2001', 'VGL2001']);
  });
  it('is quiet for well-typed conditions', () => {
    expect(diagnose(`rule R-1 "x" source "s" when tpmt != normal and pregnant = true and last_dose more than 48 h ago then caution azathioprine`).codes).toEqual([]);
  });
});
