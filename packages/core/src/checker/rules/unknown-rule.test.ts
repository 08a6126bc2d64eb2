import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('unknown-rule', () => {
  it('reports overrides of a rule that does not exist', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then caution azathioprine
rule R-2 "y" source "s" overrides <|R-3|> when pregnant then stop azathioprine`);
    expect(d.of('VGL2008').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2008'));
  });
  it('is quiet when the overridden rule exists', () => {
    expect(diagnose(`rule R-1 "x" source "s" when pregnant then caution azathioprine
rule R-2 "y" source "s" overrides R-1 when pregnant then stop azathioprine`).codes).toEqual([]);
  });
});
