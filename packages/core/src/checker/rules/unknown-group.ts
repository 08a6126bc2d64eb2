// Reports a rule's `group` clause (or `otherwise in G`) naming a group no `groups` block declares: a misspelt
// group would otherwise leave the rule out of every override of the group, silently.
import { codes } from '../../diagnostics/codes.js';
import { didYouMean, suggest } from '../../semantics/suggest.js';
import type { CheckerRule } from '../rule.js';

export const unknownGroup: CheckerRule = {
  name: 'unknown-group',
  phase: 'semantic',
  check(ctx) {
    for (const r of ctx.model.rules.values()) {
      if (r.decl.kind !== 'RuleDecl') continue;
      for (const g of [...r.decl.groups, ...(r.decl.otherwise?.group ? [r.decl.otherwise.group] : [])]) {
        if (ctx.model.groups.has(g.value)) continue;
        const near = suggest(g.value, ctx.model.groups.keys());
        ctx.report(codes.unknownGroup, { uri: r.uri, range: g.range }, { name: g.value, suggestion: didYouMean(near) }, {
          fixes: near.map((n) => ({ title: `Change to '${n}'`, edits: [{ uri: r.uri, range: g.range, newText: n }] })),
        });
      }
    }
  },
};
