// Reports an `otherwise` rule whose group cannot be told: it joins no group, joins several
// without naming one (`otherwise in G`), or names one it does not join. Without its group
// the rule would have no siblings to negate and would fire unconditionally.
import { codes } from '../../diagnostics/codes.js';
import type { CheckerRule } from '../rule.js';

export const otherwiseWithoutGroup: CheckerRule = {
  name: 'otherwise-without-group',
  phase: 'semantic',
  check(ctx) {
    const model = ctx.model;
    for (const r of model.rules.values()) {
      if (r.decl.kind !== 'RuleDecl' || !r.decl.otherwise) continue;
      const o = r.decl.otherwise;
      const joined = [...new Set(r.decl.groups.map((g) => g.value))];
      const declared = joined.filter((g) => model.groups.has(g));
      let reason: string | undefined;
      if (o.group) {
        // An undeclared group is unknown-group's finding.
        if (model.groups.has(o.group.value) && !joined.includes(o.group.value)) reason = `names group '${o.group.value}', which it does not join; add it to the rule's 'group' clause`;
      } else if (joined.length === 0) {
        reason = "joins no group: add a 'group' clause naming the group whose other rules it completes";
      } else if (declared.length > 1) {
        reason = `joins several groups (${declared.join(', ')}): name the one it completes, as in 'otherwise in ${declared[0]}'`;
      }
      if (reason === undefined) continue;
      ctx.report(codes.otherwiseWithoutGroup, { uri: r.uri, range: o.group ? o.group.range : o.range }, { rule: r.name, reason });
    }
  },
};
