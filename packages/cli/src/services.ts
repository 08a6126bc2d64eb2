// What the CLI needs from the language core and the compiler, behind one interface so
// that tests can run commands against stand-ins.
import { checkExpression, checkFiles, ruleSetsIn, type WorkspaceScan } from '@vigil/core';
import { emitIrJson, generateEngine, instantiateEngine } from '@vigil/compiler';
import type { Diagnostic, IrProgram, SourceText } from '@vigil/core';
import type { EvaluateOptions, EvaluationResult, FactIssue } from '@vigil/runtime';

export interface RuleSetCheck {
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, SourceText>;
  /** Present when there are no errors. */
  readonly ir?: IrProgram;
}

export interface Engine {
  /** The facts the rule set reads (generated engines have it; FHIR bindings are checked against it). */
  readonly facts?: readonly import('@vigil/fhir').FactInfo[];
  evaluate(input: unknown, options?: EvaluateOptions): EvaluationResult;
  validateFacts(input: unknown): { readonly ok: true; readonly facts: unknown } | { readonly ok: false; readonly issues: readonly FactIssue[] };
  /** Evaluates facts `validateFacts` returned, without validating them again (generated engines have it). */
  evaluateValidated?(facts: unknown, options?: EvaluateOptions & { readonly explain?: boolean }): EvaluationResult;
}

export interface GeneratedEngine {
  readonly js: string;
  readonly dts: string;
  readonly schema: string;
}

export interface Services {
  /** The rule sets paths hold (a directory: the sets below it); `missing` lists paths that do not exist. */
  ruleSetsIn(paths: readonly string[], cwd: string): WorkspaceScan;
  /** `roots`: the folders imports may reach (the paths named on the command line). */
  checkFiles(paths: readonly string[], roots?: readonly string[]): RuleSetCheck;
  /** The rule set plus the synthetic rule `__expr__` whose condition is the expression. */
  checkExpression(base: RuleSetCheck, exprText: string): RuleSetCheck;
  generateEngine(ir: IrProgram, options: { flavour?: 'esm' | 'function' }): GeneratedEngine;
  instantiateEngine(ir: IrProgram): Engine;
  emitIrJson(ir: IrProgram): string;
}

interface CompilerApi {
  generateEngine: Services['generateEngine'];
  instantiateEngine: Services['instantiateEngine'];
  emitIrJson: Services['emitIrJson'];
}

export { EXPRESSION_RULE_ID, EXPRESSION_URI } from '@vigil/core';

/** The JavaScript back end of @vigil/compiler. */
export const jsCompiler: CompilerApi = {
  generateEngine: (ir, options) => generateEngine(ir, options),
  instantiateEngine: (ir) => instantiateEngine(ir),
  emitIrJson: (ir) => emitIrJson(ir),
};

/** The language core with a compiler back end (by default the JavaScript one). */
export function defaultServices(compiler: CompilerApi = jsCompiler): Services {
  return {
    ruleSetsIn: (paths, cwd) => ruleSetsIn(paths, cwd),
    // Each command checks its rule set once (`test --watch` checks through the harness).
    checkFiles: (paths, roots) => checkFiles(paths, undefined, roots ? { roots, once: true } : { once: true }),
    checkExpression: (base, exprText) => checkExpression(base as Parameters<typeof checkExpression>[0], exprText),
    generateEngine: (ir, options) => compiler.generateEngine(ir, options),
    instantiateEngine: (ir) => compiler.instantiateEngine(ir),
    emitIrJson: (ir) => compiler.emitIrJson(ir),
  };
}
