// Reports a rule strength outside the fixed scale.
import { codes } from '../../diagnostics/codes.js';
import { didYouMean, suggest } from '../../semantics/suggest.js';
import { STRENGTH_NAMES } from '@vigil/runtime';
import type { CheckerRule } from '../rule.js';

export const unknownStrength: CheckerRule = {
  name: 'unknown-strength',
  phase: 'semantic',
  check(ctx) {
    for (const r of ctx.model.rules.values()) {
      const s = r.decl.strength;
      if (!s || (STRENGTH_NAMES as readonly string[]).includes(s.value)) continue;
      const near = suggest(s.value, STRENGTH_NAMES, 1);
      ctx.report(codes.unknownStrength, { uri: r.uri, range: s.range }, { name: s.value, values: STRENGTH_NAMES.join(', '), suggestion: didYouMean(near) }, {
        fixes: near.map((n) => ({ title: `Change to '${n}'`, edits: [{ uri: r.uri, range: s.range, newText: n }] })),
      });
    }
  },
};
