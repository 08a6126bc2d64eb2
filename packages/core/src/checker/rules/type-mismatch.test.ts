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
    expect(d.of('VGL3016').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3016'));
    expect(d.of('VGL3016')[0]!.message).toBe("Arithmetic needs quantities, but 'pregnant' (boolean) is used as a quantity.");
  });
  it('reports ordering on enums and includes on a non-set, each by its own code', () => {
    const d = diagnose(`rule R-1 "x" source "s" when <|tpmt < low|> or <|wbc|> includes fever then caution azathioprine`);
    const types = d.result.diagnostics.filter((x) => x.code.startsWith('VGL3'));
    expect(types.map((x) => x.code)).toEqual(['VGL3011', 'VGL3013']);
    expect(types.map((x) => [x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3011').map(([, s, e]) => [s, e]));
    expect(d.of('VGL3011')[0]!.message).toMatch(/^'<' orders quantities only; 'tpmt' \(enum.*\) and 'low' .* can only be tested with '=' or '!='\.$/);
    expect(d.of('VGL3013')[0]!.message).toMatch(/^'includes' tests a set fact, but 'wbc' .* is not a set\.$/);
  });
  it('reports in, presence and elapsed-time tests of the wrong kind of subject', () => {
    const d = diagnose(`define dd = wbc < 3 10*9/L
rule R-1 "x" source "s" when <|pregnant|> in { low } or <|dd|> is missing or <|tpmt|> within 3 d then caution azathioprine`);
    expect(d.codes).toEqual(['VGL3012', 'VGL3014', 'VGL3015']);
    expect(d.of('VGL3015')[0]!.message).toMatch(/^'within' needs a date or datetime fact, but 'tpmt' .* is not one\.$/);
  });
  it('leaves an unknown name to VGL2001 (no cascade)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when wcb < 3 10*9/L or 2 > lowx then caution azathioprine`);
    expect(d.codes).toEqual(['VGL2001', 'VGL2001']);
  });
  it('is quiet for well-typed conditions', () => {
    expect(diagnose(`rule R-1 "x" source "s" when tpmt != normal and pregnant = true and last_dose more than 48 h ago then caution azathioprine`).codes).toEqual([]);
  });
});
