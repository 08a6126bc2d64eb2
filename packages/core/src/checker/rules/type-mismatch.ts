// Reports operators applied to operands of types they do not accept (an enum compared with
// a number, a boolean used as a quantity), naming both sides: one code per kind of operator.
import { codes, type DiagnosticCode } from '../../diagnostics/codes.js';
import type { Expr } from '../../language/ast.js';
import { forEachDeclarationExpr, unwrapParens } from '../../language/walk.js';
import type { SemType } from '../../semantics/model.js';
import { describeOperand } from '../helpers.js';
import { declarationRule, type CheckerRule } from '../rule.js';

const EQUALITY = new Set(['=', '!=']);

/** Whether `a op b` is well typed; unit dimensions are the units rule's business. */
function comparable(a: SemType, b: SemType, op: string): boolean {
  if (a.kind === 'quantity' && b.kind === 'quantity') return true;
  if (!EQUALITY.has(op)) return false;
  if (a.kind === 'enum' && b.kind === 'enum') return a.values.join() === b.values.join();
  if ((a.kind === 'enum' || a.kind === 'code') && b.kind === 'symbol') return true;
  if (a.kind === 'symbol' && (b.kind === 'enum' || b.kind === 'code')) return true;
  if (a.kind === 'code' && (b.kind === 'code' || b.kind === 'text')) return true;
  if (a.kind === 'text' && (b.kind === 'text' || b.kind === 'code')) return true;
  return a.kind === 'boolean' && b.kind === 'boolean';
}

export const typeMismatch: CheckerRule = declarationRule({
  name: 'type-mismatch',
  checkDeclaration(ctx, d, uri) {
    const m = ctx.model;
    const say = (code: DiagnosticCode, e: Expr, args: Readonly<Record<string, string>>) => ctx.report(code, { uri, range: e.range }, args);
    const operand = (e: Expr) => describeOperand(m, uri, e);
    const bad = (t: SemType) => t.kind === 'error';
    forEachDeclarationExpr(d, (e) => {
      switch (e.kind) {
        case 'CompareExpr': {
          const l = m.typeOf(e.left);
          const r = m.typeOf(e.right);
          if (bad(l) || bad(r) || (l.kind === 'symbol' && r.kind === 'symbol')) return;
          // A bare name beside anything but an enum is an unknown name, reported as such (VGL2001).
          if ((l.kind === 'symbol' && r.kind !== 'enum') || (r.kind === 'symbol' && l.kind !== 'enum')) return;
          if (comparable(l, r, e.op)) return;
          const ordering = !EQUALITY.has(e.op) && (l.kind !== 'quantity' || r.kind !== 'quantity') && (l.kind === r.kind || l.kind === 'symbol' || r.kind === 'symbol');
          if (ordering) say(codes.orderingNotQuantity, e, { op: e.op, left: operand(e.left), right: operand(e.right) });
          else say(codes.typeMismatch, e, { left: operand(e.left), right: operand(e.right) });
          return;
        }
        case 'InExpr': {
          const t = m.typeOf(e.subject);
          if (!bad(t) && t.kind !== 'enum' && t.kind !== 'code' && t.kind !== 'symbol')
            say(codes.inNotEnum, e.subject, { subject: operand(e.subject) });
          return;
        }
        case 'IncludesExpr': {
          const t = m.typeOf(e.subject);
          if (!bad(t) && t.kind !== 'set' && t.kind !== 'symbol')
            say(codes.includesNotSet, e.subject, { subject: operand(e.subject) });
          return;
        }
        case 'PresenceExpr': {
          const s = unwrapParens(e.subject);
          const ok = (s.kind === 'NameRef' && m.facts.has(s.name.value) && !m.definitions.has(s.name.value)) || s.kind === 'MemberRef';
          if (!ok && m.typeOf(s).kind !== 'symbol') say(codes.presenceNotFact, e.subject, { subject: operand(e.subject) });
          return;
        }
        case 'ElapsedExpr': {
          const t = m.typeOf(e.subject);
          if (!bad(t) && t.kind !== 'date' && t.kind !== 'datetime' && t.kind !== 'symbol')
            say(codes.elapsedNotDate, e.subject, { op: e.op === 'within' ? 'within' : `${e.op} than … ago`, subject: operand(e.subject) });
          return;
        }
        case 'ArithmeticExpr':
        case 'NegateExpr': {
          const operands = e.kind === 'ArithmeticExpr' ? [e.left, e.right] : [e.operand];
          for (const o of operands) {
            const t = m.typeOf(o);
            if (!bad(t) && t.kind !== 'quantity' && t.kind !== 'symbol')
              say(codes.arithmeticNotQuantity, o, { operand: operand(o) });
          }
          return;
        }
      }
    });
  },
});
