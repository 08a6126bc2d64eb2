// Expression types: memoised per node, definitions typed on demand with a guard against
// cycles, and the fact a bare `baseline`/`uln` refers to.
import type { ContextRef, Declaration, Expr, NameRef } from '../../language/ast.js';
import { declarationExprList, walkExprs } from '../../language/walk.js';
import { divideUnits, multiplyUnits, parseUnit, type UnitInfo } from '../../units/units.js';
import type { DefinitionSymbol, FactSymbol, LoadedFile, SemType } from '../model.js';
import type { ModelTables } from './tables.js';

export const ERROR: SemType = { kind: 'error' };
export const BOOLEAN: SemType = { kind: 'boolean' };

/**
 * What typing computed, kept while the facts and definitions are the same symbols (the
 * parser keeps unchanged declarations and the model their symbols): an edit of a rule then
 * types only the expressions of the declarations the parser made again. Types, definition
 * types and cycles, and bare baseline/uln references, depend on nothing else.
 */
export interface TypingCache {
  readonly facts: readonly FactSymbol[];
  readonly definitions: readonly DefinitionSymbol[];
  readonly types: WeakMap<Expr, SemType>;
  readonly defTypes: Map<string, SemType>;
  readonly cycles: ReadonlyMap<string, readonly string[]>;
  /** Each declaration's bare baseline/uln references, with the fact each stands for. */
  readonly contexts: WeakMap<Declaration, ReadonlyMap<ContextRef, FactSymbol | undefined>>;
}

let last: TypingCache | undefined;

const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function typingCache(t: ModelTables, cyclesOf: () => ReadonlyMap<string, readonly string[]>): TypingCache {
  const facts = [...t.facts.values()];
  const definitions = [...t.definitions.values()];
  if (last && sameList(last.facts, facts) && sameList(last.definitions, definitions)) return last;
  last = { facts, definitions, types: new WeakMap(), defTypes: new Map(), cycles: cyclesOf(), contexts: new WeakMap() };
  return last;
}

/** Forgets the kept types (tests, benchmarks: a check from scratch). */
export function clearTypingCache(): void {
  last = undefined;
}

const NO_CONTEXTS: ReadonlyMap<ContextRef, FactSymbol | undefined> = new Map();

/** Bare baseline/uln: the single fact named on the other side of the enclosing comparison. */
export function contextFacts(t: ModelTables, files: readonly LoadedFile[], cache: TypingCache): Map<ContextRef, FactSymbol | undefined> {
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
  const ofDeclaration = (d: Declaration): ReadonlyMap<ContextRef, FactSymbol | undefined> => {
    let out = cache.contexts.get(d);
    if (out) return out;
    let found: Map<ContextRef, FactSymbol | undefined> | undefined;
    for (const e of declarationExprList(d)) {
      if (e.kind !== 'CompareExpr') continue;
      for (const [side, other] of [
        [e.left, e.right],
        [e.right, e.left],
      ] as const) {
        const refs = contextsIn(side);
        if (!refs.length) continue;
        const candidates = factsIn(other);
        found ??= new Map();
        for (const r of refs) found.set(r, candidates.length === 1 ? candidates[0] : undefined);
      }
    }
    out = found ?? NO_CONTEXTS;
    cache.contexts.set(d, out);
    return out;
  };
  const all = new Map<ContextRef, FactSymbol | undefined>();
  for (const f of files) for (const d of f.document.declarations) for (const [r, fact] of ofDeclaration(d)) all.set(r, fact);
  return all;
}

/** The typing function of a model over its tables. */
export function typer(
  t: ModelTables,
  cache: TypingCache,
  contextFacts: ReadonlyMap<ContextRef, FactSymbol | undefined>,
  resolveValue: (ref: NameRef) => FactSymbol | DefinitionSymbol | undefined,
): (e: Expr) => SemType {
  const { types, defTypes, cycles: definitionCycles } = cache;
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
