import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('group-override-cycle', () => {
  it('reports a group override that a member of the group overrides back', () => {
    const d = diagnose(`groups { dosing }
rule R-1 "x" source "s" group dosing overrides R-2 when pregnant then dose azathioprine 50 mg/d
rule R-2 "y" source "s" overrides <|dosing|> when pregnant then contraindicate azathioprine`);
    expect(d.of('VGL2022').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2022'));
    expect(d.of('VGL2022')[0]!.severity).toBe('error');
    expect(d.of('VGL2022')[0]!.message).toContain('R-2 → R-1 → R-2');
    expect(d.of('VGL2009')).toEqual([]);
    expect(d.result.ir).toBeUndefined();
    const fix = d.of('VGL2022')[0]!.fixes![0]!;
    expect(fix.title).toBe("Add 'except R-1'");
    const at = fix.edits[0]!.range.start.offset;
    const fixed = d.marked.text.slice(0, at) + fix.edits[0]!.newText + d.marked.text.slice(at);
    expect(fixed).toContain('overrides dosing except R-1 when');
  });
  it('finds a loop through two groups', () => {
    const d = diagnose(`groups { a b }
rule R-1 "x" source "s" group a overrides <|b|> when pregnant then dose azathioprine 50 mg/d
rule R-2 "y" source "s" group b overrides <|a|> when pregnant then caution azathioprine`);
    expect(d.of('VGL2022').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2022'));
  });
  it('is quiet once the member is excepted, and for a rule in the group it overrides', () => {
    expect(
      diagnose(`groups { dosing }
rule R-1 "x" source "s" group dosing overrides R-2 when pregnant then dose azathioprine 50 mg/d
rule R-3 "z" source "s" group dosing when pregnant then dose azathioprine 25 mg/d
rule R-2 "y" source "s" group dosing overrides dosing except R-1 when pregnant then contraindicate azathioprine`).of('VGL2022'),
    ).toEqual([]);
  });
});
