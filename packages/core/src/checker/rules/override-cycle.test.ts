import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('override-cycle', () => {
  it('reports a rule that overrides itself', () => {
    const d = diagnose(`rule R-1 "x" source "s" overrides <|R-1|> when pregnant then contraindicate azathioprine`);
    expect(d.of('VGL2009').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2009'));
    expect(d.of('VGL2009')[0]!.severity).toBe('error');
    expect(d.of('VGL2009')[0]!.message).toContain('R-1 → R-1');
  });
  it('reports two rules that override each other once, with the cycle', () => {
    const d = diagnose(`rule R-1 "x" source "s" overrides R-2 when pregnant then contraindicate azathioprine
rule R-2 "y" source "s" overrides <|R-1|> when pregnant then caution azathioprine`);
    expect(d.of('VGL2009').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2009'));
    expect(d.of('VGL2009')[0]!.message).toContain('R-1 → R-2 → R-1');
  });
  it('reports a longer cycle', () => {
    const d = diagnose(`rule R-1 "x" source "s" overrides R-2 when pregnant then contraindicate azathioprine
rule R-2 "y" source "s" overrides R-3 when pregnant then caution azathioprine
rule R-3 "z" source "s" overrides <|R-1|> when pregnant then stop azathioprine`);
    expect(d.of('VGL2009').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2009'));
    expect(d.of('VGL2009')[0]!.message).toContain('R-1 → R-2 → R-3 → R-1');
    expect(d.result.ir).toBeUndefined();
  });
  it('is quiet for a chain and a diamond', () => {
    expect(diagnose(`rule R-1 "x" source "s" overrides R-2, R-3 when pregnant then contraindicate azathioprine
rule R-2 "y" source "s" overrides R-4 when pregnant then caution azathioprine
rule R-3 "z" source "s" overrides R-4 when pregnant then stop azathioprine
rule R-4 "w" source "s" when pregnant then caution azathioprine`).result.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  });
  it('walks a chain of 2,000 overrides without exhausting the stack', () => {
    const n = 2000;
    const rules = Array.from({ length: n }, (_, i) => `rule R-${i} "r" source "s" overrides R-${(i + 1) % n} when pregnant then caution azathioprine`);
    const d = diagnose(rules.join('\n'));
    expect(d.of('VGL2009')).toHaveLength(1);
  });
});
