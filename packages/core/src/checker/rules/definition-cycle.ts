// Reports definitions that refer to themselves through other definitions.
import { codes } from '../../diagnostics/codes.js';
import type { CheckerRule } from '../rule.js';

export const definitionCycle: CheckerRule = {
  name: 'definition-cycle',
  phase: 'semantic',
  check(ctx) {
    for (const [name, cycle] of ctx.model.definitionCycles) {
      const d = ctx.model.definitions.get(name);
      if (d) ctx.report(codes.definitionCycle, { uri: d.uri, range: d.decl.name.range }, { cycle: cycle.join(' → ') });
    }
  },
};
