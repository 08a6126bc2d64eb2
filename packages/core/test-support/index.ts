// The test face of the language core (`@vigil/core/test`), kept out of `src` so that no
// bundle carries it: `<|…|>` markers in rule text, the facts block checker tests start
// from, builders of IR programs and a reference evaluator of IR conditions.
export * from './markers.js';
export * from './ir-builders.js';
export * from './analysis.js';
