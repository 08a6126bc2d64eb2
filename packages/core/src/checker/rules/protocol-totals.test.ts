import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

const steps = `  step 1 mg observe 20 min
  step 2 mg observe 20 min
  step 4 mg observe 20 min
  step 8 mg observe 20 min
  step 10 mg observe 20 min
  step 15 mg observe 20 min
  step 20 mg observe 20 min
  step 40 mg observe 60 min`;

describe('protocol-totals', () => {
  it('accepts the seed 000 protocol: 100 mg over 200 min', () => {
    expect(diagnose(`protocol P-1 "Desensitisation" source "000" drug azathioprine target 100 mg over 200 min\n${steps}`).codes).toEqual([]);
  });
  it('accepts totals stated in other units (0.1 g over 3.333… h is not exact, 200 min = 12000 s is)', () => {
    expect(diagnose(`protocol P-1 "D" source "000" target 0.1 g over 12000 s\n${steps}`).codes).toEqual([]);
  });
  it('reports a dose total that does not add up, with the figures', () => {
    const d = diagnose(`protocol P-1 "D" source "000" target <|90 mg|> over 200 min\n${steps}`);
    const m = d.of('VGL5004');
    expect(m.map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL5004'));
    expect(m[0]!.message).toContain('100 mg');
    expect(m[0]!.message).toContain('over by 10 mg');
  });
  it('reports the whole message from its template', () => {
    const d = diagnose(`protocol P-1 "D" source "000" target 90 mg over 200 min\n${steps}`);
    expect(d.of('VGL5004')[0]!.message).toBe("Protocol P-1: the steps' doses add up to 100 mg, but the target states 90 mg (over by 10 mg).");
  });
  it('reports a protocol without a target as VGL3019', () => {
    const d = diagnose(`protocol <|P-1|> "D" source "000"\n${steps}`);
    expect(d.of('VGL3019').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3019'));
    expect(d.of('VGL3019')[0]!.message).toBe("Protocol P-1 declares no 'target … over …', so its steps cannot be checked.");
  });
  it('reports a duration that is not a time (VGL4008) and a step in units of another kind (VGL4009)', () => {
    const d = diagnose(`protocol P-1 "D" source "000" target 100 mg over <|200 mg|>\n${steps}`);
    expect(d.found).toEqual(d.expected('VGL4008'));
    expect(d.of('VGL4008')[0]!.message).toBe("The protocol's duration '200 mg' is not a time.");
    const e = diagnose(`protocol P-1 "D" source "000" target 100 mg over 20 min\n  step <|1 h|> observe 20 min`);
    expect(e.found).toEqual(e.expected('VGL4009'));
    expect(e.of('VGL4009')[0]!.message).toBe("Step dose '1 h' cannot be added to the target in mg: the units are not commensurable.");
  });
  it('reports an observation total that does not add up', () => {
    const d = diagnose(`protocol P-1 "D" source "000" target 100 mg over <|3 h|>\n${steps}`);
    expect(d.of('VGL5004').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL5004'));
  });
});
