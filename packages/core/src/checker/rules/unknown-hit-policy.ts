// Reports a decision table whose `hit` clause names no DMN hit policy (unique, first, priority, collect).
import { codes } from '../../diagnostics/codes.js';
import { HIT_POLICIES } from '../../language/tables.js';
import { didYouMean, suggest } from '../../semantics/suggest.js';
import type { CheckerRule } from '../rule.js';

export const unknownHitPolicy: CheckerRule = {
  name: 'unknown-hit-policy',
  phase: 'semantic',
  check(ctx) {
    for (const f of ctx.model.files) {
      for (const d of f.document.declarations) {
        if (d.kind !== 'TableDecl' || !d.hit || (HIT_POLICIES as readonly string[]).includes(d.hit.value)) continue;
        ctx.report(codes.unknownHitPolicy, { uri: f.uri, range: d.hit.range }, { name: d.hit.value, table: d.id.value, suggestion: didYouMean(suggest(d.hit.value, HIT_POLICIES)) });
      }
    }
  },
};
