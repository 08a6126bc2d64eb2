import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('duplicate-otherwise', () => {
  it('reports the second otherwise rule of a group, pointing at the first', () => {
    const d = diagnose(`groups { a }
rule R-1 "x" source "s" group a when pregnant then advise because "m"
rule R-2 "y" source "s" group a otherwise then advise because "n"
rule R-3 "z" source "s" group a <|otherwise|> then advise because "o"`);
    expect(d.of('VGL2041').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2041'));
    expect(d.of('VGL2041')[0]!.severity).toBe('error');
    expect(d.of('VGL2041')[0]!.message).toBe("Group 'a' has a second 'otherwise' rule, R-3 (R-2 is the first): each would fire only when the other does not, so neither answer is defined.");
    expect(d.of('VGL2041')[0]!.related?.[0]?.message).toBe("First 'otherwise' rule of a: R-2");
  });
  it('is quiet for otherwise rules of different groups', () => {
    expect(diagnose(`groups { a b }
rule R-1 "x" source "s" group a, b when pregnant then advise because "m"
rule R-2 "y" source "s" group a otherwise then advise because "n"
rule R-3 "z" source "s" group b otherwise then advise because "o"`).codes).toEqual([]);
  });
});
