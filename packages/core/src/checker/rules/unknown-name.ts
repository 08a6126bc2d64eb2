// Reports names that no declaration defines: facts and definitions in conditions, terms in
// value lists, facts before `.baseline`, with "did you mean" fixes.
import { codes } from '../../diagnostics/codes.js';
import type { Expr, Name } from '../../language/ast.js';
import { forEachExpr } from '../../language/walk.js';
import type { SemanticModel } from '../../semantics/model.js';
import { didYouMean, suggest } from '../../semantics/suggest.js';
import type { CheckContext, CheckerRule } from '../rule.js';

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

export const unknownName: CheckerRule = {
  name: 'unknown-name',
  phase: 'semantic',
  check(ctx) {
    const m = ctx.model;
    const terms = () => [...m.members.keys(), ...m.valueSets.keys()];
    const isTerm = (n: string) => m.members.has(n) || m.valueSets.has(n);
    for (const file of m.files) {
      forEachExpr(file.document, (e, _decl, parent) => {
        if (e.kind === 'MemberRef' && !m.facts.has(e.object.value)) {
          reportName(ctx, file.uri, e.object, 'fact', m.facts.keys());
          return;
        }
        if ((e.kind === 'InExpr' || e.kind === 'IncludesExpr') && isCodeLike(m, e.subject)) {
          for (const item of e.values.items) if (!isTerm(item.value)) reportName(ctx, file.uri, item, 'term or value set', terms());
          return;
        }
        if (e.kind !== 'NameRef' || m.typeOf(e).kind !== 'symbol') return;
        if (parent?.kind === 'CompareExpr' && (parent.op === '=' || parent.op === '!=')) {
          const other = parent.left === e ? parent.right : parent.left;
          const ot = m.typeOf(other);
          if (ot.kind === 'enum' || ot.kind === 'error') return; // enum values: unknown-enum-value
          if (ot.kind === 'code') {
            if (!isTerm(e.name.value)) reportName(ctx, file.uri, e.name, 'term', terms());
            return;
          }
        }
        reportName(ctx, file.uri, e.name, 'fact or definition', m.valueNames());
      });
    }
  },
};
