import { describe, expect, it } from 'vitest';
import { checkText } from '../pipeline.js';
import { BASE_FACTS } from '../../test-support/markers.js';
import type { IrAtom, IrExpr, IrProgram } from './ir.js';
import { irAtomInputs, irChildren, irProgramExpressions, irRuleExpressions, isIrAtom, mapIrChildren, someIr, walkIr } from './walk.js';

function lower(snippet: string): IrProgram {
  const r = checkText(BASE_FACTS + snippet);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.ir!;
}

const IR = lower(`define low_counts = wbc < 2.5 10*9/L or platelets < 50 10*9/L
define on_xoi = meds includes xoi
rule R-1 "x" source "s" when low_counts and not (tpmt in { low, absent } or on_xoi) unless low_counts
  then contraindicate azathioprine
rule R-2 "y" source "s" when alt >= 5 x baseline and -(alt - 3 U/L) * 2 < alt.uln and last_dose is missing and weight * 1 mg/g/d > daily_dose
  then dose azathioprine 2 mg/kg/d * weight
`);
const definitions = new Map(IR.definitions.map((d) => [d.name, d]));

describe('IR walker', () => {
  it('finds every atom of a program once, walking definitions and rules without entering refs', () => {
    const ids: number[] = [];
    for (const e of irProgramExpressions(IR)) walkIr(e, (x) => void (isIrAtom(x) && ids.push(x.atom)));
    expect(ids.sort((a, b) => a - b)).toEqual([...Array(IR.atomCount).keys()]);
  });

  it('visits in pre-order, source order, following each definition once and telling where it is', () => {
    const seen: string[] = [];
    const entered = new Set<string>();
    const rule = IR.rules[0]!;
    for (const root of [rule.when!, ...rule.unless])
      walkIr(root, (e, at) => void (isIrAtom(e) && seen.push(`${e.text}|${at.definition ?? '-'}|${at.negated ? 'not' : ''}`)), { definitions, entered });
    expect(seen).toEqual(['wbc < 2.5 10*9/L|low_counts|', 'platelets < 50 10*9/L|low_counts|', 'tpmt in { low, absent }|-|not', 'meds includes xoi|on_xoi|not']);
    expect([...entered]).toEqual(['low_counts', 'on_xoi']);
  });

  it('skips the sub-expressions of a node whose visit returns false', () => {
    const kinds: string[] = [];
    walkIr(IR.rules[1]!.when!, (e) => {
      kinds.push(e.kind);
      return e.kind !== 'compare';
    });
    expect(kinds).toEqual(['and', 'compare', 'compare', 'presence', 'compare']);
    expect(someIr(IR.rules[0]!.when!, (e) => e.kind === 'includes')).toBe(false);
    expect(someIr(IR.rules[0]!.when!, (e) => e.kind === 'includes', { definitions })).toBe(true);
  });

  it('rebuilds a node from mapped children, and leaves leaves as they are', () => {
    const all: IrExpr[] = [];
    for (const e of irProgramExpressions(IR)) walkIr(e, (x) => void all.push(x));
    expect(new Set(all.map((e) => e.kind))).toEqual(new Set(['or', 'compare', 'fact', 'quantity', 'includes', 'and', 'ref', 'not', 'in', 'arith', 'negate', 'presence', 'scale']));
    for (const e of all) {
      const copy = mapIrChildren(e, (c) => c);
      expect(copy).toEqual(e);
      expect(copy === e).toBe(irChildren(e).length === 0);
      expect(irChildren(mapIrChildren(e, () => ({ kind: 'boolean', value: true })))).toEqual(irChildren(e).map(() => ({ kind: 'boolean', value: true })));
    }
  });

  it("names an atom's input keys, parts included, each once", () => {
    const atoms = new Map<string, IrAtom>();
    for (const e of irRuleExpressions(IR.rules[1]!)) walkIr(e, (x) => void (isIrAtom(x) && atoms.set(x.text, x)));
    expect([...atoms.keys()].map((t) => [t, irAtomInputs(atoms.get(t)!)])).toEqual([
      ['alt >= 5 x baseline', ['alt', 'alt_baseline']],
      ['-(alt - 3 U/L) * 2 < alt.uln', ['alt', 'alt_uln']],
      ['last_dose is missing', ['last_dose']],
      ['weight * 1 mg/g/d > daily_dose', ['weight', 'daily_dose']],
    ]);
  });
});
