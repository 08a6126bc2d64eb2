// Expression types: memoised per node, definitions typed on demand with a guard against
// cycles, and the fact a bare `baseline`/`uln` refers to.
import type { ContextRef, Expr, NameRef } from '../../language/ast.js';
import { forEachExpr, walkExprs } from '../../language/walk.js';
import { divideUnits, multiplyUnits, parseUnit, type UnitInfo } from '../../units/units.js';
import type { DefinitionSymbol, FactSymbol, LoadedFile, SemType } from '../model.js';
import type { ModelTables } from './tables.js';

export const ERROR: SemType = { kind: 'error' };
export const BOOLEAN: SemType = { kind: 'boolean' };

/** Bare baseline/uln: the single fact named on the other side of the enclosing comparison. */
export function contextFacts(t: ModelTables, files: readonly LoadedFile[]): Map<ContextRef, FactSymbol | undefined> {
  const out = new Map<ContextRef, FactSymbol | undefined>();
  const factsIn = (e: Expr): FactSymbol[] => {
    const found: FactSymbol[] = [];
    walkExprs([e], (x) => {
      if (x.kind === 'NameRef') {
        const f = t.facts.get(x.name.value);
        if (f && !t.definitions.has(x.name.value) && !found.includes(f)) found.push(f);
      }
    });
    return found;
  };
  const contextsIn = (e: Expr): ContextRef[] => {
    const found: ContextRef[] = [];
    walkExprs([e], (x) => {
      if (x.kind === 'ContextRef') found.push(x);
    });
    return found;
  };
  for (const f of files) {
    forEachExpr(f.document, (e) => {
      if (e.kind !== 'CompareExpr') return;
      for (const [side, other] of [
        [e.left, e.right],
        [e.right, e.left],
      ] as const) {
        const refs = contextsIn(side);
        if (!refs.length) continue;
        const candidates = factsIn(other);
        for (const r of refs) out.set(r, candidates.length === 1 ? candidates[0] : undefined);
      }
    });
  }
  return out;
}

/** The typing function of a model over its tables. */
export function typer(
  t: ModelTables,
  definitionCycles: ReadonlyMap<string, readonly string[]>,
  contextFacts: ReadonlyMap<ContextRef, FactSymbol | undefined>,
  resolveValue: (ref: NameRef) => FactSymbol | DefinitionSymbol | undefined,
): (e: Expr) => SemType {
  const types = new Map<Expr, SemType>();
  const defTypes = new Map<string, SemType>();
  const defInProgress = new Set<string>();
  const defType = (d: DefinitionSymbol): SemType => {
    const known = defTypes.get(d.name);
    if (known) return known;
    if (defInProgress.has(d.name) || definitionCycles.has(d.name)) return ERROR;
    defInProgress.add(d.name);
    const ty = typeOf(d.decl.expr);
    defInProgress.delete(d.name);
    defTypes.set(d.name, ty);
    return ty;
  };

  const quantityOf = (ty: SemType): UnitInfo | undefined => (ty.kind === 'quantity' ? ty.unit : undefined);

  function compute(e: Expr): SemType {
    switch (e.kind) {
      case 'ParenExpr':
        return typeOf(e.expr);
      case 'LogicalExpr':
      case 'NotExpr':
      case 'CompareExpr':
      case 'InExpr':
      case 'PresenceExpr':
      case 'IncludesExpr':
      case 'ElapsedExpr':
        // Operands are typed too, so rules can inspect them.
        walkExprs([e], (x) => {
          if (x !== e) typeOf(x);
        });
        return BOOLEAN;
      case 'BooleanLiteral':
        return BOOLEAN;
      case 'StringLiteral':
        return { kind: 'text' };
      case 'QuantityLiteral': {
        const u = parseUnit(e.unit ? e.unit.text : '1');
        return u.ok ? { kind: 'quantity', unit: u.unit } : ERROR;
      }
      case 'NameRef': {
        const s = resolveValue(e);
        if (!s) return { kind: 'symbol', name: e.name.value };
        if (s.kind === 'definition') return defType(s);
        const ty = s.type;
        return ty.kind === 'enum' ? { kind: 'enum', values: ty.values, fact: s.name } : ty;
      }
      case 'MemberRef': {
        const f = t.facts.get(e.object.value);
        if (!f || !(e.member === 'baseline' ? f.baseline : f.uln)) return ERROR;
        return f.type;
      }
      case 'ContextRef': {
        const f = contextFacts.get(e);
        if (!f || !(e.which === 'baseline' ? f.baseline : f.uln)) return ERROR;
        return f.type;
      }
      case 'NegateExpr': {
        const ty = typeOf(e.operand);
        return ty.kind === 'quantity' ? ty : ERROR;
      }
      case 'ArithmeticExpr': {
        const l = quantityOf(typeOf(e.left));
        const r = quantityOf(typeOf(e.right));
        if (!l || !r) return ERROR;
        if (e.op === '*') return { kind: 'quantity', unit: multiplyUnits(l, r) };
        if (e.op === '/') return { kind: 'quantity', unit: divideUnits(l, r) };
        return l.dimension === r.dimension ? { kind: 'quantity', unit: l } : ERROR;
      }
    }
  }

  function typeOf(e: Expr): SemType {
    let ty = types.get(e);
    if (!ty) {
      ty = compute(e);
      types.set(e, ty);
    }
    return ty;
  }
  return typeOf;
}
