// Units and exact numbers: UCUM parsing with exact conversion factors, unit algebra,
// and the curated list of clinical units accepted at engine boundaries.
export * from './rational.js';
export * from './units.js';
export * from './common-units.js';
export { suggestUnits } from './suggest-unit.js';
