// Warns about a declared group that no rule joins: an `overrides` naming it suppresses
// nothing, which is never what its author meant.
import { codes } from '../../diagnostics/codes.js';
import { groupMembers } from '../../semantics/groups.js';
import { isTableGroup } from '../../semantics/model/decision-tables.js';
import type { CheckerRule } from '../rule.js';

export const emptyGroup: CheckerRule = {
  name: 'empty-group',
  phase: 'semantic',
  check(ctx) {
    const members = groupMembers(ctx.model);
    for (const g of ctx.model.groups.values()) {
      // A table's rows are its members; an empty table is empty-table's to report.
      if ((members.get(g.name)?.length ?? 0) > 0 || isTableGroup(g.decl)) continue;
      ctx.report(codes.emptyGroup, { uri: g.uri, range: g.decl.name.range }, { name: g.name });
    }
  },
};
