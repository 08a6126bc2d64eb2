import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('empty-group', () => {
  it('warns about a group no rule joins, at its declaration', () => {
    const d = diagnose(`groups { dosing "Doses" <|unused|> "Nothing" }
rule R-1 "x" source "s" group dosing when pregnant then dose azathioprine 50 mg/d
rule R-2 "y" source "s" overrides unused, dosing when pregnant then contraindicate azathioprine`);
    expect(d.of('VGL2023').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2023'));
    expect(d.of('VGL2023')[0]!.severity).toBe('warning');
    expect(d.of('VGL2024')).toEqual([]);
  });
});

describe('empty-override', () => {
  it('warns about selected actions no rule of the group has', () => {
    const d = diagnose(`groups { dosing }
rule R-1 "x" source "s" group dosing when pregnant then dose azathioprine 50 mg/d
rule R-2 "y" source "s" overrides <|monitor of dosing|> when pregnant then contraindicate azathioprine`);
    expect(d.of('VGL2024').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2024'));
    expect(d.of('VGL2024')[0]!.message).toBe("'monitor of dosing' overrides nothing: no rule of dosing has such an action.");
  });
  it('warns when every member is excepted or is the overriding rule', () => {
    const d = diagnose(`groups { g }
rule R-1 "x" source "s" group g when pregnant then dose azathioprine 50 mg/d
rule R-2 "y" source "s" group g overrides <|g except R-1|> when pregnant then contraindicate azathioprine`);
    expect(d.of('VGL2024').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2024'));
    expect(d.of('VGL2024')[0]!.message).toContain('no rule of g is left once R-2 itself and the excepted rules are taken out');
  });
  it('is quiet when a target narrows to actions that exist', () => {
    expect(diagnose(`groups { dosing }
rule R-1 "x" source "s" group dosing when pregnant then dose azathioprine 50 mg/d
rule R-2 "y" source "s" overrides dose azathioprine of dosing when pregnant then contraindicate azathioprine`).codes).toEqual([]);
  });
});
