// Warns about a decision table with a header and no rows: it decides nothing, and overriding it suppresses nothing.
import { codes } from '../../diagnostics/codes.js';
import type { CheckerRule } from '../rule.js';

export const emptyTable: CheckerRule = {
  name: 'empty-table',
  phase: 'semantic',
  check(ctx) {
    for (const f of ctx.model.files) {
      for (const d of f.document.declarations) {
        if (d.kind === 'TableDecl' && d.rows.length === 0) ctx.report(codes.emptyTable, { uri: f.uri, range: d.id.range }, { table: d.id.value });
      }
    }
  },
};
