import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

const FACTS = `facts {
  injurious_dose: quantity mg/d range 0 mg/d to 1000 mg/d
  restart: boolean
}
`;

describe('empty-dose-range', () => {
  it('reports an excluded high end the low end can reach, with a witness (VGL3032)', () => {
    const d = diagnose(`${FACTS}rule R-1 "x" source "s" when restart then dose aza <|50 mg/d to below injurious_dose|>`);
    expect(d.of('VGL3032').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3032'));
    expect(d.of('VGL3032')[0]!.message).toMatch(
      /^Rule R-1 can give the dose '50 mg\/d to below injurious_dose' with no dose in it \(its low end at or above its excluded high end\) for a patient it fires for; witness: .*injurious_dose=\d+(\.\d+)? mg\/d/,
    );
  });
  it('reports an inclusive range whose high end can fall under its low end', () => {
    const d = diagnose(`${FACTS}rule R-1 "x" source "s" when restart and injurious_dose > 50 mg/d then dose aza <|50 mg/d to injurious_dose - 25 mg/d|>`);
    expect(d.of('VGL3032').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3032'));
    expect(d.of('VGL3032')[0]!.message).toContain('(its low end above its high end)');
  });
  it('reports a constant range that is empty', () => {
    const d = diagnose(`${FACTS}rule R-1 "x" source "s" when restart then dose aza <|50 mg/d to below 50 mg/d|>`);
    expect(d.of('VGL3032').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3032'));
  });
  it('is quiet when the condition keeps the range open', () => {
    const d = diagnose(`${FACTS}rule R-1 "x" source "s" when restart and injurious_dose > 50 mg/d then dose aza 50 mg/d to below injurious_dose
rule R-2 "y" source "s" when not restart then dose aza 50 mg/d to 50 mg/d`);
    expect(d.codes).not.toContain('VGL3032');
  });
});
