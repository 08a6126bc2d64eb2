// Reports imports that cannot be read and imports that form a cycle.
import { codes } from '../../diagnostics/codes.js';
import type { CheckerRule } from '../rule.js';

export const importProblems: CheckerRule = {
  name: 'import-problems',
  phase: 'semantic',
  check(ctx) {
    for (const p of ctx.model.importProblems) {
      if (p.kind === 'cycle') ctx.report(codes.importCycle, p.at, { cycle: p.detail });
      else ctx.report(codes.importNotFound, p.at, { path: p.path, reason: p.detail });
    }
  },
};
