// Reports `overrides` and `tightens` clauses naming a rule or group that does not exist (an `except`
// naming an unknown rule too).
import { codes } from '../../diagnostics/codes.js';
import { didYouMean, suggest } from '../../semantics/suggest.js';
import type { CheckerRule } from '../rule.js';

export const unknownRule: CheckerRule = {
  name: 'unknown-rule',
  phase: 'semantic',
  check(ctx) {
    const known = [...ctx.model.rules.keys(), ...ctx.model.groups.keys()];
    for (const r of ctx.model.rules.values()) {
      if (r.decl.kind !== 'RuleDecl') continue;
      const named = [...r.decl.overrides, ...r.decl.overrideItems.flatMap((i) => i.except), ...(r.decl.tightens ?? []).flatMap((t) => [t.item.name, ...t.item.except])];
      for (const o of named) {
        if (ctx.model.rules.has(o.value) || ctx.model.groups.has(o.value)) continue;
        const near = suggest(o.value, known);
        ctx.report(codes.unknownRule, { uri: r.uri, range: o.range }, { name: o.value, suggestion: didYouMean(near) }, {
          fixes: near.map((n) => ({ title: `Change to '${n}'`, edits: [{ uri: r.uri, range: o.range, newText: n }] })),
        });
      }
    }
  },
};
