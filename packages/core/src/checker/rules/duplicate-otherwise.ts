// Reports a second `otherwise` rule completing one group: each would fire only when the
// other does not, so what the group decides for the rest of its patients is undefined.
import { codes } from '../../diagnostics/codes.js';
import { otherwiseGroup } from '../../semantics/otherwise.js';
import type { RuleSymbol } from '../../semantics/model.js';
import type { CheckerRule } from '../rule.js';

export const duplicateOtherwise: CheckerRule = {
  name: 'duplicate-otherwise',
  phase: 'semantic',
  check(ctx) {
    const first = new Map<string, RuleSymbol>();
    for (const r of ctx.model.rules.values()) {
      if (r.decl.kind !== 'RuleDecl' || !r.decl.otherwise) continue;
      const g = otherwiseGroup(ctx.model, r.decl);
      if (g === undefined) continue;
      const f = first.get(g);
      if (!f) {
        first.set(g, r);
        continue;
      }
      const at = f.decl.kind === 'RuleDecl' && f.decl.otherwise ? f.decl.otherwise.range : f.decl.id.range;
      ctx.report(codes.duplicateOtherwise, { uri: r.uri, range: r.decl.otherwise.range }, { group: g, rule: r.name, first: f.name }, {
        related: [{ uri: f.uri, range: at, message: `First 'otherwise' rule of ${g}: ${f.name}` }],
      });
    }
  },
};
