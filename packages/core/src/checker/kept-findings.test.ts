import { describe, expect, it } from 'vitest';
import { checkTexts, clearParseCache } from '../pipeline.js';
import { BASE_FACTS } from '../../test-support/markers.js';

const FIRST = '/kept/a.vigil';
const SECOND = '/kept/b.vigil';

/** Diagnostics of `after` checked after `before` (through every cache), and from scratch. */
function incrementalAndFresh(before: Map<string, string>, after: Map<string, string>) {
  clearParseCache();
  checkTexts(before);
  const incremental = checkTexts(after).diagnostics;
  clearParseCache();
  return { incremental, fresh: checkTexts(after).diagnostics };
}

describe('findings kept per declaration', () => {
  const a = BASE_FACTS + `define low = wbc < 2 10*9/L\n`;
  const b = `rule R-1 "x" source "s" when low then caution azathioprine\nrule R-2 "y" source "s" when platelets < 50 10*9/L then caution azathioprine\n`;

  it('checks a kept rule again when a definition it names changes type', () => {
    const after = new Map([[FIRST, a.replace('wbc < 2 10*9/L', 'wbc')], [SECOND, b]]);
    const { incremental, fresh } = incrementalAndFresh(new Map([[FIRST, a], [SECOND, b]]), after);
    expect(incremental).toEqual(fresh);
    expect(fresh.map((d) => d.code)).toContain('VGL3002');
  });

  it('keeps the findings of rules when a definition keeps its type', () => {
    const before = new Map([[FIRST, a], [SECOND, b.replace('platelets < 50', 'platelets < tpmt')]]);
    const after = new Map([[FIRST, a.replace('< 2 10*9/L', '< 3 10*9/L')], [SECOND, b.replace('platelets < 50', 'platelets < tpmt')]]);
    const { incremental, fresh } = incrementalAndFresh(before, after);
    expect(incremental).toEqual(fresh);
    expect(fresh.length).toBeGreaterThan(0);
  });

  it('checks a kept rule again when a fact it names changes', () => {
    const after = new Map([[FIRST, a.replace('platelets: quantity 10*9/L', 'platelets: quantity mg')], [SECOND, b]]);
    const { incremental, fresh } = incrementalAndFresh(new Map([[FIRST, a], [SECOND, b]]), after);
    expect(incremental).toEqual(fresh);
    expect(fresh.length).toBeGreaterThan(0);
  });
});
