import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('titration-units', () => {
  it('reports a step in a unit of another kind (VGL4022) and an interval that is no time (VGL4007)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then dose pred start 10 mg/d, increase by <|5 mg|> every 1 wk to 30 mg/d`);
    expect(d.of('VGL4022').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL4022'));
    const e = diagnose(`rule R-1 "x" source "s" when pregnant then dose pred start 10 mg/d, increase by 5 mg/d every <|1 mg|> to 30 mg/d`);
    expect(e.of('VGL4007').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(e.expected('VGL4007'));
    expect(d.of('VGL4022')[0]!.message).toBe("The step '5 mg' is in mg (mass), but the doses it changes are in mg/d (mass per time): the units are not commensurable.");
  });
  it('accepts a step in any unit of the doses', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then dose pred start 10 mg/d, increase by 0.005 g/d every 1 wk to 30 mg/d`);
    expect(d.codes.filter((c) => c === 'VGL4022' || c === 'VGL4007')).toEqual([]);
  });
});
