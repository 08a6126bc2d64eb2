import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('empty-table', () => {
  it('warns about a table without rows, at its id, and not as an empty group', () => {
    const d = diagnose(`table <|T-1|> "t" source "s"
  | tpmt | then
rule R-1 "x" source "s" overrides T-1 when pregnant then caution azathioprine`);
    expect(d.found).toEqual(d.expected('VGL2032'));
    expect(d.result.diagnostics[0]!.severity).toBe('warning');
  });
  it('lets a rule override a table whole, as a group of its rows', () => {
    const d = diagnose(`table T-1 "t" source "s"
  | tpmt | then
  | - | recommend azathioprine
rule R-1 "x" source "s" overrides T-1 when pregnant then caution azathioprine`);
    expect(d.codes).toEqual([]);
    expect(d.result.ir!.rules.find((r) => r.id === 'R-1')!.overrides).toEqual(['T-1.row1']);
  });
});
