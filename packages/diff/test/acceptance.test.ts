import { describe, expect, it } from 'vitest';
import { caseId, pendingChanges, readAccepted } from '../src/index.js';
import { diff } from './helpers.js';

const rule = (t: string) => `rule R-1 "Low count" source "s" when wbc < ${t} 10*9/L then caution azathioprine because "m"\n`;

describe('acknowledging changes', () => {
  it('reads ids from free text: region ids, ruleset:NAME and case:ID, nothing else', () => {
    expect([...readAccepted('- `1f42e93447` wider range (reviewed)\nruleset:methotrexate removed\ncase:0123456789 and commit abc1234, 1f42e93447x')]).toEqual([
      '1f42e93447',
      'ruleset:methotrexate',
      'case:0123456789',
    ]);
  });

  it('lists every region not acknowledged, and fixture cases only where the regions may be incomplete', () => {
    const fixtures = { 'tests/a.cases.yaml': 'cases:\n  - name: low\n    facts: { wbc: "2.7 10*9/L" }\n' };
    const r = diff(rule('2.5'), rule('3.0'), fixtures);
    const id = r.space!.regions[0]!.id;
    expect(pendingChanges(r, new Set())).toEqual([{ id, what: 'wbc in [2.5, 3) 10*9/L (other facts as any): gains `caution azathioprine`' }]);
    expect(pendingChanges(r, new Set([id]))).toEqual([]);
    // The same change over a relation the regions cannot split on: the fixture case needs its own sign-off.
    const facts = 'facts {\n  alt: quantity U/L baseline\n}\n';
    const x = diff(facts + rule('2.5').replace('wbc < 2.5 10*9/L', 'alt >= 5 x baseline'), facts + rule('2.5').replace('wbc < 2.5 10*9/L', 'alt >= 4 x baseline'), {
      'tests/a.cases.yaml': 'cases:\n  - name: alt 4.5x\n    facts: { alt: "90 U/L", alt_baseline: "20 U/L" }\n',
    });
    expect(pendingChanges(x, new Set(x.space!.regions.map((g) => g.id))).map((p) => p.id)).toEqual([caseId('tests/a.cases.yaml', 'alt 4.5x')]);
  });
});
