// One program holding the conditions of both versions, so the region engine can split
// the patient space at the thresholds either version mentions. The old program is kept
// as it is; the new one's atoms are renumbered after the old ones, its definitions are
// renamed apart, and its facts are read in the old fact's unit (through an exact scale
// factor) when the unit of a fact changed.
import { Rational, isIrAtom, mapIrChildren, type IrExpr, type IrFact, type IrProgram, type IrType } from '@vigil/core';

export interface MergedProgram {
  readonly program: IrProgram;
  /** A new-side expression in the merged program's terms. */
  mapNew(e: IrExpr): IrExpr;
  /** Facts whose types differ in a way the merge cannot reconcile (then not analysed). */
  readonly incompatible: readonly string[];
}

const NEW_PREFIX = 'new\u00b7';

function unionType(a: IrType, b: IrType): IrType | undefined {
  if (a.kind === 'enum' && b.kind === 'enum') return { kind: 'enum', values: [...a.values, ...b.values.filter((v) => !a.values.includes(v))] };
  if (a.kind === 'set' && b.kind === 'set') {
    const element = unionType(a.element, b.element);
    return element ? { kind: 'set', element } : undefined;
  }
  if (a.kind === 'quantity' && b.kind === 'quantity') return a.dimension === b.dimension ? a : undefined;
  return a.kind === b.kind ? a : undefined;
}

export function mergePrograms(oldP: IrProgram, newP: IrProgram): MergedProgram {
  const facts: IrFact[] = [];
  const incompatible: string[] = [];
  /** new unit → old unit factor, for quantity facts whose unit changed: value_old = value_new × factor. */
  const rescale = new Map<string, { factor: string; unit: string; dimension: string }>();
  const types = new Map<string, IrType>();
  const newFacts = new Map(newP.facts.map((f) => [f.name, f]));
  for (const f of oldP.facts) {
    const g = newFacts.get(f.name);
    let type = f.type;
    if (g) {
      const u = unionType(f.type, g.type);
      if (!u) incompatible.push(f.name);
      else type = u;
      if (f.type.kind === 'quantity' && g.type.kind === 'quantity' && u && f.type.unit !== g.type.unit) {
        // A value in the new unit, times this, is a value in the old unit.
        const accepted = f.acceptedUnits?.find((a) => a.unit === (g.type as { unit: string }).unit);
        if (accepted) rescale.set(f.name, { factor: accepted.factor, unit: f.type.unit, dimension: f.type.dimension });
        else incompatible.push(f.name);
      }
    }
    types.set(f.name, type);
    facts.push({ ...f, type, baseline: f.baseline || (g?.baseline ?? false), uln: f.uln || (g?.uln ?? false) });
  }
  for (const g of newP.facts) {
    if (types.has(g.name)) continue;
    types.set(g.name, g.type);
    facts.push(g);
  }
  const offset = oldP.atomCount;
  const cache = new WeakMap<object, IrExpr>();
  const mapNew = (e: IrExpr): IrExpr => {
    const hit = cache.get(e);
    if (hit) return hit;
    const out = mapExpr(e);
    cache.set(e, out);
    return out;
  };
  const mapExpr = (e: IrExpr): IrExpr => {
    switch (e.kind) {
      case 'fact': {
        const type = types.get(e.ref.fact) ?? e.type;
        const r = rescale.get(e.ref.fact);
        const fact: IrExpr = { ...e, type: e.ref.part === 'value' || type.kind === 'quantity' ? type : e.type };
        if (!r) return fact;
        // The merged fact holds old-unit values; the new rules read new-unit values: x_new = x_old / factor.
        return { kind: 'scale', arg: fact, factor: Rational.ONE.div(Rational.parse(r.factor)).toExact(), unit: (e.type as { unit: string }).unit, dimension: r.dimension };
      }
      case 'ref':
        return { ...e, definition: NEW_PREFIX + e.definition };
      default: {
        const mapped = mapIrChildren(e, mapNew);
        // Atoms of the new program are numbered after the old program's.
        return isIrAtom(e) ? ({ ...mapped, atom: e.atom + offset } as IrExpr) : mapped;
      }
    }
  };
  const program: IrProgram = {
    irVersion: oldP.irVersion,
    ruleset: oldP.ruleset,
    facts,
    valueSets: [...oldP.valueSets, ...newP.valueSets.filter((v) => !oldP.valueSets.some((o) => o.name === v.name))],
    definitions: [...oldP.definitions, ...newP.definitions.map((d) => ({ ...d, name: NEW_PREFIX + d.name, expr: mapNew(d.expr) }))],
    rules: [],
    protocols: [],
    atomCount: oldP.atomCount + newP.atomCount,
  };
  return { program, mapNew, incompatible };
}
