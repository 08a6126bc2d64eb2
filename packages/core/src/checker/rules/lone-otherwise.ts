// Warns about an `otherwise` rule alone in its group: there is no sibling to negate, so it
// fires whenever its own condition holds, which is rarely what `otherwise` was written for.
import { codes } from '../../diagnostics/codes.js';
import { otherwiseGroup, otherwiseSiblings } from '../../semantics/otherwise.js';
import type { CheckerRule } from '../rule.js';

export const loneOtherwise: CheckerRule = {
  name: 'lone-otherwise',
  phase: 'semantic',
  check(ctx) {
    for (const r of ctx.model.rules.values()) {
      if (r.decl.kind !== 'RuleDecl' || !r.decl.otherwise) continue;
      const g = otherwiseGroup(ctx.model, r.decl);
      if (g === undefined || otherwiseSiblings(ctx.model, r.decl).length > 0) continue;
      ctx.report(codes.loneOtherwise, { uri: r.uri, range: r.decl.otherwise.range }, { rule: r.name, group: g });
    }
  },
};
