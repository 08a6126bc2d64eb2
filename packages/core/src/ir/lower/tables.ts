// Lowering a decision table: each row is the rule TABLE.rowN (language/tables.ts says what
// it means), lowered exactly as a rule written out by hand.
import type { TableDecl } from '../../language/ast.js';
import { tableRules } from '../../language/tables.js';
import type { IrRule } from '../ir.js';
import type { LowerContext } from './common.js';
import { lowerRule } from './rules.js';

export function lowerTable(ctx: LowerContext, d: TableDecl, uri: string): IrRule[] {
  return tableRules(d).flatMap((r) => (ctx.model.rules.get(r.id.value)?.decl === r ? [lowerRule(ctx, r, uri)] : []));
}
