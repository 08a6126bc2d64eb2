// Thresholds compared with quantity facts, and their values in the fact's unit: shared by
// the unit refactoring (code actions) and the conversion hints (inlay hints).
import { Rational, convertExact, type Document, type Expr, type FactSymbol, type QuantityLiteral } from '@vigil/core';
import { forEachExpr, unwrapParens } from '@vigil/core/services';
import type { Snapshot } from '../workspace.js';

export function quantityValue(q: QuantityLiteral): Rational | undefined {
  return Rational.tryParse(q.value);
}

function factOf(snapshot: Snapshot, e: Expr): FactSymbol | undefined {
  const x = unwrapParens(e);
  const model = snapshot.result.model;
  if (x.kind === 'NameRef') {
    const s = model.resolveValue(x);
    return s?.kind === 'fact' ? s : undefined;
  }
  if (x.kind === 'MemberRef') return model.facts.get(x.object.value);
  if (x.kind === 'ContextRef') return model.contextFact(x);
  return undefined;
}

/** Each quantity literal compared with a quantity fact, with the fact and the unit it is recorded in. */
export function forEachThreshold(
  snapshot: Snapshot,
  document: Document,
  fn: (lit: QuantityLiteral, fact: FactSymbol, unit: { readonly code: string; readonly name: string }) => void,
): void {
  forEachExpr(document, (e) => {
    if (e.kind !== 'CompareExpr') return;
    for (const [a, b] of [
      [e.left, e.right],
      [e.right, e.left],
    ] as const) {
      const fact = factOf(snapshot, a);
      const lit = unwrapParens(b);
      if (fact && fact.type.kind === 'quantity' && lit.kind === 'QuantityLiteral') fn(lit, fact, fact.type.unit);
    }
  });
}

/** `2.5 10*9/L` for `2500 /uL` against a fact in 10*9/L, when the converted value is a short exact decimal. */
export function exactInUnit(q: QuantityLiteral, toUnit: string): string | undefined {
  if (!q.unit || q.unit.text === toUnit) return undefined;
  const v = quantityValue(q);
  const c = v ? convertExact(v, q.unit.text, toUnit) : undefined;
  const exact = c?.toExact();
  return exact && !exact.includes('/') && exact.length <= 12 ? `${exact} ${toUnit}` : undefined;
}

export function convertedLabel(q: QuantityLiteral, toUnit: string): string | undefined {
  if (!q.unit || q.unit.text === toUnit) return undefined;
  const v = quantityValue(q);
  if (!v) return undefined;
  const c = convertExact(v, q.unit.text, toUnit);
  if (!c) return undefined;
  const exact = c.toExact();
  const shown = exact.includes('/') || exact.length > 12 ? `≈ ${c.toDecimalString(4)}` : `= ${exact}`;
  return `${shown} ${toUnit}`;
}
