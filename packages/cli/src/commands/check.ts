// `vigil check <paths…>`: report every problem in the rule sets the paths hold, each checked on its own.
import { ExitCode } from '../exit-codes.js';
import { renderDiagnostics, countSeverities } from '../render/code-frame.js';
import { jsonReport, renderJsonReport } from '../render/json.js';
import { renderSarif } from '../render/sarif.js';
import { loadRuleSets, lookupIn, type CommandContext } from './context.js';

export const CHECK_FORMATS = ['text', 'json', 'sarif'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckOptions {
  readonly format: CheckFormat;
  /** Warnings fail the check too. */
  readonly strict: boolean;
}

export async function runCheck(paths: readonly string[], options: CheckOptions, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const { sets, problems } = loadRuleSets(paths, await ctx.services(), io);
  const diagnostics = [...problems, ...sets.flatMap((s) => s.check.diagnostics)];
  const fileUris = [...new Set(sets.flatMap((s) => [...s.check.sources.keys()]))];
  const sources = lookupIn(...sets.map((s) => s.check.sources));
  switch (options.format) {
    case 'json':
      io.stdout.write(renderJsonReport(jsonReport(diagnostics, fileUris, io.cwd, ctx.version)));
      break;
    case 'sarif':
      io.stdout.write(renderSarif(diagnostics, io.cwd, ctx.version));
      break;
    default:
      io.stdout.write(renderDiagnostics(diagnostics, sources, fileUris.length, { cwd: io.cwd, colors: ctx.colors }));
  }
  const counts = countSeverities(diagnostics);
  return counts.errors > 0 || (options.strict && counts.warnings > 0) ? ExitCode.inputErrors : ExitCode.ok;
}
