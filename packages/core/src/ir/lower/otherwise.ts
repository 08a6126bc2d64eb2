// An `otherwise` rule to IR: its condition is its own `when` and not (some sibling fires),
// each sibling's `when` and not its `unless`es. Siblings are lowered again, with atoms of
// their own, so every atom stays unique; in three-valued logic an unknown sibling leaves the
// `otherwise` rule unknown (not evaluable), never firing. Back ends see an ordinary rule.
import type { RuleDecl } from '../../language/ast.js';
import { otherwiseSiblings } from '../../semantics/otherwise.js';
import type { IrExpr } from '../ir.js';
import { LoweringError, type LowerContext } from './common.js';
import { lowerCond } from './expressions.js';

/** The `when` of the IR rule for `otherwise` rule `d` (its `unless`es stay in `unless`). */
export function lowerOtherwise(ctx: LowerContext, d: RuleDecl, uri: string): IrExpr | undefined {
  return firesWhen(ctx, d, uri, false, new Set());
}

function firesWhen(ctx: LowerContext, d: RuleDecl, uri: string, withUnless: boolean, seen: ReadonlySet<string>): IrExpr | undefined {
  const parts: IrExpr[] = [];
  if (d.when) parts.push(lowerCond(ctx, d.when, uri));
  if (d.otherwise) {
    // The checker reports a loop (VGL2042) before lowering runs.
    if (seen.has(d.id.value)) throw new LoweringError(`otherwise rules negate each other in a loop through ${d.id.value}`);
    const inner = new Set([...seen, d.id.value]);
    const siblings = otherwiseSiblings(ctx.model, d).map((id) => {
      const s = ctx.model.rules.get(id)!;
      return firesWhen(ctx, s.decl as RuleDecl, s.uri, true, inner) ?? ({ kind: 'boolean', value: true } as IrExpr);
    });
    if (siblings.length > 0) parts.push({ kind: 'not', arg: siblings.length === 1 ? siblings[0]! : { kind: 'or', args: siblings } });
  }
  if (withUnless) for (const u of d.unless) parts.push({ kind: 'not', arg: lowerCond(ctx, u, uri) });
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return { kind: 'and', args: parts.flatMap((p) => (p.kind === 'and' ? p.args : [p])) };
}
