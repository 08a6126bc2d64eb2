import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

const at = (d: ReturnType<typeof diagnose>, code: string) => d.of(code).map((x) => [x.code, x.range.start.offset, x.range.end.offset]);

describe('otherwise-without-group', () => {
  it('reports an otherwise rule that joins no group', () => {
    const d = diagnose(`rule R-1 "x" source "s" <|otherwise|> when pregnant then advise because "m"`);
    expect(at(d, 'VGL2040')).toEqual(d.expected('VGL2040'));
    expect(d.of('VGL2040')[0]!.severity).toBe('error');
    expect(d.of('VGL2040')[0]!.message).toBe("Rule R-1 says 'otherwise' but joins no group: add a 'group' clause naming the group whose other rules it completes.");
  });
  it('reports an otherwise rule of several groups that names none', () => {
    const d = diagnose(`groups { a b }
rule R-1 "x" source "s" group a when pregnant then advise because "m"
rule R-2 "y" source "s" group a, b <|otherwise|> then advise because "n"`);
    expect(at(d, 'VGL2040')).toEqual(d.expected('VGL2040'));
    expect(d.of('VGL2040')[0]!.message).toContain("joins several groups (a, b): name the one it completes, as in 'otherwise in a'");
  });
  it('reports `otherwise in G` for a group the rule does not join', () => {
    const d = diagnose(`groups { a b }
rule R-1 "x" source "s" group a when pregnant then advise because "m"
rule R-2 "y" source "s" group a otherwise in <|b|> then advise because "n"`);
    expect(at(d, 'VGL2040')).toEqual(d.expected('VGL2040'));
  });
  it('leaves an undeclared group to unknown-group', () => {
    const d = diagnose(`groups { a }
rule R-1 "x" source "s" group a when pregnant then advise because "m"
rule R-2 "y" source "s" group a otherwise in <|c|> then advise because "n"`);
    expect(d.codes).toEqual(['VGL2021']);
    expect(at(d, 'VGL2021')).toEqual(d.expected('VGL2021'));
  });
  it('is quiet for an otherwise rule of one group, or naming one of its groups', () => {
    expect(diagnose(`groups { a b }
rule R-1 "x" source "s" group a, b when pregnant then advise because "m"
rule R-2 "y" source "s" group a otherwise then advise because "n"
rule R-3 "z" source "s" group b otherwise in b then advise because "o"`).codes).toEqual([]);
  });
});
