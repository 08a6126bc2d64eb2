import { describe, expect, it } from 'vitest';
import { checkText } from '../pipeline.js';
import { BASE_FACTS } from '../../test-support/markers.js';
import type { IrExpr } from './ir.js';
import { walkIr } from './walk.js';

function lower(snippet: string) {
  const r = checkText(BASE_FACTS + snippet);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.ir!;
}

const atoms = (e: IrExpr | undefined): number[] => {
  const out: number[] = [];
  if (e) walkIr(e, (x) => void ('atom' in x && out.push(x.atom)));
  return out;
};

describe('lowering otherwise', () => {
  it("is its scope and not the disjunction of its siblings' conditions (with their unless), with atoms of its own", () => {
    const ir = lower(`groups { g }
rule A-1 "a" source "s" group g when wbc > 2 10*9/L unless pregnant then dose azathioprine 50 mg/d
rule A-2 "b" source "s" group g when wbc < 2 10*9/L then dose azathioprine 25 mg/d
rule A-3 "c" source "s" group g otherwise when tpmt = normal then caution azathioprine`);
    const r = ir.rules.find((x) => x.id === 'A-3')!;
    expect(r.when!.kind).toBe('and');
    const [scope, complement] = (r.when as Extract<IrExpr, { kind: 'and' }>).args;
    expect(scope).toMatchObject({ kind: 'compare', text: 'tpmt = normal' });
    expect(complement).toMatchObject({
      kind: 'not',
      arg: {
        kind: 'or',
        args: [
          { kind: 'and', args: [{ kind: 'compare', text: 'wbc > 2 10*9/L' }, { kind: 'not', arg: { kind: 'truth', text: 'pregnant' } }] },
          { kind: 'compare', text: 'wbc < 2 10*9/L' },
        ],
      },
    });
    const all = ir.rules.flatMap((x) => [...atoms(x.when), ...x.unless.flatMap(atoms)]);
    expect(new Set(all).size).toBe(all.length);
    expect(ir.atomCount).toBe(all.length);
  });
  it('without a when, a sibling without a when makes the complement false', () => {
    const ir = lower(`groups { g }
rule A-1 "a" source "s" group g then advise because "always"
rule A-3 "c" source "s" group g otherwise then caution azathioprine`);
    expect(ir.rules[1]!.when).toEqual({ kind: 'not', arg: { kind: 'boolean', value: true } });
  });
  it('names the group with `in` when the rule joins several', () => {
    const ir = lower(`groups { g h }
rule A-1 "a" source "s" group g when pregnant then advise because "p"
rule A-2 "b" source "s" group h when allograft then advise because "q"
rule A-3 "c" source "s" group g, h otherwise in h then caution azathioprine`);
    expect(ir.rules[2]!.when).toMatchObject({ kind: 'not', arg: { kind: 'truth', text: 'allograft' } });
  });
});
