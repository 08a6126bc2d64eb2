// Lowering a decision table: each row is the rule TABLE.rowN (language/tables.ts says what
// it means), lowered exactly as a rule written out by hand.
import type { TableDecl } from '../../language/ast.js';
import { tableRules } from '../../language/tables.js';
import type { IrRule } from '../ir.js';
import type { LowerContext } from './common.js';
import { keptRule } from './rules.js';

/** `env`: the names token the rows' kept IR is valid for (kept.ts); rows keep their IR as rules do. */
export function lowerTable(ctx: LowerContext, env: object, d: TableDecl, uri: string): IrRule[] {
  return tableRules(d).flatMap((r) => (ctx.model.rules.get(r.id.value)?.decl === r ? [keptRule(ctx, env, r, uri)] : []));
}
