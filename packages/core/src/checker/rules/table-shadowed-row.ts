// Warns about a row of a `hit first` decision table that is never hit: every patient it matches (its inputs present) an earlier row matches first, or no patient matches it at all.
import { analyzerFor } from '../../analysis/solver.js';
import { irTables, rowCondition } from '../../analysis/tables.js';
import { codes } from '../../diagnostics/codes.js';
import type { CheckerRule } from '../rule.js';
import { at } from './unreachable-rule.js';

const MAX_SOLVES = 500;

export const tableShadowedRow: CheckerRule = {
  name: 'table-shadowed-row',
  phase: 'logic',
  check(ctx) {
    const ir = ctx.ir;
    if (!ir) return;
    const analyzer = analyzerFor(ir);
    let budget = MAX_SOLVES;
    for (const t of irTables(ctx.model, ir)) {
      if (t.policy !== 'first') continue;
      t.rows.forEach((row, j) => {
        if (j === 0 || budget-- <= 0 || ctx.full) return;
        // Only earlier rows that can match with this one can hide it: the joint solve grows
        // with every row in it, so the others are left out first, one small solve each.
        const earlier = t.rows.slice(0, j).filter((e) => analyzer.solve([{ expr: rowCondition(row), want: 'true' }, { expr: rowCondition(e), want: 'true' }]).status !== 'unsat');
        const r = analyzer.solve([{ expr: rowCondition(row), want: 'true' }, ...earlier.map((e) => ({ expr: rowCondition(e), want: 'false' as const }))]);
        if (r.status !== 'unsat' || r.approximate) return;
        // Whether the row matches anyone at all says which way to fix it.
        const alone = analyzer.solve([{ expr: rowCondition(row), want: 'true' }]);
        const reason = alone.status === 'unsat' ? `no patient matches it (${alone.reason})` : earlier.length === 1 ? `row ${earlier[0]!.id} matches every patient it matches` : `rows ${earlier.map((e) => e.id).join(', ')} match every patient it matches`;
        ctx.report(codes.tableShadowedRow, at(row.location), { row: j + 1, table: t.decl.id.value, reason }, { data: { table: t.decl.id.value, row: row.id } });
      });
    }
  },
};
