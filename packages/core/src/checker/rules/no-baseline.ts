// Reports `baseline` / `uln` used where no fact declares it, or where the fact cannot be told.
import { codes } from '../../diagnostics/codes.js';
import { forEachDeclarationExpr } from '../../language/walk.js';
import { declarationRule, type CheckerRule } from '../rule.js';

export const noBaseline: CheckerRule = declarationRule({
  name: 'no-baseline',
  checkDeclaration(ctx, d, uri) {
    const m = ctx.model;
    const label = (w: string) => (w === 'baseline' ? 'a baseline' : 'an upper limit of normal (uln)');
    forEachDeclarationExpr(d, (e) => {
      if (e.kind === 'MemberRef') {
        const f = m.facts.get(e.object.value);
        if (f && !(e.member === 'baseline' ? f.baseline : f.uln))
          ctx.report(codes.noBaseline, { uri: uri, range: e.range }, { fact: f.name, part: e.member, label: label(e.member) });
      } else if (e.kind === 'ContextRef') {
        const f = m.contextFact(e);
        if (!f)
          ctx.report(codes.bareBaseline, { uri: uri, range: e.range }, { part: e.which });
        else if (!(e.which === 'baseline' ? f.baseline : f.uln))
          ctx.report(codes.noBaseline, { uri: uri, range: e.range }, { fact: f.name, part: e.which, label: label(e.which) });
      }
    });
  },
});
