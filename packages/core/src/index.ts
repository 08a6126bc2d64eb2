// Public API of the language core.
export * from './language/ast.js';
export * from './language/source.js';
export * from './diagnostics/diagnostic.js';
export * from './diagnostics/codes.js';
export * from './ir/ir.js';
