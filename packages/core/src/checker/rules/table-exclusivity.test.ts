import { describe, expect, it } from 'vitest';
import { runLogicRule } from '../../../test-support/analysis.js';
import { diagnose } from '../test-util.js';
import { tableExclusivity } from './table-exclusivity.js';

// An overlap in a unique table is an error, so the snippet has no IR for runLogicRule: the whole check runs.
const check = (snippet: string, code: string) => {
  const d = diagnose(snippet);
  const found = d.of(code);
  return { diagnostics: found, found: found.map((x) => [x.range.start.offset, x.range.end.offset]), expected: d.marked.ranges.map((x) => [x.start, x.end]) };
};

describe('table-exclusivity', () => {
  it('reports two rows of a unique table that match one patient, at the later row, with a witness', () => {
    const r = check(`
table T-1 "t" source "s"
  | tpmt | wbc | then
  | low | - | contraindicate azathioprine
  <|| - | < 2 10*9/L ||> stop azathioprine
  | normal | >= 2 10*9/L | recommend azathioprine`, 'VGL5021');
    expect(r.found).toEqual(r.expected);
    expect(r.diagnostics[0]!.code).toBe('VGL5021');
    expect(r.diagnostics[0]!.message).toMatch(/^Rows T-1.row1 and T-1.row2 of table T-1 \(hit unique\) both match one patient; witness: tpmt=low, wbc=1\.?\d* 10\*9\/L\./);
    expect(r.diagnostics[0]!.related?.[0]?.message).toBe('Row T-1.row1');
  });

  it('reports rows of a priority table whose different outputs rank alike, and not those a higher rank settles', () => {
    const r = check(`
table T-1 "t" source "s" hit priority
  | tpmt | pregnant | then
  | low | - | contraindicate azathioprine
  | - | true | caution azathioprine
  | { low, intermediate } | - | dose azathioprine 25 mg/d
  <|| intermediate | - ||> dose azathioprine 50 mg/d
  <|| intermediate | - ||> dose azathioprine 25 mg/d`, 'VGL5022');
    expect(r.found).toEqual(r.expected);
    expect(r.diagnostics[0]!.code).toBe('VGL5022');
    // Rows 3 and 5 give the same dose: no tie between them.
    expect(r.diagnostics.map((d) => d.data?.rows)).toEqual([['T-1.row3', 'T-1.row4'], ['T-1.row4', 'T-1.row5']]);
    expect(r.diagnostics[0]!.message).toContain('Rows T-1.row3 and T-1.row4 of table T-1 (hit priority) both match one patient with different outputs of the same priority (dose)');
  });

  it('leaves first and collect tables alone', () => {
    const rows = `\n  | tpmt | then\n  | low | contraindicate azathioprine\n  | - | recommend azathioprine`;
    expect(runLogicRule(tableExclusivity, `table T-1 "t" source "s" hit first${rows}`).diagnostics).toEqual([]);
    expect(runLogicRule(tableExclusivity, `table T-1 "t" source "s" hit collect${rows}`).diagnostics).toEqual([]);
  });
});
