// Decision tables in the generated engine: each row decides as the rule TABLE.rowN, the hit
// policy through the rows' overrides (first: the earliest matching row; priority: the most
// severe output; collect: every matching row), and explanations quote the cell on its column.
import { checkText } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { instantiateEngine } from '../load.js';

const FACTS = `ruleset t version "1"
facts {
  tpmt: enum { normal, intermediate, poor }
  wbc: quantity 10*9/L
  weight: quantity kg range 1 kg to 300 kg
}
define standard azathioprine "std" = 2 mg/kg/d * weight
`;
const ROWS = `
  | tpmt         | wbc          | then
  | poor         | -            | contraindicate azathioprine
  | -            | < 2.5 10*9/L | stop azathioprine
  | intermediate | -            | dose azathioprine 30% to 70% of standard
  | -            | -            | dose azathioprine 100% of standard
`;
const engine = (hit: string, rows = ROWS) => {
  const r = checkText(`${FACTS}table T-1 "t" source "s" hit ${hit}${rows}`, '/memory/t.vigil');
  if (!r.ir) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return instantiateEngine(r.ir);
};
const decided = (e: ReturnType<typeof engine>, facts: object) => e.evaluate(facts).decisions.map((d) => `${d.rule} ${d.action}`);

describe('decision tables in the engine', () => {
  it('first: the earliest matching row decides, later matching rows are reported overridden by it', () => {
    const e = engine('first');
    expect(decided(e, { tpmt: 'poor', wbc: '2 10*9/L', weight: '60 kg' })).toEqual(['T-1.row1 contraindicate']);
    const r = e.evaluate({ tpmt: 'intermediate', wbc: '6 10*9/L', weight: '60 kg' });
    expect(r.decisions.map((d) => `${d.rule} ${d.action}`)).toEqual(['T-1.row3 dose']);
    expect(r.decisions[0]!.dose).toMatchObject({ low: 36, high: 84, unit: 'mg/d' });
    expect(r.overridden.map((o) => `${o.rule} by ${o.by}`)).toEqual(['T-1.row4 by T-1.row3']);
    expect(decided(e, { tpmt: 'normal', wbc: '6 10*9/L', weight: '60 kg' })).toEqual(['T-1.row4 dose']);
  });

  it('first: a row not evaluable (an input missing) does not hide the rows after it', () => {
    const r = engine('first').evaluate({ tpmt: 'normal', weight: '60 kg' });
    expect(r.notEvaluable.map((n) => n.rule)).toEqual(['T-1.row2']);
    expect(r.decisions.map((d) => d.rule)).toEqual(['T-1.row4']);
  });

  it('priority: the most severe output wins whatever the row order; collect: every matching row', () => {
    // Two doses of one rank would tie (VGL5022): the last row is for normal TPMT only here.
    const rows = ROWS.replace('| -            | -            | dose azathioprine 100%', '| normal       | -            | dose azathioprine 100%');
    expect(decided(engine('priority', rows), { tpmt: 'intermediate', wbc: '2 10*9/L', weight: '60 kg' })).toEqual(['T-1.row2 stop']);
    expect(decided(engine('priority', rows), { tpmt: 'poor', wbc: '2 10*9/L', weight: '60 kg' })).toEqual(['T-1.row1 contraindicate']);
    expect(decided(engine('collect', rows), { tpmt: 'intermediate', wbc: '2 10*9/L', weight: '60 kg' }).sort()).toEqual(['T-1.row2 stop', 'T-1.row3 dose']);
  });

  it('explains a row by its cells, each on its column', () => {
    const r = engine('first').evaluate({ tpmt: 'poor', wbc: '6 10*9/L', weight: '60 kg' }, { explain: true } as never);
    const ir = checkText(`${FACTS}table T-1 "t" source "s" hit first${ROWS}`, '/memory/t.vigil').ir!;
    const texts = JSON.stringify(ir.rules.map((x) => x.when));
    expect(texts).toContain('"text":"tpmt = poor"');
    expect(texts).toContain('"text":"wbc < 2.5 10*9/L"');
    expect(r.decisions[0]!.rule).toBe('T-1.row1');
  });
});
