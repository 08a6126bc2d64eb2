// Warns about a `tightens` item that reaches no monitoring schedule: no rule of the group
// monitors (or not that target), or every member is excepted. An unknown name is VGL2008's.
import { codes } from '../../diagnostics/codes.js';
import { itemRules } from '../../semantics/groups.js';
import { tightenClauses, tightenTargets } from '../../semantics/modifiers.js';
import type { CheckerRule } from '../rule.js';

export const emptyTightening: CheckerRule = {
  name: 'empty-tightening',
  phase: 'semantic',
  check(ctx) {
    const m = ctx.model;
    for (const { rule, uri, clause } of tightenClauses(m)) {
      const name = clause.item.name.value;
      const isGroup = m.groups.has(name);
      if (!isGroup && m.rules.get(name)?.kind !== 'rule') continue;
      if (tightenTargets(m, rule.id.value, clause).length > 0) continue;
      const target = clause.item.actions[0]?.target;
      const reason =
        itemRules(m, rule.id.value, clause.item).length === 0
          ? isGroup ? `no rule of ${name} is left once ${rule.id.value} itself and the excepted rules are taken out` : name === rule.id.value ? 'a rule cannot tighten its own schedule' : 'the rule is excepted'
          : `no rule ${isGroup ? `of ${name} ` : ''}has a monitoring schedule${target ? ` of ${target.value}` : ''}`;
      const text = m.files.find((f) => f.uri === uri)?.source.text ?? '';
      ctx.report(codes.emptyTightening, { uri, range: clause.item.range }, { item: text.slice(clause.item.range.start.offset, clause.item.range.end.offset), reason });
    }
  },
};
