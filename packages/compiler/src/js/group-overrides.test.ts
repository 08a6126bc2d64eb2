// Groups in `overrides`: a group override suppresses every member whole, `dose of G` only
// the members' doses (their monitoring stands), a target narrows it to one drug, and the
// result reports each suppressed action as such.
import { checkText } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { instantiateEngine } from '../load.js';

const RULES = `ruleset t version "1"
facts {
  tpmt: enum { normal, intermediate, low }
  xo: boolean
  pregnant: boolean
  aih: boolean
}
groups {
  aza_use "Rules that dose or recommend azathioprine"
}
rule DOSE "normal TPMT" source "s" group aza_use
  when tpmt = normal
  then dose azathioprine 50 mg/d
  then monitor cbc every 1 wk
rule AIH "autoimmune hepatitis" source "s" group aza_use
  when aih
  then dose prednisone 10 mg/d to 30 mg/d
  then dose azathioprine 50 mg/d
rule REC "recommend" source "s" group aza_use
  when tpmt = normal
  then recommend azathioprine
rule LOW "absent TPMT" source "s"
  overrides aza_use
  when tpmt = low
  then contraindicate azathioprine
rule XO "xanthine oxidase inhibitor" source "s"
  overrides dose azathioprine, recommend azathioprine of aza_use
  when xo
  then contraindicate azathioprine
rule PREG "pregnancy" source "s"
  overrides dose of aza_use except AIH
  when pregnant
  then caution azathioprine
`;
const r = checkText(RULES, '/memory/t.vigil');
const e = instantiateEngine(r.ir!);
const decisions = (facts: object) => e.evaluate(facts).decisions.map((d) => `${d.rule} ${d.action} ${d.targets.join(',')}`);

describe('overrides naming a group', () => {
  it('checks clean and lowers groups to rule ids, with single actions apart', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ir = (id: string) => r.ir!.rules.find((x) => x.id === id)!;
    expect(ir('LOW').overrides).toEqual(['DOSE', 'AIH', 'REC']);
    expect(ir('LOW').overrideActions).toBeUndefined();
    // REC's one action is a recommendation of azathioprine: taken whole.
    expect(ir('XO').overrides).toEqual(['REC']);
    expect(ir('XO').overrideActions).toEqual([
      { rule: 'DOSE', actions: [0] },
      { rule: 'AIH', actions: [1] },
    ]);
    expect(ir('PREG').overrides).toEqual([]);
    expect(ir('PREG').overrideActions).toEqual([{ rule: 'DOSE', actions: [0] }]);
  });
  it('suppresses every member whole', () => {
    const out = e.evaluate({ tpmt: 'low', aih: true });
    expect(out.decisions.map((d) => d.rule)).toEqual(['LOW']);
    expect(out.overridden).toEqual([{ rule: 'AIH', by: 'LOW' }]);
  });
  it('suppresses the doses only: the monitoring and the prednisone dose stand', () => {
    const out = e.evaluate({ tpmt: 'normal', xo: true, aih: true });
    expect(decisions({ tpmt: 'normal', xo: true, aih: true })).toEqual(['XO contraindicate azathioprine', 'AIH dose prednisone', 'DOSE monitor cbc']);
    expect(out.overridden).toEqual([
      { rule: 'REC', by: 'XO' },
      { rule: 'DOSE', by: 'XO', actions: [{ index: 0, action: 'dose', targets: ['azathioprine'] }] },
      { rule: 'AIH', by: 'XO', actions: [{ index: 1, action: 'dose', targets: ['azathioprine'] }] },
    ]);
  });
  it('leaves the excepted rule alone, and fires everything when the overriding rule does not', () => {
    expect(decisions({ tpmt: 'normal', pregnant: true, aih: true })).toEqual([
      'PREG caution azathioprine',
      'AIH dose prednisone',
      'AIH dose azathioprine',
      'DOSE monitor cbc',
      'REC recommend azathioprine',
    ]);
    expect(decisions({ tpmt: 'normal' })).toEqual(['DOSE dose azathioprine', 'DOSE monitor cbc', 'REC recommend azathioprine']);
  });
  it('reports a rule suppressed whole once, not also in part', () => {
    const out = e.evaluate({ tpmt: 'low', xo: true, aih: true });
    expect(out.overridden.filter((o) => o.rule === 'AIH')).toEqual([{ rule: 'AIH', by: 'LOW' }]);
  });
});
