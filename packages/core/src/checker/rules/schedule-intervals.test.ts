import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('schedule-intervals', () => {
  it('reports an interval that runs backwards, in any units (VGL3030)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then monitor cbc every <|2 to 1 wk|> for <|1 a to 6 mo|>`);
    expect(d.found).toEqual(d.expected('VGL3030'));
    expect(d.of('VGL3030').map((x) => x.message)).toEqual([
      "The interval '2 to 1 wk' runs backwards: its low end 2 wk is longer than its high end 1 wk.",
      "The interval '1 a to 6 mo' runs backwards: its low end 1 a is longer than its high end 6 mo.",
    ]);
  });
  it('warns about equal ends (VGL3031)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then monitor cbc every <|7 d to 1 wk|>`);
    expect(d.found).toEqual(d.expected('VGL3031'));
    expect(d.of('VGL3031')[0]!.message).toBe("The interval '7 d to 1 wk' has equal ends; write the one duration.");
  });
  it('reports an end that is not a time, the low end taking the high end\'s unit (VGL4007)', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then monitor cbc every <|1|> to <|2 mg|>, then every 1 to 2 wk until <|3|> to <|4|>`);
    expect(d.found).toEqual(d.expected('VGL4007'));
  });
  it('is quiet for well-formed intervals', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then monitor cbc every 1 to 2 wk for 3 to 6 mo, then every 1 wk to 1 mo until 1 to 2 a`);
    expect(d.codes.filter((c) => c.startsWith('VGL3') || c.startsWith('VGL4'))).toEqual([]);
  });

  it('reads a one-off window and a modifier cadence as intervals too', () => {
    const d = diagnose(`rule R-1 "x" source "s" when pregnant then monitor lft after <|3 to 2 wk|>`);
    expect(d.found).toEqual(d.expected('VGL3030'));
    const e = diagnose(`rule R-1 "x" source "s" when pregnant then monitor lft after <|14 d to 2 wk|>`);
    expect(e.found).toEqual(e.expected('VGL3031'));
  });
});
