import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';
import { significantLength } from './literal-limits.js';

describe('literal-limits', () => {
  it('reports a threshold below the smallest double (330 zeros)', () => {
    const tiny = `0.${'0'.repeat(330)}1`;
    const d = diagnose(`rule R-1 "x" source "s" when wbc > <|${tiny} 10*9/L|> then caution azathioprine`);
    expect(d.of('VGL3007').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3007'));
    expect(d.of('VGL3007')[0]!.message).toBe('The number 0.0000000000…000001 has 331 digits; a number in rule text has at most 30 (so a nonzero one lies between 1e-30 and 1e30).');
    expect(d.result.ir).toBeUndefined();
  });
  it('reports a number of 450 digits, in a condition, a dose or a protocol', () => {
    const big = '1'.repeat(450);
    const d = diagnose(`rule R-1 "x" source "s" when wbc > <|${big} 10*9/L|> then caution azathioprine
rule R-2 "y" source "s" when pregnant then dose azathioprine <|${big} mg|>`);
    expect(d.of('VGL3007').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3007'));
  });
  it('accepts 30 digits and ordinary numbers', () => {
    const d = diagnose(`rule R-1 "x" source "s" when wbc > 0.${'0'.repeat(28)}1 10*9/L or wbc < ${'9'.repeat(30)} 10*9/L then caution azathioprine`);
    expect(d.of('VGL3007')).toEqual([]);
    expect(d.result.ir).toBeDefined();
  });
  it('reports a duration over 10,000 years (within 300000 a)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when last_dose within <|300000 a|> then caution azathioprine
rule R-2 "y" source "s" when last_dose more than <|3652501 d|> ago then caution azathioprine
rule R-3 "z" source "s" when last_dose within 10000 a then caution azathioprine`);
    expect(d.of('VGL3008').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3008'));
    expect(d.of('VGL3008')[0]!.message).toBe('The duration 300000 a is longer than 10,000 years, the limit for a duration in rule text.');
  });
  it('counts the digits that carry the value', () => {
    expect(significantLength('0007.50')).toBe(3);
    expect(significantLength('0.001')).toBe(3);
    expect(significantLength('120')).toBe(3);
  });
});
