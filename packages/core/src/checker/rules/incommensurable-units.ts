// Reports quantities whose units measure different things (mg against 10*9/L), naming both sides;
// a bare number against a quantity gets a quick fix that writes the quantity's unit.
import { codes } from '../../diagnostics/codes.js';
import { forEachDeclarationExpr } from '../../language/walk.js';
import { dimensionLabel, timeDimension } from '../../units/units-helpers.js';
import { textOf } from '../helpers.js';
import { declarationRule, type CheckerRule } from '../rule.js';

export const incommensurableUnits: CheckerRule = declarationRule({
  name: 'incommensurable-units',
  checkDeclaration(ctx, d, uri) {
    const m = ctx.model;
    forEachDeclarationExpr(d, (e) => {
      let pair: [typeof e, typeof e] | undefined;
      if (e.kind === 'CompareExpr') pair = [e.left, e.right];
      else if (e.kind === 'ArithmeticExpr' && (e.op === '+' || e.op === '-')) pair = [e.left, e.right];
      if (pair) {
        const [a, b] = pair;
        const ta = m.typeOf(a);
        const tb = m.typeOf(b);
        if (ta.kind !== 'quantity' || tb.kind !== 'quantity' || ta.unit.dimension === tb.unit.dimension) return;
        const side = (x: typeof a, u: typeof ta.unit) => `'${textOf(m, uri, x.range)}' (${u.code}: ${dimensionLabel(u.dimension)})`;
        // A number written without a unit against a quantity that has one: offer that unit.
        const bare = (x: typeof a) => x.kind === 'QuantityLiteral' && x.unit === undefined;
        const fixes = [];
        for (const [x, other] of [[a, tb.unit], [b, ta.unit]] as const) {
          if (bare(x) && other.dimension !== '1') {
            fixes.push({ title: `Write ${textOf(m, uri, x.range)} ${other.code}`, edits: [{ uri, range: { start: x.range.end, end: x.range.end }, newText: ` ${other.code}` }] });
          }
        }
        ctx.report(
          codes.incommensurableUnits,
          { uri, range: e.range },
          { operation: e.kind === 'CompareExpr' ? 'compare' : 'add or subtract', left: side(a, ta.unit), right: side(b, tb.unit) },
          fixes.length > 0 ? { fixes } : undefined,
        );
      } else if (e.kind === 'ElapsedExpr' && e.amount.unit) {
        const t = m.typeOf(e.amount);
        if (t.kind === 'quantity' && t.unit.dimension !== timeDimension())
          ctx.report(codes.elapsedNotTime, { uri, range: e.amount.range }, { quantity: textOf(m, uri, e.amount.range), unit: t.unit.code, dimension: dimensionLabel(t.unit.dimension) });
      }
    });
  },
});
