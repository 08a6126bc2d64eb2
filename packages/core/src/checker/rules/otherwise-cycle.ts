// Reports `otherwise` rules that negate each other in a loop (A completes a group B joins
// while B completes a group A joins): each fires only when the other does not, which
// defines neither. Reported once per loop, at the first of its rules in declaration order.
import { codes } from '../../diagnostics/codes.js';
import { otherwiseCycle } from '../../semantics/otherwise.js';
import type { CheckerRule } from '../rule.js';

export const otherwiseCycleRule: CheckerRule = {
  name: 'otherwise-cycle',
  phase: 'semantic',
  check(ctx) {
    const reported = new Set<string>();
    for (const r of ctx.model.rules.values()) {
      if (r.decl.kind !== 'RuleDecl' || !r.decl.otherwise || reported.has(r.name)) continue;
      const cycle = otherwiseCycle(ctx.model, r.name);
      if (!cycle) continue;
      for (const id of cycle) reported.add(id);
      ctx.report(codes.otherwiseCycle, { uri: r.uri, range: r.decl.otherwise.range }, { rule: r.name, next: cycle[1]!, cycle: cycle.join(' → ') });
    }
  },
};
