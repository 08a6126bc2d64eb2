// The exact value of a quantity expression made of literals only (`1 / 3`, `5 x 2 mg`):
// what back ends fold at compile time and what reviewers read as one figure.
import { Rational } from '../units/rational.js';
import type { IrExpr } from './ir.js';

/** The exact value of a literal-only quantity expression, in its unit; undefined when it reads a fact or a definition, or divides by zero. */
export function irConstantValue(e: IrExpr): Rational | undefined {
  switch (e.kind) {
    case 'quantity':
      return Rational.tryParse(e.value);
    case 'scale': {
      const a = irConstantValue(e.arg);
      const f = Rational.tryParse(e.factor);
      return a && f && a.mul(f);
    }
    case 'negate':
      return irConstantValue(e.arg)?.neg();
    case 'arith': {
      const l = irConstantValue(e.left);
      const r = irConstantValue(e.right);
      if (!l || !r || (e.op === '/' && r.isZero())) return undefined;
      return e.op === '+' ? l.add(r) : e.op === '-' ? l.sub(r) : e.op === '*' ? l.mul(r) : l.div(r);
    }
    default:
      return undefined;
  }
}
