import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('titration-direction', () => {
  it('reports an increase whose start is not below its limit, and a taper that rises (VGL3034)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then dose pred <|start 30 mg/d, increase by 5 mg/d every 1 wk to 10 mg/d|>
rule R-2 "y" source "s" when not pregnant then dose pred <|start 10 mg/d, decrease by 5 mg/d every 1 wk to 30 mg/d|>`);
    expect(d.of('VGL3034').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3034'));
    expect(d.of('VGL3034')[0]!.message).toMatch(/^Rule R-1's schedule 'start 30 mg\/d, increase by 5 mg\/d every 1 wk to 10 mg\/d' cannot increase as written/);
  });
  it('finds a weight for which a weight-based start passes its fixed limit', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then dose aza <|start 1 mg/kg/d * weight, increase by 25 mg/d every 4 wk to 150 mg/d|>`);
    expect(d.of('VGL3034').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3034'));
    expect(d.of('VGL3034')[0]!.message).toMatch(/witness: .*weight=/);
  });
  it('reports a step that is not above zero (VGL3035)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then dose pred start 10 mg/d, increase by <|0 mg/d|> every 1 wk to 30 mg/d`);
    expect(d.of('VGL3035').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3035'));
  });
  it('is quiet for schedules that move as they say', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then dose pred start 30 mg/d, decrease by 5 mg/d every 1 wk to 10 mg/d
rule R-2 "y" source "s" when weight > 0.5 kg and weight < 2 kg then dose aza start 0.5 mg/kg/d * weight, increase by 0.5 mg/kg/d * weight every 4 wk to 2.5 mg/kg/d * weight`);
    expect(d.codes.filter((c) => c === 'VGL3034' || c === 'VGL3035' || c === 'VGL3032')).toEqual([]);
  });
});
