// Row coverage of decision tables: a row counts when it decided in some case (fired and was
// not overridden), so the later row of a `first` table that only ever matched behind an
// earlier one is reported as never deciding; rule sets without tables report no row figure.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderText, runTests } from '../src/index.js';
import { DEMO, tempTree } from './helpers.js';

const RULES = `ruleset t version "1"
facts {
  tpmt: enum { normal, low }
  wbc: quantity 10*9/L
}
table T-1 "t" source "s" hit first
  | tpmt | wbc          | then
  | low  | -            | contraindicate azathioprine
  | -    | < 3 10*9/L   | caution azathioprine
  | -    | -            | recommend azathioprine
rule R-1 "tpmt unknown" source "s" when tpmt is missing then order tpmt_test
rule R-2 "wbc unknown" source "s" when wbc is missing then order cbc
`;
const cases = (rows: string) => `as_of: 2026-01-15T09:00:00Z
cases:
${rows}`;

describe('row coverage', () => {
  it('counts a row that decided, not one overridden by an earlier row', async () => {
    const dir = tempTree({
      't/t.vigil': RULES,
      't/tests/t.cases.yaml': cases(`  - name: low TPMT
    facts: { tpmt: low, wbc: "2 10*9/L" }
    expect: { decisions: [{ rule: T-1.row1 }] }
  - name: normal
    facts: { tpmt: normal, wbc: "6 10*9/L" }
    expect: { decisions: [{ rule: T-1.row3 }] }
`),
    });
    const report = await runTests({ paths: [join(dir, 't')], coverage: true, cwd: dir });
    const set = report.coverage!.ruleSets[0]!;
    // Row 2 matched the first case too, behind row 1: it fired (rule coverage) but never decided.
    expect(set.rules.find((r) => r.rule === 'T-1.row2')).toMatchObject({ fired: 1, overridden: 1 });
    expect(set.rowsNeverHit).toEqual(['T-1.row2']);
    expect(set.totals).toMatchObject({ rows: 3, rowsHit: 2, rowPercent: 66.7 });
    const text = renderText(report, { cwd: dir });
    expect(text).toContain('table rows:   2/3 decided in some case (66.7%)');
    expect(text).toContain('table rows that never decided: T-1.row2');
    expect(text).toMatch(/Coverage: rules [\d.]+%, branches [\d.]+%, rows 66\.7%/);
  });

  it('reports no row figure for a rule set without tables', async () => {
    const report = await runTests({ paths: [DEMO], coverage: true });
    expect(report.coverage!.totals.rows).toBeUndefined();
    expect(renderText(report, { cwd: DEMO })).not.toContain('rows');
  });
});
