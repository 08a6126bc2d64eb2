// Warns about two rules that can fire for one patient with clashing actions on a shared target (contraindicate or stop against dose or recommend, advise against against recommend) when neither overrides the other.
import { analyzerFor } from '../../analysis/solver.js';
import { codes } from '../../diagnostics/codes.js';
import type { IrActionVerb, IrRule } from '../../ir/ir.js';
import { actionLabel } from '@vigil/runtime';
import { logicMemo } from '../logic-memo.js';
import type { CheckerRule } from '../rule.js';
import { at } from './unreachable-rule.js';
import { suppresses } from '../../ir/overrides.js';

/** Pairs of action classes that clash on one target. */
const CLASHES: readonly (readonly [ReadonlySet<IrActionVerb>, ReadonlySet<IrActionVerb>])[] = [
  [new Set(['contraindicate', 'stop']), new Set(['dose', 'recommend'])],
  [new Set(['advise-against']), new Set(['recommend'])],
];

interface Use {
  readonly index: number;
  readonly rule: IrRule;
  readonly verb: IrActionVerb;
  /** The action's index in the rule. */
  readonly action: number;
}

export const conflictingActions: CheckerRule = {
  name: 'conflicting-actions',
  phase: 'logic',
  check(ctx) {
    const ir = ctx.ir;
    if (!ir) return;
    // Group by target first: only rules acting on one target can clash.
    const byTarget = new Map<string, Use[]>();
    ir.rules.forEach((rule, index) => {
      rule.actions.forEach((action, j) => {
        for (const target of action.targets) {
          let list = byTarget.get(target);
          if (!list) byTarget.set(target, (list = []));
          list.push({ index, rule, verb: action.verb, action: j });
        }
      });
    });
    const analyzer = analyzerFor(ir);
    const memo = logicMemo(ctx.model, ir);
    const decided = new Set<string>();
    for (const [target, uses] of byTarget) {
      for (const [left, right] of CLASHES) {
        const as = uses.filter((u) => left.has(u.verb));
        if (as.length === 0) continue;
        const bs = uses.filter((u) => right.has(u.verb));
        for (const a of as) {
          for (const b of bs) {
            if (a.index === b.index) continue;
            const key = a.index < b.index ? `${a.index}:${b.index}` : `${b.index}:${a.index}`;
            if (decided.has(key)) continue;
            decided.add(key);
            if (suppresses(a.rule, b.rule, b.action) || suppresses(b.rule, a.rule, a.action)) continue;
            // A patient firing both, remembered under the pair's content keys.
            const ka = memo.key(a.rule);
            const kb = memo.key(b.rule);
            const witness = memo.recall('conflict', ka !== undefined && kb !== undefined ? `${ka}\u0001${kb}` : undefined, () => {
              const r = analyzer.solve([
                { expr: analyzer.actsCondition(a.rule), want: 'true' },
                { expr: analyzer.actsCondition(b.rule), want: 'true' },
              ]);
              // A witness read through opaque atoms might not fire both rules: stay quiet.
              return r.status !== 'sat' || r.approximate ? null : { facts: r.witness.facts, text: r.witness.text };
            });
            if (witness === null) continue;
            const [first, second] = a.index < b.index ? [a, b] : [b, a];
            ctx.report(
              codes.conflictingActions,
              at(second.rule.location),
              { a: first.rule.id, b: second.rule.id, actionA: actionLabel(first.verb), actionB: actionLabel(second.verb), target, witness: witness.text },
              {
                related: [{ ...at(first.rule.location), message: `Rule ${first.rule.id} (${actionLabel(first.verb)} ${target})` }],
                data: { witness: witness.facts, witnessText: witness.text, rules: [first.rule.id, second.rule.id], target },
              },
            );
          }
        }
      }
    }
  },
};
