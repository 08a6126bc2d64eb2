// Public API of the language core.
export * from './language/ast.js';
export * from './language/source.js';
export * from './diagnostics/diagnostic.js';
export * from './diagnostics/codes.js';
export * from './ir/ir.js';
export * from './language/walk.js';
export * from './semantics/model.js';
export * from './semantics/suggest.js';
export * from './checker/rule.js';
export { allRules, semanticRules, runRules } from './checker/index.js';
export * from './ir/lower.js';
export * from './pipeline.js';
export * from './language/index.js';
export * from './units/index.js';
export { timeDimension, toDays } from './units/units-helpers.js';
export * from './analysis/index.js';
export * from './files/index.js';
