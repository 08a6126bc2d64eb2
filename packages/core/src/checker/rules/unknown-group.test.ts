import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('unknown-group', () => {
  it('reports a group clause naming an undeclared group, with a suggestion', () => {
    const d = diagnose(`groups { dosing "Doses" }
rule R-1 "x" source "s" group <|dosng|> when pregnant then dose azathioprine 50 mg/d`);
    expect(d.of('VGL2021').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2021'));
    expect(d.of('VGL2021')[0]!.severity).toBe('error');
    expect(d.of('VGL2021')[0]!.message).toBe("Unknown group 'dosng'; declare it in a groups block. Did you mean 'dosing'?");
  });
  it('is quiet for a declared group', () => {
    expect(diagnose(`groups { dosing }
rule R-1 "x" source "s" group dosing when pregnant then dose azathioprine 50 mg/d`).codes).toEqual([]);
  });
  it('reports an overrides clause naming neither a rule nor a group (unknown-rule)', () => {
    const d = diagnose(`groups { dosing }
rule R-1 "x" source "s" group dosing when pregnant then dose azathioprine 50 mg/d
rule R-2 "y" source "s" overrides dose of <|dosin|> when pregnant then contraindicate azathioprine`);
    expect(d.of('VGL2008').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2008'));
    expect(d.of('VGL2008')[0]!.message).toContain("Did you mean 'dosing'?");
  });
});
