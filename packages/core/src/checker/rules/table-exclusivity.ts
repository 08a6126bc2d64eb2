// Reports two rows of a decision table that can match one patient where the hit policy forbids it, with a witness: any two rows of a `hit unique` table, and two rows of a `hit priority` table whose outputs differ but rank alike (neither wins).
import { analyzerFor } from '../../analysis/solver.js';
import { irTables, rowCondition } from '../../analysis/tables.js';
import { codes } from '../../diagnostics/codes.js';
import type { IrRule } from '../../ir/ir.js';
import { rowRank } from '../../language/tables.js';
import type { CheckerRule } from '../rule.js';
import { at } from './unreachable-rule.js';

/** Most pairs of rows solved per rule set. */
const MAX_PAIRS = 2000;

/** What a row outputs, without where it is written. */
function output(rule: IrRule): string {
  return JSON.stringify(rule.actions, (k, v: unknown) => (k === 'location' || k === 'atom' || k === 'text' ? undefined : v));
}

export const tableExclusivity: CheckerRule = {
  name: 'table-exclusivity',
  phase: 'logic',
  check(ctx) {
    const ir = ctx.ir;
    if (!ir) return;
    const analyzer = analyzerFor(ir);
    let budget = MAX_PAIRS;
    for (const t of irTables(ctx.model, ir)) {
      if (t.policy !== 'unique' && t.policy !== 'priority') continue;
      const ranks = t.decl.rows.map(rowRank);
      for (let j = 1; j < t.rows.length; j++) {
        for (let i = 0; i < j; i++) {
          const a = t.rows[i]!;
          const b = t.rows[j]!;
          if (t.policy === 'priority' && (ranks[i] !== ranks[j] || output(a) === output(b))) continue;
          if (budget-- <= 0 || ctx.full) return;
          const r = analyzer.solve([
            { expr: rowCondition(a), want: 'true' },
            { expr: rowCondition(b), want: 'true' },
          ]);
          if (r.status !== 'sat' || r.approximate) continue;
          const args = { first: a.id, second: b.id, table: t.decl.id.value, witness: r.witness.text, verb: a.actions.map((x) => x.verb).find((v) => ranks[i] === ranks[j]) ?? '' };
          const code = t.policy === 'unique' ? codes.tableOverlap : codes.tablePriorityTie;
          if (t.policy === 'priority') args.verb = [...new Set(b.actions.map((x) => x.verb))].join(', ');
          ctx.report(code, at(b.location), args, {
            related: [{ ...at(a.location), message: `Row ${a.id}` }],
            data: { table: t.decl.id.value, rows: [a.id, b.id], witness: r.witness.facts, witnessText: r.witness.text },
          });
        }
      }
    }
  },
};
