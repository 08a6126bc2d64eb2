import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('table-row-cells', () => {
  it('reports a row with more or fewer cells than the header has columns, at its cells', () => {
    const d = diagnose(`table T-1 "t" source "s"
  | tpmt | pregnant | then
  <|| normal ||> recommend azathioprine
  | poor | true | contraindicate azathioprine
  <|| low | false | - ||> caution azathioprine`);
    expect(d.of('VGL2030').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2030'));
    expect(d.of('VGL2030')[0]!.message).toBe('Row 1 of table T-1 has 1 cell but the header has 2 columns (tpmt, pregnant): give one cell per column, `-` for any value.');
    expect(d.of('VGL2030')[0]!.related?.[0]?.message).toBe('The header of T-1');
  });
  it('is quiet when every row matches the header', () => {
    expect(diagnose(`table T-1 "t" source "s"\n  | tpmt | then\n  | normal | recommend azathioprine`).of('VGL2030')).toEqual([]);
  });
});
