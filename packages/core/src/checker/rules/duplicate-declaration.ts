// Reports two declarations sharing one name or id (facts, definitions, value sets, members, rules).
import { codes } from '../../diagnostics/codes.js';
import { formatLocation } from '../../diagnostics/location.js';
import type { CheckerRule } from '../rule.js';

export const duplicateDeclaration: CheckerRule = {
  name: 'duplicate-declaration',
  phase: 'semantic',
  check(ctx) {
    for (const d of ctx.model.duplicates) {
      const where = formatLocation(d.first.uri, d.first.range.start);
      ctx.report(codes.duplicateDeclaration, d.second, { what: d.what, name: d.name, where }, {
        related: [{ uri: d.first.uri, range: d.first.range, message: `'${d.name}' first declared here` }],
      });
    }
  },
};
