// Reports a titration that does not move the way it says for a patient the rule fires for:
// `increase` from a start that is not below its limit, `decrease` from one that is not above
// it, or a step that is not above zero (the schedule would never reach its limit). The
// witness is such a patient; constant schedules are found the same way.
import { analyzerFor } from '../../analysis/solver.js';
import { codes } from '../../diagnostics/codes.js';
import type { IrExpr } from '../../ir/ir.js';
import { parseUnit } from '../../units/units.js';
import { textOf } from '../helpers.js';
import { logicMemo } from '../logic-memo.js';
import type { CheckerRule } from '../rule.js';
import { doseSpecOf, doseWitness } from '../dose-witness.js';
import { doseCompare } from './overlap.js';
import { at } from './unreachable-rule.js';

export const titrationDirection: CheckerRule = {
  name: 'titration-direction',
  phase: 'logic',
  check(ctx) {
    const ir = ctx.ir;
    if (!ir) return;
    const analyzer = analyzerFor(ir);
    const memo = logicMemo(ctx.model, ir);
    for (const rule of ir.rules) {
      if (ctx.full) return;
      const ruleKey = memo.key(rule);
      rule.actions.forEach((action, i) => {
        const d = action.dose;
        const t = d?.titration;
        if (!d || !d.high || !t) return;
        const first = ir.atomCount + 3_000_000;
        const cmp = doseCompare(action.location, 'titration');
        const u = parseUnit(d.unit);
        if (!u.ok) return;
        const zero: IrExpr = { kind: 'quantity', value: '0', unit: d.unit, dimension: u.unit.dimension };
        // low/high are the schedule's lower and upper ends whichever way it moves: low >= high means it cannot move as written.
        const checks = [
          { key: 'direction', code: codes.titrationDirection, query: cmp(d.low, d.high, first, '>=') },
          { key: 'step', code: codes.titrationStep, query: cmp(zero, t.step, first, '>=') },
        ];
        for (const c of checks) {
          const witness = memo.recall(`titration-${c.key}`, ruleKey === undefined ? undefined : `${ruleKey}#${i}`, () =>
            doseWitness(analyzer, ir, rule, c.query, [d.low, d.high, t.step], first + 1, action.location),
          );
          if (witness === null) continue;
          const spec = doseSpecOf(ctx.model, rule, i);
          const range = spec ? (c.key === 'step' ? spec.titration!.step.range : spec.range) : undefined;
          ctx.report(c.code, range ? { uri: action.location.uri, range } : at(action.location), {
            rule: rule.id,
            schedule: spec ? textOf(ctx.model, action.location.uri, spec.range) : t.text,
            direction: t.direction,
            witness: witness.text || 'every patient',
          }, { data: { witness: witness.facts, witnessText: witness.text } });
          return;
        }
      });
    }
  },
};
