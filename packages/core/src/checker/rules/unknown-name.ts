// Reports names that no declaration defines: facts and definitions in conditions, terms in
// value lists, facts before `.baseline`, with "did you mean" fixes.
import { codes } from '../../diagnostics/codes.js';
import type { Expr, Name } from '../../language/ast.js';
import { forEachDeclarationExpr } from '../../language/walk.js';
import type { SemanticModel } from '../../semantics/model.js';
import { didYouMean, suggest } from '../../semantics/suggest.js';
import { declarationRule, type CheckContext, type CheckerRule } from '../rule.js';

function isCodeLike(model: SemanticModel, e: Expr): boolean {
  const t = model.typeOf(e);
  return t.kind === 'code' || (t.kind === 'set' && t.element.kind === 'code');
}

function reportName(ctx: CheckContext, uri: string, name: Name, what: string, candidates: Iterable<string>): void {
  const near = suggest(name.value, candidates);
  ctx.report(codes.unknownName, { uri, range: name.range }, { what, name: name.value, suggestion: didYouMean(near) }, {
    fixes: near.map((n) => ({ title: `Change to '${n}'`, edits: [{ uri, range: name.range, newText: n }] })),
    data: { candidates: near },
  });
}

export const unknownName: CheckerRule = declarationRule({
  name: 'unknown-name',
  checkDeclaration(ctx, d, uri) {
    const m = ctx.model;
    const terms = () => [...m.members.keys(), ...m.valueSets.keys()];
    const isTerm = (n: string) => m.members.has(n) || m.valueSets.has(n);
    forEachDeclarationExpr(d, (e, parent) => {
      if (e.kind === 'MemberRef' && !m.facts.has(e.object.value)) {
        reportName(ctx, uri, e.object, 'fact', m.facts.keys());
        return;
      }
      if ((e.kind === 'InExpr' || e.kind === 'IncludesExpr') && isCodeLike(m, e.subject)) {
        for (const item of e.values.items) if (!isTerm(item.value)) reportName(ctx, uri, item, 'term or value set', terms());
        return;
      }
      if (e.kind !== 'NameRef' || m.typeOf(e).kind !== 'symbol') return;
      if (parent?.kind === 'CompareExpr' && (parent.op === '=' || parent.op === '!=')) {
        const other = parent.left === e ? parent.right : parent.left;
        const ot = m.typeOf(other);
        if (ot.kind === 'enum' || ot.kind === 'error') return; // enum values: unknown-enum-value
        if (ot.kind === 'code') {
          if (!isTerm(e.name.value)) reportName(ctx, uri, e.name, 'term', terms());
          return;
        }
      }
      reportName(ctx, uri, e.name, 'fact or definition', m.valueNames());
    });
  },
});
