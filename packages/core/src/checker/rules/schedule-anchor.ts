// Reports a schedule anchored (`from FACT`) to something that is not a date or datetime fact:
// the phases' dates are counted from the fact's value, so it must be a date a patient record
// holds, never a definition or a value of another type. An unknown name is VGL2001's.
import { codes } from '../../diagnostics/codes.js';
import type { RuleDecl } from '../../language/ast.js';
import { tableRules } from '../../language/tables.js';
import { describeType } from '../../semantics/model.js';
import { declarationRule, type CheckerRule } from '../rule.js';

export const scheduleAnchor: CheckerRule = declarationRule({
  name: 'schedule-anchor',
  checkDeclaration(ctx, d, uri) {
    const rules: readonly RuleDecl[] = d.kind === 'RuleDecl' ? [d] : d.kind === 'TableDecl' ? tableRules(d) : [];
    const m = ctx.model;
    for (const r of rules)
      for (const a of r.actions) {
        const anchor = a.schedule?.anchor;
        if (!anchor) continue;
        const name = anchor.name.value;
        const t = m.typeOf(anchor);
        if (t.kind === 'error' || t.kind === 'symbol') continue;
        const isFact = m.facts.has(name) && !m.definitions.has(name);
        if (isFact && (t.kind === 'date' || t.kind === 'datetime')) continue;
        const what = isFact ? `a fact of type ${describeType(t)}` : `a definition (${describeType(t)})`;
        ctx.report(codes.scheduleAnchorNotDate, { uri, range: anchor.range }, { anchor: name, what });
      }
  },
});
