// instantiateEngine: the generated engine, `'function'` flavour, instantiated in-process
// with `new Function` (no disk, no dynamic import). Same generator and semantics as the
// ES module; only the export wrapper differs.
import type { IrProgram } from '@vigil/core';
import type { EvaluateOptions, EvaluationResult, FactIssue } from '@vigil/runtime';
import { generateEngine } from './js/generate.js';

/** Facts as returned by `validateFacts`: every input key, normalised values or null. */
export type NormalizedFacts = Readonly<Record<string, unknown>>;

export type ValidationResult =
  | { readonly ok: true; readonly facts: NormalizedFacts }
  | { readonly ok: false; readonly issues: readonly FactIssue[] };

export interface EngineEvaluateOptions extends EvaluateOptions {
  /** Build explanations for fired decisions (default true). */
  readonly explain?: boolean;
}

export type EngineFactType =
  | { readonly kind: 'boolean' | 'text' | 'date' | 'datetime' | 'code' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'quantity'; readonly unit: string }
  | { readonly kind: 'set'; readonly element: EngineFactType };

export interface EngineFactInfo {
  readonly name: string;
  readonly type: EngineFactType;
  readonly baseline: boolean;
  readonly uln: boolean;
  readonly acceptedUnits?: readonly string[];
  readonly description?: string;
}

export interface EngineRuleInfo {
  readonly id: string;
  readonly title: string;
  readonly sources: readonly string[];
  readonly strength?: string;
  readonly overrides: readonly string[];
  readonly actions: readonly {
    readonly verb: string;
    readonly targets: readonly string[];
    readonly permanent: boolean;
    readonly message?: string;
    readonly dose?: { readonly unit: string; readonly ofStandard: boolean };
    readonly schedule?: readonly { readonly every: string; readonly bound?: { readonly kind: 'for' | 'until'; readonly text: string } }[];
  }[];
}

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
