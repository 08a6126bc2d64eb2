// Reports `when`, `unless`, `and`, `or` and `not` operands that are not conditions.
import { codes } from '../../diagnostics/codes.js';
import type { Expr } from '../../language/ast.js';
import { forEachExpr } from '../../language/walk.js';
import { describeType } from '../../semantics/model.js';
import { textOf } from '../helpers.js';
import type { CheckContext, CheckerRule } from '../rule.js';
import { withTableRules } from '../../language/tables.js';

function expectCondition(ctx: CheckContext, uri: string, e: Expr, what: string): void {
  const t = ctx.model.typeOf(e);
  if (t.kind === 'boolean' || t.kind === 'error' || t.kind === 'symbol') return;
  ctx.report(codes.notACondition, { uri, range: e.range }, { what: `${what} '${textOf(ctx.model, uri, e.range)}'`, type: describeType(t) });
}

export const notACondition: CheckerRule = {
  name: 'not-a-condition',
  phase: 'semantic',
  check(ctx) {
    for (const file of ctx.model.files) {
      for (const d of withTableRules(file.document.declarations)) {
        if (d.kind !== 'RuleDecl') continue;
        if (d.when) expectCondition(ctx, file.uri, d.when, 'The condition');
        for (const u of d.unless) expectCondition(ctx, file.uri, u, 'The exception');
      }
      forEachExpr(file.document, (e) => {
        if (e.kind === 'LogicalExpr') {
          expectCondition(ctx, file.uri, e.left, `The operand of '${e.op}'`);
          expectCondition(ctx, file.uri, e.right, `The operand of '${e.op}'`);
        } else if (e.kind === 'NotExpr') expectCondition(ctx, file.uri, e.operand, "The operand of 'not'");
      });
    }
  },
};
