import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('schedule-anchor', () => {
  it('reports an anchor that is a fact of another type (VGL3036)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then monitor cbc every 1 wk for 4 wk, then every 1 mo from <|weight|>`);
    expect(d.found).toEqual(d.expected('VGL3036'));
    expect(d.of('VGL3036')[0]!.message).toBe("A schedule is dated from 'weight', which is a fact of type quantity in kg; write a date or datetime fact after 'from'.");
  });
  it('reports an anchor that is a definition, even of a date (VGL3036)', () => {
    const d = diagnose(`define started = last_dose\nrule R-1 "x" source "s" when pregnant then monitor cbc every 1 wk from <|started|>`);
    expect(d.found).toEqual(d.expected('VGL3036'));
    expect(d.of('VGL3036')[0]!.message).toBe("A schedule is dated from 'started', which is a definition (datetime); write a date or datetime fact after 'from'.");
  });
  it('leaves an unknown anchor to VGL2001', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then monitor cbc every 1 wk from <|nowhere|>`);
    expect(d.codes).not.toContain('VGL3036');
    expect(d.found).toEqual(d.expected('VGL2001'));
  });
  it('is quiet for a date or datetime fact, in rules and table rows', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then monitor cbc every 1 wk for 4 wk, then every 1 mo from last_dose`);
    expect(d.codes.filter((c) => c.startsWith('VGL2') || c.startsWith('VGL3'))).toEqual([]);
  });

  it('checks the anchor of a one-off window alike (VGL3036)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then monitor lft after 3 to 6 wk from <|weight|>`);
    expect(d.found).toEqual(d.expected('VGL3036'));
    expect(diagnose(`rule R-1 "x" source "s" when pregnant then monitor lft after 3 to 6 wk from last_dose`).codes).toEqual([]);
  });
});
