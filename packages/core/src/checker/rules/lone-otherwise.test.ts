import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('lone-otherwise', () => {
  it('warns about an otherwise rule alone in its group', () => {
    const d = diagnose(`groups { a }
rule R-1 "x" source "s" group a <|otherwise|> when pregnant then advise because "m"`);
    expect(d.of('VGL2043').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2043'));
    expect(d.of('VGL2043')[0]!.severity).toBe('warning');
    expect(d.of('VGL2043')[0]!.message).toBe("Rule R-1 is the only rule of group 'a', so 'otherwise' excludes nothing: it fires whenever its own condition holds.");
  });
  it('is quiet with a sibling', () => {
    expect(diagnose(`groups { a }
rule R-0 "w" source "s" group a when allograft then advise because "n"
rule R-1 "x" source "s" group a otherwise when pregnant then advise because "m"`).codes).toEqual([]);
  });
});
