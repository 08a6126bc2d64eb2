// Reports a decision-table row whose cells do not match the header's columns one to one (a cell lost or added shifts every test after it).
import { codes } from '../../diagnostics/codes.js';
import type { CheckerRule } from '../rule.js';

export const tableRowCells: CheckerRule = {
  name: 'table-row-cells',
  phase: 'semantic',
  check(ctx) {
    for (const f of ctx.model.files) {
      const text = f.source.text;
      for (const d of f.document.declarations) {
        if (d.kind !== 'TableDecl') continue;
        const names = d.columns.map((c) => text.slice(c.range.start.offset, c.range.end.offset)).join(', ');
        d.rows.forEach((row, i) => {
          if (row.cells.length === d.columns.length) return;
          ctx.report(
            codes.tableRowCells,
            { uri: f.uri, range: row.cellsRange },
            { row: i + 1, table: d.id.value, cells: row.cells.length, s: row.cells.length === 1 ? '' : 's', columns: d.columns.length, cs: d.columns.length === 1 ? '' : 's', names },
            { related: [{ uri: f.uri, range: d.header, message: `The header of ${d.id.value}` }] },
          );
        });
      }
    }
  },
};
