// instantiateEngine: the generated engine, `'function'` flavour, instantiated in-process
// with `new Function` (no disk, no dynamic import). Same generator and semantics as the
// ES module; only the export wrapper differs.
import type { IrProgram } from '@vigil/core';
import type { EvaluateOptions, EvaluationResult, FactInfo, FactIssue, FactType, NormalizedFacts, RuleInfo, ValidationResult } from '@vigil/runtime';
import { generateEngine } from './js/generate.js';

/** Facts as returned by `validateFacts` (every input key, normalised values or null), and the validation result: the runtime's types. */
export type { NormalizedFacts, ValidationResult } from '@vigil/runtime';

export interface EngineEvaluateOptions extends EvaluateOptions {
  /** Build explanations for fired decisions (default true). */
  readonly explain?: boolean;
}

// The engine's metadata types are the runtime's own (one declaration, also copied into
// every engine.d.ts); the names here stay for existing importers.
export type EngineFactType = FactType;
export type EngineFactInfo = FactInfo;
export type EngineRuleInfo = RuleInfo;

export interface FactsErrorLike extends Error {
  readonly issues: readonly FactIssue[];
}

/** A loaded engine: the exports of the generated module. */
export interface Engine {
  /** `strengths`: the rule set's own strength scale, strongest first, when its header declares one. */
  readonly ruleset: { readonly name: string; readonly version?: string; readonly strengths?: readonly string[]; readonly irVersion: string };
  readonly rules: readonly EngineRuleInfo[];
  readonly facts: readonly EngineFactInfo[];
  validateFacts(input: unknown): ValidationResult;
  /** Validates first; throws `FactsError` (with `.issues`) on invalid input. */
  evaluate(input: unknown, options?: EngineEvaluateOptions): EvaluationResult;
  evaluateValidated(facts: NormalizedFacts, options?: EngineEvaluateOptions): EvaluationResult;
  readonly FactsError: new (issues: readonly FactIssue[]) => FactsErrorLike;
}

/** Instantiate the engine for an IR from the function-flavour source. */
export function instantiateEngine(ir: IrProgram): Engine {
  return instantiateSource(generateEngine(ir, { flavour: 'function' }).js);
}

/** Instantiate function-flavour engine source (as produced by `generateEngine(ir, { flavour: 'function' })`). */
export function instantiateSource(js: string): Engine {
  // The source is generated from the IR with every IR string escaped; no user text is code.
  const make = new Function(js) as () => Engine;
  return make();
}
