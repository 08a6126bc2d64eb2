// The analysis engine: reasoning about which patients satisfy rule conditions, for the
// logic checker rules now and for the reviewer's diff and coverage later.
export { Analyzer, analyzerFor, fireCondition, solve, type Goal, type SolveOptions, type SolveResult } from './solver.js';
export { regions, regionHolds, type RegionAxis, type RegionCell, type RegionOptions, type RegionReport } from './regions.js';
export { doseInputs, doseInputsPresent } from './dose-inputs.js';
export type { Truth } from './normal-form.js';
export { AnalysisLimit } from './normal-form.js';
export type { Model, Witness } from './witness.js';
export type { PartInfo } from './parts.js';
export { middle, pickPlausible, plausibleValue, typicalValue, type Plausible, type PlausibleBounds, type PlausibleRanges, type PlausibleValues } from './plausible.js';
export type { Interval } from './nice.js';
