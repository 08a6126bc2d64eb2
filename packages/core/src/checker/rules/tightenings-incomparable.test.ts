import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

const M1 = `rule M-1 "m" source "s" when pregnant then monitor cbc every 1 wk for 4 wk, then every 3 to 6 mo\n`;
const mod = (id: string, how: string, extra = '') => `rule ${id} "i" source "s" ${extra}tightens monitor cbc of M-1 ${how} when allograft then caution aza\n`;

describe('tightenings-incomparable', () => {
  it('reports two modifiers neither of which is the tighter everywhere (VGL3039), at the later one', () => {
    const d = diagnose(M1 + mod('I-1', 'twice as often') + `rule I-2 "i" source "s" <|tightens monitor cbc of M-1 to every 5 d|> when allograft then caution aza\n`);
    expect(d.found).toEqual(d.expected('VGL3039'));
    expect(d.of('VGL3039')[0]!.message).toContain('I-1 and I-2 both tighten M-1\'s schedule, but neither is at least as frequent as the other in every phase (phase 2: every 1.5 to 3 mo and every 5 d)');
  });
  it('is quiet when one is the tighter in every phase, or one overrides the other', () => {
    expect(diagnose(M1 + mod('I-1', 'twice as often') + mod('I-2', '3 times as often')).codes).toEqual([]);
    expect(diagnose(M1 + mod('I-1', 'twice as often') + mod('I-2', 'to every 1 d')).codes).toEqual([]);
    expect(diagnose(M1 + mod('I-1', 'twice as often') + mod('I-2', 'to every 5 d', 'overrides I-1 ')).codes).toEqual([]);
  });
});
