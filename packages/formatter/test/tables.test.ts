// Decision tables in the canonical layout: clauses one per line, the header and one line per
// row with each column as wide as its widest cell, a row's sources and strength under it;
// the output parses to the same table, and formatting it again changes nothing.
import { describe, expect, test } from 'vitest';
import { format } from '../src/index.js';
import { parseShape } from './support.js';

function fmt(text: string): string {
  const out = format(text, '/t.vigil');
  if (out === undefined) throw new Error(`not formatted:\n${text}`);
  return out;
}

const MESSY = `table T-1 "By TPMT" hit first source "s" strength strong group g
  |tpmt|wbc|then
  | poor | - |contraindicate azathioprine because "x"
  |{intermediate,normal} and not normal| >=2.5 10*9/L and <   4 10*9/L | dose azathioprine 50 mg/d then monitor cbc every 1 wk source "row" strength moderate
  | missing|2 10*9/L to 3 10*9/L|advise because "test"   // ask for the test
  | true |- |caution azathioprine
`;

describe('decision tables', () => {
  test('align the columns, one row per line', () => {
    expect(fmt(MESSY)).toBe(`table T-1 "By TPMT"
  source "s"
  strength strong
  group g
  hit first
  | tpmt                                    | wbc                          | then
  | poor                                    | -                            | contraindicate azathioprine because "x"
  | { intermediate, normal } and not normal | >= 2.5 10*9/L and < 4 10*9/L | dose azathioprine 50 mg/d then monitor cbc every 1 wk
    source "row"
    strength moderate
  | missing                                 | 2 10*9/L to 3 10*9/L         | advise because "test" // ask for the test
  | true                                    | -                            | caution azathioprine
`);
  });

  test('round trip: the same table, and a fixed point', () => {
    const once = fmt(MESSY);
    expect(fmt(once)).toBe(once);
    expect(parseShape(once)).toEqual(parseShape(MESSY));
  });
});
