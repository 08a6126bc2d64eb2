// Refuses a second `ruleset` header among the files of one check: a rule set has one name
// and version, and two headers mean two sets were put in one folder or one imports the other.
import { codes } from '../../diagnostics/codes.js';
import type { CheckerRule } from '../rule.js';

export const duplicateRulesetHeader: CheckerRule = {
  name: 'duplicate-ruleset-header',
  phase: 'semantic',
  check(ctx) {
    const headed = ctx.model.files.filter((f) => f.document.header !== undefined);
    const first = headed[0];
    if (!first) return;
    const firstName = first.uri.split('/').pop() ?? first.uri;
    for (const f of headed.slice(1)) {
      const h = f.document.header!;
      ctx.report(codes.duplicateRulesetHeader, { uri: f.uri, range: h.range }, { name: h.name.value, first: `${firstName} (ruleset ${first.document.header!.name.value})` }, {
        related: [{ uri: first.uri, range: first.document.header!.range, message: 'the rule set\'s header' }],
      });
    }
  },
};
