import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('unknown-enum-value', () => {
  it('reports a value the enum lacks, with a suggestion', () => {
    const d = diagnose(`rule R-1 "x" source "s" when tpmt in { low, <|absnt|> } then caution azathioprine`);
    expect(d.of('VGL2005').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2005'));
    expect(d.of('VGL2005')[0]!.message).toContain("Did you mean 'absent'?");
  });
  it('checks both sides of an equality', () => {
    const d = diagnose(`rule R-1 "x" source "s" when <|medium|> = tpmt then caution azathioprine`);
    expect(d.of('VGL2005').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2005'));
  });
  it('is quiet for members', () => {
    expect(diagnose(`rule R-1 "x" source "s" when tpmt = intermediate or symptoms includes fever then caution azathioprine`).codes).toEqual([]);
  });
});
