// Reports `overrides` clauses naming a rule that does not exist.
import { codes } from '../../diagnostics/codes.js';
import { didYouMean, suggest } from '../../semantics/suggest.js';
import type { CheckerRule } from '../rule.js';

export const unknownRule: CheckerRule = {
  name: 'unknown-rule',
  phase: 'semantic',
  check(ctx) {
    for (const r of ctx.model.rules.values()) {
      if (r.decl.kind !== 'RuleDecl') continue;
      for (const o of r.decl.overrides) {
        if (ctx.model.rules.has(o.value)) continue;
        const near = suggest(o.value, ctx.model.rules.keys());
        ctx.report(codes.unknownRule, { uri: r.uri, range: o.range }, { name: o.value, suggestion: didYouMean(near) }, {
          fixes: near.map((n) => ({ title: `Change to '${n}'`, edits: [{ uri: r.uri, range: o.range, newText: n }] })),
        });
      }
    }
  },
};
