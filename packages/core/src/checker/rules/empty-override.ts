// Warns about an `overrides` item that reaches nothing: a group whose only member is the
// overriding rule, every member excepted, or actions (`dose of G`) no rule of G has.
// An empty group is reported at its declaration (empty-group), not at every use.
import { codes } from '../../diagnostics/codes.js';
import type { RuleDecl } from '../../language/ast.js';
import { groupMembers, itemRules, selects } from '../../semantics/groups.js';
import type { CheckerRule } from '../rule.js';

export const emptyOverride: CheckerRule = {
  name: 'empty-override',
  phase: 'semantic',
  check(ctx) {
    const members = groupMembers(ctx.model);
    for (const r of ctx.model.rules.values()) {
      if (r.decl.kind !== 'RuleDecl') continue;
      const text = ctx.model.files.find((f) => f.uri === r.uri)?.source.text ?? '';
      for (const item of r.decl.overrideItems) {
        const name = item.name.value;
        const isGroup = ctx.model.groups.has(name);
        if (!isGroup && ctx.model.rules.get(name)?.kind !== 'rule') continue;
        if (isGroup && (members.get(name)?.length ?? 0) === 0) continue;
        const reached = itemRules(ctx.model, r.name, item);
        let reason: string | undefined;
        if (reached.length === 0) reason = isGroup ? `no rule of ${name} is left once ${r.name} itself and the excepted rules are taken out` : 'the rule is excepted';
        else if (item.actions.length > 0) {
          const any = reached.some((id) => (ctx.model.rules.get(id)!.decl as RuleDecl).actions.some((a) => item.actions.some((s) => selects(s, a))));
          if (!any) reason = `no rule of ${name} has such an action`;
        }
        if (reason === undefined) continue;
        ctx.report(codes.emptyOverride, { uri: r.uri, range: item.range }, { item: text.slice(item.range.start.offset, item.range.end.offset), reason });
      }
    }
  },
};
