import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('invalid-action', () => {
  it('reports a percentage dose without of standard', () => {
    const d = diagnose(`rule R-1 "x" source "s" when tpmt = intermediate then dose azathioprine <|30% to 70%|>`);
    expect(d.of('VGL3004').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3004'));
  });
  it('reports a schedule that is not in time units', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then monitor cbc every <|2 mg|>`);
    expect(d.of('VGL3004').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3004'));
  });
  it('is quiet for well-formed doses and schedules', () => {
    const d = diagnose(`rule R-1 "x" source "s" when tpmt = intermediate
  then dose azathioprine 30% to 70% of standard
  then dose azathioprine 2 mg/kg/d * weight
  then monitor cbc every 1 wk for 4 wk, then every 2 wk until 12 wk, then every 1 mo`);
    expect(d.codes).toEqual([]);
  });
});
