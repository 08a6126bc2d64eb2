import { describe, expect, it } from 'vitest';
import { runLogicRule } from '../../../test-support/analysis.js';
import { diagnose } from '../test-util.js';
import { tableCompleteness } from './table-completeness.js';

describe('table-completeness', () => {
  it('reports each combination of enum values no row matches, at the header, with a witness', () => {
    const r = runLogicRule(tableCompleteness, `
table T-1 "t" source "s"
  <|| tpmt | pregnant | then|>
  | { low, absent } | - | contraindicate azathioprine
  | normal | false | recommend azathioprine
  | intermediate | - | dose azathioprine 50 mg/d`);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['Table T-1 has no row for tpmt = normal, pregnant = true; witness: tpmt=normal, pregnant=true.']);
    expect(r.found).toEqual(r.expected);
    expect(r.diagnostics[0]!.severity).toBe('warning');
    expect(r.diagnostics[0]!.data).toMatchObject({ witness: { tpmt: 'normal', pregnant: true } });
  });

  it('splits a quantity column at the bounds the rows name, so a single missed point is found', () => {
    const r = runLogicRule(tableCompleteness, `
table T-1 "t" source "s" hit first
  | wbc | then
  | < 2 10*9/L | stop azathioprine
  | > 2 10*9/L | recommend azathioprine`);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['Table T-1 has no row for wbc = 2 10*9/L; witness: wbc=2 10*9/L.']);
  });

  it('looks only where the table applies (its when) and is quiet on a complete table', () => {
    const r = runLogicRule(tableCompleteness, `
table T-1 "t" source "s" when pregnant
  | tpmt | then
  | { normal, intermediate } | caution azathioprine
  | not { normal, intermediate } | contraindicate azathioprine
table T-2 "t" source "s" when tpmt = normal
  | tpmt | wbc | then
  | normal | >= 3 10*9/L | recommend azathioprine
  | - | >= 2 10*9/L and < 3 10*9/L | caution azathioprine
  | - | < 2 10*9/L | stop azathioprine`);
    expect(r.diagnostics).toEqual([]);
  });

  it('finds the one combination a large table misses (63 of 64 rows over three enum columns)', () => {
    const v = ['normal', 'intermediate', 'low', 'absent'];
    const rows: string[] = [];
    for (const a of v) for (const b of v) for (const c of v) if (!(a === 'absent' && b === 'absent' && c === 'absent')) rows.push(`  | ${a} | ${b} | ${c} | advise because "x"`);
    const r = runLogicRule(tableCompleteness, `
facts { t2: enum { normal, intermediate, low, absent } t3: enum { normal, intermediate, low, absent } }
table T-1 "t" source "s"
  | tpmt | t2 | t3 | then
${rows.join('\n')}`);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['Table T-1 has no row for tpmt = absent, t2 = absent, t3 = absent; witness: tpmt=absent, t2=absent, t3=absent.']);
  });

  it('is part of the whole check', () => {
    const d = diagnose(`table T-1 "t" source "s" hit first
  | tpmt | then
  | normal | recommend azathioprine`);
    expect(d.of('VGL5020').map((x) => x.message)).toEqual(['intermediate', 'low', 'absent'].map((v) => `Table T-1 has no row for tpmt = ${v}; witness: tpmt=${v}.`));
  });
});
