// Reports a rule strength outside the rule set's vocabulary (its header's `strengths`, or
// the default five).
import { codes } from '../../diagnostics/codes.js';
import { didYouMean, suggest } from '../../semantics/suggest.js';
import type { CheckerRule } from '../rule.js';

export const unknownStrength: CheckerRule = {
  name: 'unknown-strength',
  phase: 'semantic',
  check(ctx) {
    const names = ctx.model.strengths;
    for (const r of ctx.model.rules.values()) {
      const s = r.decl.strength;
      if (!s || names.includes(s.value)) continue;
      const near = suggest(s.value, names, 1);
      ctx.report(codes.unknownStrength, { uri: r.uri, range: s.range }, { name: s.value, values: names.join(', '), suggestion: didYouMean(near) }, {
        fixes: near.map((n) => ({ title: `Change to '${n}'`, edits: [{ uri: r.uri, range: s.range, newText: n }] })),
      });
    }
  },
};
