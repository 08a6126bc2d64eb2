// Warns about rules and protocols that cite no source: evidence must travel with the rule.
import { codes } from '../../diagnostics/codes.js';
import type { CheckerRule } from '../rule.js';

export const missingSource: CheckerRule = {
  name: 'missing-source',
  phase: 'semantic',
  check(ctx) {
    for (const r of ctx.model.rules.values()) {
      if (r.decl.sources.length > 0) continue;
      const insertAt = (r.decl.title ?? r.decl.id).range.end;
      ctx.report(codes.missingSource, { uri: r.uri, range: r.decl.id.range }, { rule: r.name }, {
        fixes: [{ title: 'Add a source', edits: [{ uri: r.uri, range: { start: insertAt, end: insertAt }, newText: '\n  source "TODO: cite the guideline"' }] }],
      });
    }
  },
};
