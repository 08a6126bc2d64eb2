// What every command receives, and the steps compile and eval share.
import type { Diagnostic, SourceText } from '@vigil/core';
import type { CliIo, Colors } from '../io.js';
import { describeFsError, UsageError } from '../io.js';
import type { RuleSetCheck, Services } from '../services.js';
import { countSeverities, renderDiagnostic, renderSummary, type SourceLookup } from '../render/code-frame.js';

export interface CommandContext {
  readonly io: CliIo;
  readonly colors: Colors;
  /** Resolved on first use, so that `check` never loads the compiler. */
  services(): Promise<Services>;
  readonly version: string;
}

export interface LoadedRuleSet {
  /** Absolute paths of the rule files named on the command line (directories expanded). */
  readonly files: readonly string[];
  readonly check: RuleSetCheck;
}

/** Expands and checks the rule-set paths; a path that does not exist, or names no rule file, is a usage error. */
export function loadRuleSet(paths: readonly string[], services: Services, io: CliIo): LoadedRuleSet {
  if (paths.length === 0) throw new UsageError('no rule files given');
  let collected: { files: string[]; missing: string[]; roots?: string[] };
  try {
    collected = services.collectRuleFiles(paths, io.cwd);
  } catch (error) {
    throw new UsageError(`cannot read the rule files: ${describeFsError(error)}`);
  }
  const { files, missing, roots } = collected;
  if (missing.length > 0) throw new UsageError(`cannot read '${missing[0]}': no such file or directory`);
  if (files.length === 0) throw new UsageError(`no .vigil files in ${paths.map((p) => `'${p}'`).join(', ')}`);
  return { files, check: services.checkFiles(files, roots) };
}

export function lookupIn(...maps: ReadonlyMap<string, SourceText>[]): SourceLookup {
  return (uri) => {
    for (const m of maps) {
      const s = m.get(uri);
      if (s) return s;
    }
    return undefined;
  };
}

/** Diagnostics in text form with a summary line, for stderr when a command refuses its input. */
export function renderProblems(diagnostics: readonly Diagnostic[], lookup: SourceLookup, fileCount: number, ctx: CommandContext): string {
  let out = '';
  for (const d of diagnostics) out += renderDiagnostic(d, lookup, { cwd: ctx.io.cwd, colors: ctx.colors });
  return out + renderSummary(countSeverities(diagnostics), fileCount, ctx.colors) + '\n';
}
