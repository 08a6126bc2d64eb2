import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

const base = `groups { watch "w"\n  other "o" }\nrule M-1 "m" source "s" group watch when pregnant then monitor cbc every 1 mo\nrule D-1 "d" source "s" group other when pregnant then dose aza 50 mg/d\n`;

describe('empty-tightening', () => {
  it('warns about a group with no monitoring schedule (VGL2025)', () => {
    const d = diagnose(base + `rule I-1 "i" source "s" tightens <|monitor of other|> twice as often when allograft then caution aza\n`);
    expect(d.found).toEqual(d.expected('VGL2025'));
    expect(d.of('VGL2025')[0]!.message).toBe("'monitor of other' tightens nothing: no rule of other has a monitoring schedule.");
  });
  it('warns about a target no rule monitors, and every member excepted', () => {
    const d = diagnose(base + `rule I-1 "i" source "s" tightens <|monitor lft of watch|> twice as often when allograft then caution aza\n`);
    expect(d.found).toEqual(d.expected('VGL2025'));
    expect(d.of('VGL2025')[0]!.message).toContain('no rule of watch has a monitoring schedule of lft');
    const e = diagnose(base + `rule I-1 "i" source "s" tightens <|monitor of watch except M-1|> twice as often when allograft then caution aza\n`);
    expect(e.found).toEqual(e.expected('VGL2025'));
  });
  it('is quiet when a schedule is reached; an unknown name is VGL2008', () => {
    expect(diagnose(base + `rule I-1 "i" source "s" tightens monitor cbc of watch twice as often when allograft then caution aza\n`).codes).toEqual([]);
    const d = diagnose(base + `rule I-1 "i" source "s" tightens monitor of <|wach|> twice as often when allograft then caution aza\n`);
    expect(d.found).toEqual(d.expected('VGL2008'));
  });

  it('warns about a modifier that reaches only a one-off window (it has no cadence)', () => {
    const d = diagnose(`rule W-1 "w" source "s" when pregnant then monitor lft after 2 to 3 wk\nrule I-1 "i" source "s" tightens <|monitor of W-1|> twice as often when allograft then caution aza\n`);
    expect(d.found).toEqual(d.expected('VGL2025'));
  });
});
