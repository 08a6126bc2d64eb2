import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

const M1 = `rule M-1 "m" source "s" when pregnant then monitor cbc every 1 wk for 4 wk, then every 3 to 6 mo\n`;
const mod = (how: string) => `rule I-1 "i" source "s" tightens monitor cbc of M-1 ${how} when allograft then caution aza\n`;

describe('tightening-schedule', () => {
  it('is quiet for a factor and for a cadence at least as frequent in every phase', () => {
    expect(diagnose(M1 + mod('twice as often')).codes).toEqual([]);
    expect(diagnose(M1 + mod('2.5 times as often')).codes).toEqual([]);
    expect(diagnose(M1 + mod('to every 1 wk')).codes).toEqual([]);
    expect(diagnose(M1 + mod('to every 3 to 7 d')).codes).toEqual([]);
  });
  it('reports a cadence that loosens a phase, naming it (VGL3037)', () => {
    const d = diagnose(M1 + mod('to <|every 2 wk|>'));
    expect(d.found).toEqual(d.expected('VGL3037'));
    expect(d.of('VGL3037')[0]!.message).toBe("'tightens monitor cbc of M-1 to every 2 wk' would make phase 1 of M-1's schedule less frequent: every 1 wk becomes every 2 wk; a modifier can only tighten (each end of the cadence no longer than before).");
  });
  it('names the first phase it loosens (VGL3037, phase 2)', () => {
    const d = diagnose(`rule M-1 "m" source "s" when pregnant then monitor cbc every 3 mo for 1 a, then every 1 wk\n` + mod('to <|every 2 wk|>'));
    expect(d.found).toEqual(d.expected('VGL3037'));
    expect(d.of('VGL3037')[0]!.message).toContain('phase 2 of M-1');
  });
  it('reports a factor not above one (VGL3038)', () => {
    const d = diagnose(M1 + mod('<|1|> times as often'));
    expect(d.found).toEqual(d.expected('VGL3038'));
    const e = diagnose(M1 + mod('<|0.5|> times as often'));
    expect(e.found).toEqual(e.expected('VGL3038'));
  });
  it('reports a cadence that is no time (VGL4007) and a reversed one (VGL3030)', () => {
    const d = diagnose(M1 + mod('to every <|2 mg|>'));
    expect(d.found).toEqual(d.expected('VGL4007'));
    const e = diagnose(M1 + mod('to every <|2 to 1 wk|>'));
    expect(e.found).toEqual(e.expected('VGL3030'));
  });
});
