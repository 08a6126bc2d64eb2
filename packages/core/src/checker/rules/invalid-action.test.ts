import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('invalid-action', () => {
  it('reports a dose that is not a quantity', () => {
    const d = diagnose(`rule R-1 "x" source "s" when tpmt = intermediate then dose azathioprine <|pregnant|>`);
    expect(d.of('VGL3004').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3004'));
    expect(d.of('VGL3004')[0]!.message).toBe("A dose must be a quantity, but 'pregnant' (boolean) is not.");
  });
  it('reports a percentage dose without of standard (VGL3022)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when tpmt = intermediate then dose azathioprine <|30% to 70%|>`);
    expect(d.found).toEqual(d.expected('VGL3022'));
    expect(d.of('VGL3022')[0]!.message).toBe("A dose given as a percentage or fraction needs 'of standard'.");
  });
  it("reports a dose 'of standard' that is not a fraction (VGL3021)", () => {
    const d = diagnose(`rule R-1 "x" source "s" when tpmt = intermediate then dose azathioprine <|50 mg/d of standard|>`);
    expect(d.of('VGL3021').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3021'));
  });
  it('reports a dose range whose ends measure different things (VGL4003)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when tpmt = intermediate then dose azathioprine <|50 mg to 2 h|>`);
    expect(d.of('VGL4003').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL4003'));
    expect(d.of('VGL4003')[0]!.message).toBe("The dose range '50 mg to 2 h' mixes units that are not commensurable (mg and h).");
  });
  it('reports a schedule that is not in time units (VGL4007)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then monitor cbc every <|2 mg|>`);
    expect(d.found).toEqual(d.expected('VGL4007'));
    expect(d.of('VGL4007')[0]!.message).toBe("A schedule needs time units, but '2 mg' is not a time.");
  });
  it('is quiet for well-formed doses and schedules', () => {
    const d = diagnose(`rule R-1 "x" source "s" when tpmt = intermediate
  then dose azathioprine 30% to 70% of standard
  then dose azathioprine 2 mg/kg/d * weight
  then monitor cbc every 1 wk for 4 wk, then every 2 wk until 12 wk, then every 1 mo`);
    expect(d.codes).toEqual([]);
  });

  it('reports a one-off window that is no time (VGL4007), at each end', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then monitor lft after <|2 mg|>`);
    expect(d.found).toEqual(d.expected('VGL4007'));
    const e = diagnose(`rule R-1 "x" source "s" when pregnant then monitor lft after 2 wk to <|3 mg|>`);
    expect(e.found).toEqual(e.expected('VGL4007'));
    expect(diagnose(`rule R-1 "x" source "s" when pregnant then monitor lft after 2 to 3 wk`).codes).toEqual([]);
  });
});
