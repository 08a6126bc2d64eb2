// Decision tables in the diff: each row is compared as the rule TABLE.rowN, its condition
// written as its cells on their columns; a changed cell or hit policy shows the patients
// it moves, with witnesses; a cell respelled with the same meaning moves none.
import { describe, expect, it } from 'vitest';
import { diff, regionLines } from './helpers.js';

const table = (hit: string, rows: string) => `table T-1 "by TPMT" source "s" hit ${hit}
  | tpmt | wbc | then
${rows}
`;
const ROWS = `  | { low, absent } | - | contraindicate azathioprine
  | intermediate | - | dose azathioprine 25 mg/d
  | normal | >= 3 10*9/L | dose azathioprine 50 mg/d
  | normal | < 3 10*9/L | caution azathioprine`;

describe('decision tables in vigil diff', () => {
  it('a changed dose in one row: that row changed, the patients of its cells with a witness', () => {
    const r = diff(table('unique', ROWS), table('unique', ROWS.replace('dose azathioprine 25 mg/d', 'dose azathioprine 20 mg/d')));
    expect(r.structural.map((c) => `${c.change} ${c.id}: ${c.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`).join('; ')}`)).toEqual([
      'changed T-1.row2: dose: dose azathioprine 25 mg/d → dose azathioprine 20 mg/d',
    ]);
    expect(r.behaviourChanged).toBe(true);
    const lines = regionLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('tpmt = intermediate');
    expect(lines[0]).toContain('[tpmt=intermediate]');
  });

  it('a cell respelled ({ normal } for normal): a condition change with the same meaning', () => {
    const r = diff(table('unique', ROWS), table('unique', ROWS.replace('| normal | >= 3', '| { normal } | >= 3')));
    const c = r.structural.find((x) => x.id === 'T-1.row3')!;
    expect(c.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`)).toEqual(['condition: tpmt = normal and wbc >= 3 10*9/L → tpmt in { normal } and wbc >= 3 10*9/L']);
    expect(c.sameMeaning).toBe(true);
    expect(r.behaviourChanged).toBe(false);
  });

  it('unique to first with an overlapping catch-all row: the rows now override, and the patients the catch-all lost are found', () => {
    const before = table('collect', `${ROWS}\n  | - | < 2 10*9/L | stop azathioprine`);
    const after = table('first', `${ROWS}\n  | - | < 2 10*9/L | stop azathioprine`);
    const r = diff(before, after);
    expect(r.structural.filter((c) => c.parts.some((p) => p.part === 'overrides')).map((c) => c.id)).toEqual(['T-1.row1', 'T-1.row2', 'T-1.row3', 'T-1.row4']);
    const lines = regionLines(r).join('\n');
    expect(lines).toContain('stop azathioprine');
    expect(lines).toMatch(/wbc=1(\.\d+)? 10\*9\/L/);
  });
});
