// Reports `when`, `unless`, `and`, `or` and `not` operands that are not conditions.
import { codes } from '../../diagnostics/codes.js';
import type { Expr } from '../../language/ast.js';
import { forEachDeclarationExpr } from '../../language/walk.js';
import { describeType } from '../../semantics/model.js';
import { textOf } from '../helpers.js';
import { declarationRule, type CheckContext, type CheckerRule } from '../rule.js';
import { withTableRules } from '../../language/tables.js';

function expectCondition(ctx: CheckContext, uri: string, e: Expr, what: string): void {
  const t = ctx.model.typeOf(e);
  if (t.kind === 'boolean' || t.kind === 'error' || t.kind === 'symbol') return;
  ctx.report(codes.notACondition, { uri, range: e.range }, { what: `${what} '${textOf(ctx.model, uri, e.range)}'`, type: describeType(t) });
}

export const notACondition: CheckerRule = declarationRule({
  name: 'not-a-condition',
  checkDeclaration(ctx, d, uri) {
    // A table's rows are rules, each with its condition (the table's and its cells').
    for (const r of withTableRules([d])) {
      if (r.kind !== 'RuleDecl') continue;
      if (r.when) expectCondition(ctx, uri, r.when, 'The condition');
      for (const u of r.unless) expectCondition(ctx, uri, u, 'The exception');
    }
    forEachDeclarationExpr(d, (e) => {
      if (e.kind === 'LogicalExpr') {
        expectCondition(ctx, uri, e.left, `The operand of '${e.op}'`);
        expectCondition(ctx, uri, e.right, `The operand of '${e.op}'`);
      } else if (e.kind === 'NotExpr') expectCondition(ctx, uri, e.operand, "The operand of 'not'");
    });
  },
});
