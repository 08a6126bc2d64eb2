import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTexts, clearParseCache } from '../../pipeline.js';
import { BASE_FACTS } from '../../../test-support/markers.js';

const FIRST = '/kept/a.vigil';
const SECOND = '/kept/b.vigil';

/** The IR of `texts` checked after `before` (through every cache), and checked from scratch. */
function incrementalAndFresh(before: Map<string, string>, texts: Map<string, string>) {
  clearParseCache();
  expect(checkTexts(before).ir).toBeDefined();
  const incremental = checkTexts(texts).ir;
  clearParseCache();
  return { incremental, fresh: checkTexts(texts).ir };
}

describe('lowering kept across checks', () => {
  const a = BASE_FACTS + `rule R-1 "x" source "s" when wbc < 2 10*9/L then caution azathioprine\n`;
  const b = `rule R-2 "y" source "s" when platelets < 50 10*9/L and tpmt = low then caution azathioprine\nrule R-3 "z" source "s" when tpmt = low then dose azathioprine 25 mg\n`;

  it('renumbers the kept rules when an edit before them adds atoms', () => {
    const before = new Map([[FIRST, a], [SECOND, b]]);
    const after = new Map([[FIRST, a.replace('wbc < 2 10*9/L', 'wbc < 2 10*9/L and platelets < 100 10*9/L')], [SECOND, b]]);
    const { incremental, fresh } = incrementalAndFresh(before, after);
    expect(incremental).toEqual(fresh);
    // R-2's atoms follow R-1's two.
    expect(incremental!.rules[1]!.when).toMatchObject({ kind: 'and', args: [{ atom: 2 }, { atom: 3 }] });
  });

  it('lowers a kept rule again when a fact it reads changes type', () => {
    const before = new Map([[FIRST, a], [SECOND, b]]);
    const after = new Map([[FIRST, a.replace('platelets: quantity 10*9/L', 'platelets: quantity /uL')], [SECOND, b]]);
    const { incremental, fresh } = incrementalAndFresh(before, after);
    expect(incremental).toEqual(fresh);
  });

  it('lowers a kept dose again when its drug is dosed in another unit', () => {
    const before = new Map([[FIRST, a], [SECOND, b]]);
    const after = new Map([[FIRST, a + `rule R-0 "w" source "s" when wbc < 1 10*9/L then dose azathioprine 1 g\n`], [SECOND, b]]);
    const { incremental, fresh } = incrementalAndFresh(before, after);
    expect(incremental).toEqual(fresh);
  });
});

describe('a decision table kept across checks', () => {
  const pgx = readFileSync(join(import.meta.dirname, '../../../../../rules/azathioprine-pgx/pgx.vigil'), 'utf8');
  const PGX = '/kept/pgx.vigil';

  it('gives the IR of a fresh lowering when a rule before the table adds atoms, and when a cell changes', () => {
    const before = new Map([['/kept/0.vigil', 'rule AZA-PGX-X "x" source "s" when tpmt = poor then caution azathioprine\n'], [PGX, pgx]]);
    // A rule in a file before the table's gets one more atom: every row's atoms move.
    const moved = incrementalAndFresh(before, new Map([['/kept/0.vigil', 'rule AZA-PGX-X "x" source "s" when tpmt = poor and nudt15 = poor then caution azathioprine\n'], [PGX, pgx]]));
    expect(moved.incremental).toEqual(moved.fresh);
    expect(moved.fresh).toBeDefined();
    const cell = incrementalAndFresh(new Map([[PGX, pgx]]), new Map([[PGX, pgx.replace('dose azathioprine 30% to 70% of standard', 'dose azathioprine 40% to 70% of standard')]]));
    expect(cell.fresh).toBeDefined();
    expect(cell.incremental).toEqual(cell.fresh);
  });
});

describe('an otherwise rule kept across checks', () => {
  const text = (threshold: string) =>
    BASE_FACTS +
    `groups { low_counts }\n` +
    `rule R-LOW "low" source "s" group low_counts when wbc < ${threshold} 10*9/L then caution azathioprine\n` +
    `rule R-ELSE "else" source "s" group low_counts otherwise then monitor cbc every 4 wk\n`;

  it('is lowered again when a sibling changes, though its own text did not', () => {
    const { incremental, fresh } = incrementalAndFresh(new Map([[FIRST, text('2')]]), new Map([[FIRST, text('3')]]));
    expect(fresh).toBeDefined();
    expect(JSON.stringify(fresh!.rules.find((r) => r.id === 'R-ELSE')!.when)).toContain('"value":"3"');
    expect(incremental).toEqual(fresh);
  });
});
