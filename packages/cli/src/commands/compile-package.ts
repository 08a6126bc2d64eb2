// `vigil compile RULES --target package`: the files of the npm package, with the rule
// set's FHIR bindings when it has them.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { commonFolder, type IrProgram } from '@vigil/core';
import { generatePackage, PackageError } from '@vigil/compiler';
import { ExitCode } from '../exit-codes.js';
import { pruneBindings } from '@vigil/fhir';
import { withBounds } from '../fhir/bound-thresholds.js';
import { factsRead } from '../fhir/facts-read.js';
import { BINDINGS_FILE, findBindingsFile, loadBindings } from '../fhir/load-bindings.js';
import { UsageError } from '../io.js';
import type { CompileOptions } from './compile.js';
import { lookupIn, renderProblems, type CommandContext } from './context.js';
import { packageRuntime } from './package-runtime.js';

/** The directory all rule files are under (their common ancestor). */
export async function packageOutputs(paths: readonly string[], files: readonly string[], ir: IrProgram, options: CompileOptions, ctx: CommandContext): Promise<[string, string][] | number> {
  const { io } = ctx;
  const services = await ctx.services();
  let bindings: unknown;
  let bindingsPath: string | undefined;
  try {
    bindingsPath = findBindingsFile(paths, io.cwd, options.bindings);
  } catch (error) {
    if (!(error instanceof UsageError) || options.bindings !== undefined) throw error;
  }
  if (bindingsPath !== undefined && (options.bindings !== undefined || existsSync(resolve(io.cwd, bindingsPath)))) {
    const engine = services.instantiateEngine(ir);
    const loaded = loadBindings(bindingsPath, io.cwd, engine.facts ?? []);
    if (!loaded.ok) {
      io.stderr.write(renderProblems(loaded.diagnostics, lookupIn(new Map([[loaded.source.uri, loaded.source]])), 1, ctx));
      io.stderr.write(`${ctx.colors.red('vigil compile')}: nothing written, ${BINDINGS_FILE} has errors.\n`);
      return ExitCode.inputErrors;
    }
    bindings = withBounds(pruneBindings(loaded.value, factsRead(ir)), ir);
  }
  try {
    const generated = generatePackage(ir, { runtime: await packageRuntime(), root: commonFolder(files), ...(bindings !== undefined ? { bindings } : {}), ...(options.name !== undefined ? { name: options.name } : {}) });
    return [...generated];
  } catch (error) {
    if (error instanceof PackageError) throw new UsageError(error.message);
    throw error;
  }
}
