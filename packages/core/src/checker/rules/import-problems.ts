// Reports rule files and imports that cannot be read, imports refused by the import
// boundary, and imports that form a cycle. Messages name the path, never a file's content.
import { codes } from '../../diagnostics/codes.js';
import type { CheckerRule } from '../rule.js';

export const importProblems: CheckerRule = {
  name: 'import-problems',
  phase: 'semantic',
  check(ctx) {
    for (const p of ctx.model.importProblems) {
      if (p.kind === 'cycle') ctx.report(codes.importCycle, p.at, { cycle: p.detail });
      else if (p.kind === 'unreadable') ctx.report(codes.unreadableFile, p.at, { path: p.path, reason: p.detail });
      else if (p.kind === 'refused') ctx.report(codes.importRefused, p.at, { path: p.path, reason: p.detail });
      else ctx.report(codes.importNotFound, p.at, { path: p.path, reason: p.detail });
    }
  },
};
