// Reports a dose range that is empty for a patient the rule acts for: its low end above its
// high end, or at an excluded high end (`50 mg/d to below injurious_dose` when the injurious
// dose may be 50 mg/d or less). No dose lies in it, so the rule would give an order no
// prescriber can follow; the witness is such a patient. Constant ranges are found the same way.
import { analyzerFor } from '../../analysis/solver.js';
import { codes } from '../../diagnostics/codes.js';
import { textOf } from '../helpers.js';
import { logicMemo } from '../logic-memo.js';
import type { CheckerRule } from '../rule.js';
import { doseSpecOf, doseWitness } from '../dose-witness.js';
import { doseCompare } from './overlap.js';
import { at } from './unreachable-rule.js';

export const emptyDoseRange: CheckerRule = {
  name: 'empty-dose-range',
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
        // A titration's ends are checked by titration-direction, with its own message.
        if (!d?.high || d.titration) return;
        const witness = memo.recall('empty-dose-range', ruleKey === undefined ? undefined : `${ruleKey}#${i}`, () => {
          const first = ir.atomCount + 2_000_000;
          const cmp = doseCompare(action.location, 'dose range empty');
          // Empty: low > high, or low >= high when the high end is excluded.
          const empty = cmp(d.low, d.high!, first, d.highExclusive ? '>=' : '>');
          return doseWitness(analyzer, ir, rule, empty, [d.low, d.high], first + 1, action.location);
        });
        if (witness === null) return;
        // The dose as written, where it is written (the action's own range when the source is not at hand).
        const range = doseSpecOf(ctx.model, rule, i)?.range;
        const where = range ? { uri: action.location.uri, range } : at(action.location);
        ctx.report(
          codes.emptyDoseRange,
          where,
          { rule: rule.id, why: d.highExclusive ? 'its low end at or above its excluded high end' : 'its low end above its high end', dose: range ? textOf(ctx.model, action.location.uri, range) : `${action.verb} ${action.targets.join(', ')}`, witness: witness.text || 'every patient' },
          { data: { witness: witness.facts, witnessText: witness.text } },
        );
      });
    }
  },
};
