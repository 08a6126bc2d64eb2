// Decision tables as the logic checks see them: each table of the model with its hit policy
// and its rows' IR rules, and a row's matching condition (its `when`: the table's `when` and
// its cells). The table checks (completeness, exclusivity, shadowed rows) share this.
import type { TableDecl } from '../language/ast.js';
import { hitPolicy, tableRowId, type HitPolicy } from '../language/tables.js';
import type { IrExpr, IrProgram, IrRule } from '../ir/ir.js';
import type { SemanticModel } from '../semantics/model.js';
import { walkIr } from '../ir/walk.js';

export interface TableRows {
  readonly decl: TableDecl;
  readonly uri: string;
  readonly policy: HitPolicy;
  /** The rows' rules, in row order (a row the IR lacks, none: the table is skipped). */
  readonly rows: readonly IrRule[];
  /** The table's own `when`, lowered (as the first row holds it); undefined when it has none. */
  readonly when: IrExpr | undefined;
}

/** Every table of the model whose rows are all in the IR. */
export function irTables(model: SemanticModel, ir: IrProgram): TableRows[] {
  const byId = new Map(ir.rules.map((r) => [r.id, r]));
  const out: TableRows[] = [];
  for (const f of model.files) {
    for (const d of f.document.declarations) {
      if (d.kind !== 'TableDecl' || d.rows.length === 0) continue;
      const rows = d.rows.map((_, i) => byId.get(tableRowId(d.id.value, i)));
      if (!rows.every((r): r is IrRule => r !== undefined)) continue;
      out.push({ decl: d, uri: f.uri, policy: hitPolicy(d), rows, when: d.when ? tableWhen(rows[0]!, d) : undefined });
    }
  }
  return out;
}

/** A row's condition: true when it has none (every cell `-`, no table `when`). */
export function rowCondition(rule: IrRule): IrExpr {
  return rule.when ?? { kind: 'boolean', value: true };
}

/**
 * The table's `when` out of a row's condition: the conjuncts whose atoms lie outside the
 * row's cells (a definition reference has no atoms, and comes from the `when` too).
 */
function tableWhen(row: IrRule, d: TableDecl): IrExpr | undefined {
  const w = row.when;
  if (!w) return undefined;
  const cells = d.rows[0]!.cellsRange;
  const inCells = (e: IrExpr): boolean => {
    let found = false;
    walkIr(e, (x) => {
      if ('location' in x && x.location && 'atom' in x) {
        const o = x.location.start.offset;
        if (o >= cells.start.offset && o < cells.end.offset) found = true;
        return false;
      }
      return !found;
    });
    return found;
  };
  const args = w.kind === 'and' ? w.args : [w];
  const own = args.filter((a) => !inCells(a));
  return own.length === 0 ? undefined : own.length === 1 ? own[0] : { kind: 'and', args: own };
}
