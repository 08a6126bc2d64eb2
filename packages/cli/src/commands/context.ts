// What every command receives, and the steps compile and eval share.
import { hasErrors, type Diagnostic, type IrProgram, type RuleSetFiles, type SourceText } from '@vigil/core';
import type { CliIo, Colors } from '../io.js';
import { describeFsError, displayPath, UsageError } from '../io.js';
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
  /** The rule set's name (`ruleset NAME`), or undefined for files below no header. */
  readonly name: string | undefined;
  /** Its folder. */
  readonly root: string;
  /** Absolute paths of its rule files (directories expanded). */
  readonly files: readonly string[];
  readonly check: RuleSetCheck;
}

export interface LoadedRuleSets {
  /** Each rule set the paths hold, checked on its own, by name. */
  readonly sets: readonly LoadedRuleSet[];
  /** Problems of the paths as a whole (one `ruleset` name in two folders, VGL2013). */
  readonly problems: readonly Diagnostic[];
}

/**
 * Finds the rule sets the paths hold (the core's workspace service: each folder with a
 * `ruleset` header is a set, files below no header one more, less those a set imports) and
 * checks each; a path that does not exist, or names no rule file, is a usage error.
 */
export function loadRuleSets(paths: readonly string[], services: Services, io: CliIo): LoadedRuleSets {
  if (paths.length === 0) throw new UsageError('no rule files given');
  let scan: ReturnType<Services['ruleSetsIn']>;
  try {
    scan = services.ruleSetsIn(paths, io.cwd);
  } catch (error) {
    throw new UsageError(`cannot read the rule files: ${describeFsError(error)}`);
  }
  if (scan.missing.length > 0) throw new UsageError(`cannot read '${scan.missing[0]}': no such file or directory`);
  if (scan.sets.length === 0) throw new UsageError(`no .vigil files in ${paths.map((p) => `'${p}'`).join(', ')}`);
  const load = (s: RuleSetFiles, files: readonly string[]): LoadedRuleSet => ({ name: s.name, root: s.root, files, check: services.checkFiles(files, scan.roots) });
  const sets = scan.sets.filter((s) => s.name !== undefined).map((s) => load(s, s.rules));
  // Files below no header that a set imports are checked with it, not on their own.
  const imported = new Set(sets.flatMap((s) => [...s.check.sources.keys()]));
  const loose = scan.sets.find((s) => s.name === undefined);
  const rest = loose?.rules.filter((f) => !imported.has(f)) ?? [];
  if (loose && rest.length > 0) sets.push(load(loose, rest));
  return { sets, problems: scan.diagnostics };
}

/** The one rule set the paths hold, for commands that evaluate one (eval, run, serve, gen-facts). */
export function loadRuleSet(paths: readonly string[], services: Services, io: CliIo): LoadedRuleSet {
  const { sets } = loadRuleSets(paths, services, io);
  if (sets.length > 1) {
    const names = sets.map((s) => `${s.name ?? 'files below no ruleset header'} (${displayPath(s.root, io.cwd)})`);
    throw new UsageError(`${paths.map((p) => `'${p}'`).join(', ')} hold ${sets.length} rule sets: ${names.join(', ')}; name the folder of one`);
  }
  return sets[0]!;
}

/**
 * The IR of a checked rule set, for commands that evaluate it; undefined after its errors
 * are written to stderr (the command then exits with input errors).
 */
export function irOrErrors(check: RuleSetCheck, ctx: CommandContext): IrProgram | undefined {
  if (!hasErrors(check.diagnostics) && check.ir) return check.ir;
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  ctx.io.stderr.write(renderProblems(errors, lookupIn(check.sources), check.sources.size, ctx));
  return undefined;
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
