import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { instantiateEngine } from '@vigil/compiler';
import { atomsSeenFromTraces, suggestCaseData, suggestCases } from '../src/index.js';
import { NOW, side } from './helpers.js';

const RULES = `rule R-1 "Low white cell count" source "s" when wbc < 2.5 10*9/L and tpmt = normal then stop azathioprine because "m"
rule R-2 "Absent TPMT" source "s" when tpmt in { low, absent } then contraindicate azathioprine because "m"
`;

describe('suggestCases', () => {
  const ir = side('rules', RULES).check.ir!;
  const engine = instantiateEngine(ir);

  it('synthesises a case for every atom value the fixtures never saw, with the decisions the rules give', () => {
    // The fixtures saw one patient: normal TPMT, normal white cells.
    const trace = engine.evaluate({ wbc: '6 10*9/L', tpmt: 'normal' }, { now: NOW, trace: true }).atoms!;
    const seen = atomsSeenFromTraces([trace]);
    expect([...seen.true].sort()).toEqual([1]);
    expect([...seen.false].sort()).toEqual([0, 2]);
    const data = suggestCaseData(ir, seen, { now: NOW });
    expect(data.map((c) => [c.name, c.facts, c.decisions.map((d) => `${d.action} ${d.rule}`)])).toEqual([
      ['R-1: wbc < 2.5 10*9/L is true', { wbc: '2.4 10*9/L', tpmt: 'normal' }, ['stop R-1']],
      ['R-1: tpmt = normal is false', { wbc: '2.5 10*9/L', tpmt: 'intermediate' }, []],
      ['R-2: tpmt in { low, absent } is true', { tpmt: 'low' }, ['contraindicate R-2']],
    ]);
    // Each suggested patient gives its atom the wanted value.
    for (const c of data) {
      const atoms = engine.evaluate(c.facts, { now: NOW, trace: true }).atoms!;
      expect(atoms[c.atom]).toBe(c.want === 'true' ? 1 : 0);
    }
  });

  it('writes the cases as a YAML fixture', () => {
    const yaml = suggestCases(ir, { true: new Set([0, 1, 2]), false: new Set([0, 2]) }, { now: NOW });
    expect(parse(yaml)).toEqual({
      now: '2026-03-01T00:00:00.000Z',
      cases: [{ name: 'R-1: tpmt = normal is false', facts: { wbc: '2.5 10*9/L', tpmt: 'intermediate' }, expect: { decisions: [] } }],
    });
    expect(suggestCases(ir, { true: new Set([0, 1, 2]), false: new Set([0, 1, 2]) })).toBe('');
  });
});
