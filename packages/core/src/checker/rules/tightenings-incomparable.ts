// Reports two schedule modifiers of one monitoring action that cannot be ordered: neither is
// at least as frequent as the other at both ends of every phase. The engine applies the most
// frequent modifier that fires, so any two that may fire together must be ordered; a pair in
// which one rule overrides the other whole never applies together.
import { codes } from '../../diagnostics/codes.js';
import type { RuleDecl, TightenClause } from '../../language/ast.js';
import { resolveOverrides } from '../../semantics/groups.js';
import { atLeastAsFrequent, loosenedPhases, tightenedCadence, tightenTargets, tightenClauses, type TightenTarget } from '../../semantics/modifiers.js';
import type { CheckerRule } from '../rule.js';

export const tighteningsIncomparable: CheckerRule = {
  name: 'tightenings-incomparable',
  phase: 'semantic',
  check(ctx) {
    const m = ctx.model;
    const byAction = new Map<string, { rule: RuleDecl; uri: string; clause: TightenClause; target: TightenTarget }[]>();
    for (const c of tightenClauses(m))
      for (const target of tightenTargets(m, c.rule.id.value, c.clause)) {
        const key = `${target.rule}#${target.action}`;
        const list = byAction.get(key) ?? [];
        list.push({ ...c, target });
        byAction.set(key, list);
      }
    const wholeOverrides = (r: RuleDecl) => resolveOverrides(m, r).whole;
    for (const list of byAction.values())
      for (let j = 1; j < list.length; j++)
        for (let i = 0; i < j; i++) {
          const a = list[i]!;
          const b = list[j]!;
          if (a.rule === b.rule) continue;
          if (wholeOverrides(a.rule).includes(b.rule.id.value) || wholeOverrides(b.rule).includes(a.rule.id.value)) continue;
          // A modifier that would loosen some phase is VGL3037's already.
          if (loosenedPhases(a.clause, a.target.schedule).length > 0 || loosenedPhases(b.clause, b.target.schedule).length > 0) continue;
          const phases = a.target.schedule.phases;
          let aTighter = true;
          let bTighter = true;
          // The phase shown: one where neither is tighter, else the first where the earlier one is not.
          let both: { phase: number; a: string; b: string } | undefined;
          let first: { phase: number; a: string; b: string } | undefined;
          phases.forEach((p, k) => {
            const ca = tightenedCadence(a.clause, p);
            const cb = tightenedCadence(b.clause, p);
            if (!ca || !cb) return;
            const ab = atLeastAsFrequent(ca, cb);
            const ba = atLeastAsFrequent(cb, ca);
            const here = { phase: k + 1, a: ca.text, b: cb.text };
            if (!ab) aTighter = false;
            if (!ba) bTighter = false;
            if (!ab && !ba) both ??= here;
            if (!ab) first ??= here;
          });
          if (aTighter || bTighter) continue;
          const w = both ?? first!;
          ctx.report(codes.tighteningsIncomparable, { uri: b.uri, range: b.clause.range }, { first: a.rule.id.value, second: b.rule.id.value, target: a.target.rule, phase: String(w.phase), a: w.a, b: w.b });
        }
  },
};
