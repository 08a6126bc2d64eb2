import { describe, expect, it } from 'vitest';
import { runLogicRule } from '../../../test-support/analysis.js';
import { tableShadowedRow } from './table-shadowed-row.js';

describe('table-shadowed-row', () => {
  it('reports a row of a first table that earlier rows always match first', () => {
    const r = runLogicRule(tableShadowedRow, `
table T-1 "t" source "s" hit first
  | tpmt | wbc | then
  | - | < 3 10*9/L | caution azathioprine
  | { low, absent } | - | contraindicate azathioprine
  <|| low | < 2 10*9/L ||> stop azathioprine
  | normal | >= 3 10*9/L | recommend azathioprine`);
    expect(r.found).toEqual(r.expected);
    expect(r.diagnostics[0]!.message).toBe('Row 3 of table T-1 (hit first) is never hit: rows T-1.row1, T-1.row2 match every patient it matches.');
  });

  it('says so when no patient matches the row at all', () => {
    const r = runLogicRule(tableShadowedRow, `
table T-1 "t" source "s" hit first
  | tpmt | wbc | then
  | low | - | contraindicate azathioprine
  <|| normal | > 3 10*9/L and < 2 10*9/L ||> recommend azathioprine`);
    expect(r.found).toEqual(r.expected);
    expect(r.diagnostics[0]!.message).toMatch(/never hit: no patient matches it \(/);
  });

  it('is quiet on other hit policies', () => {
    expect(runLogicRule(tableShadowedRow, `table T-1 "t" source "s" hit collect\n  | tpmt | then\n  | - | caution azathioprine\n  | low | contraindicate azathioprine`).diagnostics).toEqual([]);
  });
});
