// Public API of the compiler: the JavaScript back end and the IR's JSON form.
export { generateEngine, EXPORTS, type EngineFlavour, type GenerateOptions, type GeneratedEngine } from './js/generate.js';
export { GenerateError } from './js/escape.js';
export {
  instantiateEngine,
  instantiateSource,
  type Engine,
  type EngineEvaluateOptions,
  type EngineFactInfo,
  type EngineFactType,
  type EngineRuleInfo,
  type FactsErrorLike,
  type NormalizedFacts,
  type ValidationResult,
} from './load.js';
export { emitIrJson } from './ir-json.js';
export { schedulePhaseResult } from './js/schedule-result.js';
export { anchorOffsets } from './js/anchored-schedule.js';
export { relativeUri, ruleSetRoot, withRelativeLocations } from './ir-locations.js';
export { generatePackage, contentHash, PackageError, type PackageFiles, type PackageOptions, type PackageRuntime } from './package/generate-package.js';
// The program tables the JavaScript back end derives from the IR (input keys and slots,
// code-term classes), for other back ends that must agree with it (@vigil/sql).
export { EmitContext as ProgramTables, typeOf, type InputKey } from './js/context.js';
export { includesSpellings, membershipValues, normalizeCode } from './js/emit-atoms.js';
