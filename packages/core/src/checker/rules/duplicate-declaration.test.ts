import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('duplicate-declaration', () => {
  it('reports a second rule with the same id, pointing at the first', () => {
    const d = diagnose(`rule R-1 "a" source "s" when pregnant then caution azathioprine
rule <|R-1|> "b" source "s" when pregnant then caution azathioprine`);
    const dup = d.of('VGL2002');
    expect(dup.map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2002'));
    expect(dup[0]!.related?.[0]?.message).toContain('first declared here');
  });
  it('reports duplicate enum values and facts', () => {
    const d = diagnose(`facts { wbc: quantity /uL  e: enum { a, b, a } }`);
    expect(d.of('VGL2002')).toHaveLength(2);
  });
  it('is quiet for distinct names', () => {
    expect(diagnose(`rule R-1 "a" source "s" when pregnant then caution azathioprine`).codes).toEqual([]);
  });
});
