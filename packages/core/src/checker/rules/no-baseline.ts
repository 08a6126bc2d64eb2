// Reports `baseline` / `uln` used where no fact declares it, or where the fact cannot be told.
import { codes } from '../../diagnostics/codes.js';
import { forEachExpr } from '../../language/walk.js';
import type { CheckerRule } from '../rule.js';

export const noBaseline: CheckerRule = {
  name: 'no-baseline',
  phase: 'semantic',
  check(ctx) {
    const m = ctx.model;
    const label = (w: string) => (w === 'baseline' ? 'a baseline' : 'an upper limit of normal (uln)');
    for (const file of m.files) {
      forEachExpr(file.document, (e) => {
        if (e.kind === 'MemberRef') {
          const f = m.facts.get(e.object.value);
          if (f && !(e.member === 'baseline' ? f.baseline : f.uln))
            ctx.report(codes.noBaseline, { uri: file.uri, range: e.range }, { fact: f.name, part: e.member, label: label(e.member) });
        } else if (e.kind === 'ContextRef') {
          const f = m.contextFact(e);
          if (!f)
            ctx.report(codes.bareBaseline, { uri: file.uri, range: e.range }, { part: e.which });
          else if (!(e.which === 'baseline' ? f.baseline : f.uln))
            ctx.report(codes.noBaseline, { uri: file.uri, range: e.range }, { fact: f.name, part: e.which, label: label(e.which) });
        }
      });
    }
  },
};
