// Which quantity inputs the engine may hold rounded. The engine holds a quantity as a double
// standing for its shortest decimal, which is exact for decimals of up to 15 significant
// digits. An input whose exact value in the fact's unit is not such a decimal (more digits,
// or a conversion that does not terminate: 7 mo is 7/12 a) is accepted only when rounding
// cannot change a result: every use of it compares it with a constant, and no constant lies
// between its exact value and the rounded one. Anything else (arithmetic with other facts,
// ratios, doses) refuses it: a dose is never computed from a guessed figure.
import { irConstantValue, irProgramExpressions, Rational, walkIr, type IrExpr } from '@vigil/core';
import type { EmitContext } from './context.js';

/**
 * Per input slot of a quantity: the exact constants (in the fact's unit) it is compared
 * with, or null when it has a use other than such a comparison. Slots no expression reads
 * have an empty list.
 */
export function roundingThresholds(ctx: EmitContext): Map<number, Rational[] | null> {
  const thresholds = new Map<number, Rational[]>();
  // Uses counted by position (an IR may share one node between places).
  const compared = new Map<number, number>();
  const count = (m: Map<number, number>, slot: number) => m.set(slot, (m.get(slot) ?? 0) + 1);
  const roots = irProgramExpressions(ctx.ir);
  for (const root of roots) {
    walkIr(root, (e) => {
      if (e.kind !== 'compare' || e.operandType !== 'quantity') return;
      for (const [side, other] of [
        [e.left, e.right],
        [e.right, e.left],
      ] as const) {
        const f = factOf(side);
        const c = f && irConstantValue(other);
        if (!f || !c || f.factor.isZero()) continue;
        const slot = ctx.slot(f.fact.ref);
        count(compared, slot);
        thresholds.set(slot, [...(thresholds.get(slot) ?? []), c.div(f.factor)]);
      }
    });
  }
  const uses = new Map<number, number>();
  for (const root of roots) walkIr(root, (e) => void (e.kind === 'fact' && e.type.kind === 'quantity' && count(uses, ctx.slot(e.ref))));
  const out = new Map<number, Rational[] | null>();
  for (const [slot, n] of uses) out.set(slot, n === compared.get(slot) ? thresholds.get(slot)! : null);
  return out;
}

/** `fact` or `scale(…fact)`: the fact node and the factor from its unit to the expression's. */
function factOf(e: IrExpr): { fact: Extract<IrExpr, { kind: 'fact' }>; factor: Rational } | undefined {
  if (e.kind === 'fact') return e.type.kind === 'quantity' ? { fact: e, factor: Rational.ONE } : undefined;
  if (e.kind !== 'scale') return undefined;
  const inner = factOf(e.arg);
  const k = Rational.tryParse(e.factor);
  return inner && k ? { fact: inner.fact, factor: inner.factor.mul(k) } : undefined;
}
