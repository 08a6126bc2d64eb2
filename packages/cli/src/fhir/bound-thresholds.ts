// Which quantity facts a reported bound (`<0.5 10*9/L`) can decide, and how: a fact whose
// every use in the rule set is a comparison with a constant. For those, a bound that lies
// beyond every constant gives every comparison — and so every rule — the same outcome
// whatever the true value, so the bound may stand for the value. Any other use (against
// another fact, its baseline or ULN, in arithmetic or a dose) leaves the fact out.
import type { IrExpr, IrProgram } from '@vigil/core';
import type { Bindings, BoundThresholds } from '@vigil/fhir';

/** `"1/3"` or `"2.5"` as a double. */
function exact(value: string): number {
  const [num, den] = value.split('/');
  return den === undefined ? Number(num) : Number(num) / Number(den);
}

/** The fact a side reads, directly or scaled by the compiler: [fact, factor]. */
function factSide(e: IrExpr): [string, number] | undefined {
  if (e.kind === 'fact' && e.ref.part === 'value') return [e.ref.fact, 1];
  if (e.kind === 'scale' && e.arg.kind === 'fact' && e.arg.ref.part === 'value') return [e.arg.ref.fact, exact(e.factor)];
  return undefined;
}

/** A constant side, in the unit both sides share. */
function constantSide(e: IrExpr): number | undefined {
  if (e.kind === 'quantity') return exact(e.value);
  if (e.kind === 'scale' && e.arg.kind === 'quantity') return exact(e.arg.value) * exact(e.factor);
  return undefined;
}

export function boundThresholds(ir: IrProgram): Record<string, BoundThresholds> {
  const thresholds = new Map<string, number[]>();
  const other = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const e = node as IrExpr;
    if (e.kind === 'compare' && e.operandType === 'quantity') {
      for (const [a, b] of [[e.left, e.right], [e.right, e.left]] as const) {
        const fact = factSide(a);
        const constant = constantSide(b);
        if (fact && constant !== undefined && Number.isFinite(constant) && fact[1] !== 0) {
          thresholds.set(fact[0], [...(thresholds.get(fact[0]) ?? []), constant / fact[1]]);
          return;
        }
      }
    }
    if (e.kind === 'fact' && e.ref.part === 'value') other.add(e.ref.fact);
    for (const [k, v] of Object.entries(e)) if (k !== 'location' && typeof v === 'object') walk(v);
  };
  walk([ir.rules.map((r) => [r.when, r.unless, r.actions]), ir.definitions.map((d) => d.expr)]);
  const out: Record<string, BoundThresholds> = {};
  for (const fact of ir.facts) {
    if (fact.type.kind !== 'quantity' || other.has(fact.name)) continue;
    out[fact.name] = {
      thresholds: [...new Set(thresholds.get(fact.name) ?? [])].sort((a, b) => a - b),
      factors: Object.fromEntries((fact.acceptedUnits ?? []).map((u) => [u.unit, exact(u.factor)])),
    };
  }
  return out;
}

/** The bindings with the bounds the rule set can decide from. */
export function withBounds(bindings: Bindings, ir: IrProgram): Bindings {
  return { ...bindings, bounds: boundThresholds(ir) };
}
