// Warns about rules that can never fire: no patient makes `when` true with every `unless` false
// and has the facts the rule's doses read (`when weight is missing then dose 2 mg/kg/d * weight`);
// for `eval --expr`, an expression that can never be true.
import { analyzerFor } from '../../analysis/solver.js';
import { codes } from '../../diagnostics/codes.js';
import { EXPRESSION_RULE_ID } from '../../expression.js';
import type { IrLocation } from '../../ir/ir.js';
import { logicMemo } from '../logic-memo.js';
import type { CheckerRule } from '../rule.js';

export function at(loc: IrLocation) {
  return { uri: loc.uri, range: { start: loc.start, end: loc.end } };
}

export const unreachableRule: CheckerRule = {
  name: 'unreachable-rule',
  phase: 'logic',
  check(ctx) {
    const ir = ctx.ir;
    if (!ir) return;
    const analyzer = analyzerFor(ir);
    const memo = logicMemo(ctx.model, ir);
    for (const rule of ir.rules) {
      if (ctx.full) return; // what it would find could not be reported
      if (!rule.when && rule.unless.length === 0) continue;
      // Why the rule never fires, remembered under the rule's content key.
      const reason = memo.recall('unreachable', memo.key(rule), () => {
        const r = analyzer.solve([{ expr: analyzer.actsCondition(rule), want: 'true' }]);
        // Only exact claims: with opaque atoms (or past the bounds) nothing is said.
        return r.status !== 'unsat' || r.approximate ? null : r.reason;
      });
      if (reason === null) continue;
      const code = rule.id === EXPRESSION_RULE_ID ? codes.unsatisfiableExpression : codes.unreachableRule;
      ctx.report(code, at(rule.location), { rule: rule.id, reason }, { data: { reason } });
    }
  },
};
