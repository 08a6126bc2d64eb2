import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('otherwise-cycle', () => {
  it('reports two otherwise rules that complete each other, once', () => {
    const d = diagnose(`groups { a b }
rule R-1 "x" source "s" group a, b <|otherwise in a|> then advise because "m"
rule R-2 "y" source "s" group a, b otherwise in b then advise because "n"`);
    expect(d.of('VGL2042').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2042'));
    expect(d.of('VGL2042')[0]!.severity).toBe('error');
    expect(d.of('VGL2042')[0]!.message).toContain('R-1 → R-2 → R-1');
  });
  it('is quiet when one otherwise rule reads another without a loop', () => {
    // R-3 completes b, whose member R-2 completes a: R-3 negates R-2, which negates R-1.
    expect(diagnose(`groups { a b }
rule R-1 "x" source "s" group a when pregnant then advise because "m"
rule R-2 "y" source "s" group a, b otherwise in a then advise because "n"
rule R-3 "z" source "s" group b otherwise then advise because "o"`).codes).toEqual([]);
  });
});
