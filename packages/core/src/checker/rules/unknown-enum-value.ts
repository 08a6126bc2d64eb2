// Reports enum comparisons and memberships that name a value the enum does not have.
import { codes } from '../../diagnostics/codes.js';
import type { Name } from '../../language/ast.js';
import { forEachDeclarationExpr } from '../../language/walk.js';
import type { SemType } from '../../semantics/model.js';
import { didYouMean, suggest } from '../../semantics/suggest.js';
import { declarationRule, type CheckContext, type CheckerRule } from '../rule.js';

function check(ctx: CheckContext, uri: string, t: SemType, name: Name): void {
  if (t.kind !== 'enum' || t.values.includes(name.value)) return;
  const near = suggest(name.value, t.values);
  ctx.report(
    codes.unknownEnumValue,
    { uri, range: name.range },
    { value: name.value, fact: t.fact ?? 'the enum', values: t.values.join(', '), suggestion: didYouMean(near) },
    { fixes: near.map((n) => ({ title: `Change to '${n}'`, edits: [{ uri, range: name.range, newText: n }] })) },
  );
}

export const unknownEnumValue: CheckerRule = declarationRule({
  name: 'unknown-enum-value',
  checkDeclaration(ctx, d, uri) {
    const m = ctx.model;
    forEachDeclarationExpr(d, (e) => {
      if (e.kind === 'CompareExpr') {
        for (const [a, b] of [
          [e.left, e.right],
          [e.right, e.left],
        ] as const) {
          if (b.kind === 'NameRef' && m.typeOf(b).kind === 'symbol') check(ctx, uri, m.typeOf(a), b.name);
        }
      } else if (e.kind === 'InExpr') {
        const t = m.typeOf(e.subject);
        for (const item of e.values.items) check(ctx, uri, t, item);
      } else if (e.kind === 'IncludesExpr') {
        const t = m.typeOf(e.subject);
        if (t.kind === 'set') for (const item of e.values.items) check(ctx, uri, t.element, item);
      }
    });
  },
});
