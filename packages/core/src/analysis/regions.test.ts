import { describe, expect, it } from 'vitest';
import { regions } from './regions.js';
import { evaluate, IrBuilder } from '../../test-support/analysis.js';

const NOW = new Date('2025-03-10T00:00:00Z');

describe('regions', () => {
  it('splits quantities at every cut point with the right ends', () => {
    const b = new IrBuilder().quantity('wbc', '10*9/L');
    const lt = b.lt('wbc', '2.5 10*9/L');
    const ge = b.ge('wbc', '3.0 10*9/L');
    const le = b.le('wbc', '4 10*9/L');
    const gt = b.gt('wbc', '4 10*9/L');
    const r = regions(b.build(), [b.or(lt, ge), b.and(le, gt)], { now: NOW });
    expect(r.axes).toEqual([
      {
        part: 'wbc',
        pieces: ['wbc is missing', 'wbc < 2.5 10*9/L', 'wbc in [2.5, 3) 10*9/L', 'wbc in [3, 4] 10*9/L', 'wbc > 4 10*9/L'],
      },
    ]);
    expect(r.cells.map((c) => c.patient.text)).toEqual(['wbc missing', 'wbc=2.4 10*9/L', 'wbc=2.5 10*9/L', 'wbc=3 10*9/L', 'wbc=4.1 10*9/L']);
    expect(r).toMatchObject({ totalCells: 5, explored: 5, complete: true, summary: 'explored 5 of 5 cells', unsplit: [] });
  });

  it('makes a point piece where both sides own a value', () => {
    const b = new IrBuilder().quantity('wbc', '10*9/L');
    const r = regions(b.build(), [b.lt('wbc', '2 10*9/L'), b.le('wbc', '2 10*9/L')], { now: NOW });
    expect(r.axes[0]!.pieces).toEqual(['wbc is missing', 'wbc < 2 10*9/L', 'wbc = 2 10*9/L', 'wbc > 2 10*9/L']);
  });

  it('gives each cell a representative on which every split atom is constant', () => {
    const b = new IrBuilder()
      .quantity('wbc', '10*9/L')
      .enumFact('tpmt', ['normal', 'intermediate', 'low', 'absent'])
      .set('meds')
      .boolean('pregnant')
      .date('last_dose');
    const atoms = [b.lt('wbc', '2.5 10*9/L'), b.in('tpmt', ['low', 'absent']), b.includes('meds', ['allopurinol', 'febuxostat']), b.truth('pregnant'), b.elapsed('last_dose', '>', '2')];
    const program = b.build();
    const r = regions(program, [b.and(...atoms)], { now: NOW });
    expect(r.axes.map((a) => a.pieces.length)).toEqual([3, 4, 5, 3, 3]);
    expect(r.totalCells).toBe(540);
    expect(r.complete).toBe(true);
    // Each distinct conditions list describes a different patient; every atom has a definite value per cell.
    const seen = new Set(r.cells.map((c) => c.description));
    expect(seen.size).toBe(540);
    const cell = r.cells.find((c) => c.description === 'wbc < 2.5 10*9/L, tpmt in { normal, intermediate }, meds includes allopurinol, not febuxostat, pregnant = true, days since last_dose > 2')!;
    expect(cell.patient.facts).toEqual({ wbc: '2.4 10*9/L', tpmt: 'normal', meds: ['allopurinol'], pregnant: true, last_dose: '2025-03-07T00:00:00.000Z' });
    for (const a of atoms) expect(evaluate(program, a, cell.patient.facts, NOW)).not.toBe('unknown');
  });

  it('reports what it did not explore and what it did not split on', () => {
    const b = new IrBuilder().quantity('alt', 'U/L', { baseline: true }).enumFact('e', ['a', 'b', 'c', 'd']);
    const ratio = b.ge('alt', b.times('5', b.f('alt.baseline')));
    const r = regions(b.build(), [ratio, b.in('e', ['a']), b.in('e', ['b']), b.in('e', ['c'])], { now: NOW, maxCells: 10 });
    expect(r.unsplit).toEqual(['alt >= 5 x alt.baseline']);
    expect(r.totalCells).toBe(2 * 2 * 5);
    expect(r).toMatchObject({ explored: 10, complete: false, summary: 'explored 10 of 20 cells; not explored: 10 cells (indices 10–19)' });
  });
});
