// The public face of the language core (`@vigil/core`): check a rule set (text → AST →
// semantic model → checker → IR) and the types every front end and back end shares.
// Editor-facing services (incremental parsing, tokens, content assist, the semantic
// model's builder and walkers) are `@vigil/core/services`; test support is
// `@vigil/core/test`. Everything else (checker rules, lowering, the parser's inside) stays
// internal to this package.
export type * from './language/ast.js';
export * from './language/source.js';
export * from './diagnostics/diagnostic.js';
export * from './diagnostics/codes.js';
export * from './diagnostics/location.js';
export * from './diagnostics/code-frame.js';
export * from './diagnostics/json.js';
export * from './ir/ir.js';
export type * from './semantics/model.js';
export { didYouMean, editDistance, suggest } from './semantics/suggest.js';
export { parseDocument, type ParseResult } from './language/parse.js';
export { HIT_POLICIES, hitPolicy, parseRowId, tableRowId, tableRules, withTableRules, type HitPolicy } from './language/tables.js';
export { ACTIONS, ACTION_VERBS, actionEntry, actionLabel, isActionVerb, STRENGTHS, STRENGTH_NAMES } from '@vigil/runtime';
export type { ActionEntry, ActionForm, Strength } from '@vigil/runtime';
export * from './ir/walk.js';
export * from './ir/constant.js';
export { expressionDepth, limitDepth, MAX_EXPRESSION_DEPTH } from './language/expression-depth.js';
export {
  checkExpression,
  checkFiles,
  checkText,
  checkTexts,
  collectRuleFiles,
  EXPRESSION_RULE_ID,
  EXPRESSION_URI,
  nodeFileSystem,
  overlayFileSystem,
  RULE_FILE_EXTENSION,
  type CheckResult,
  type FileSystemHost,
  type LoadOptions,
} from './pipeline.js';
export { MAX_RULE_FILE_BYTES, MAX_RULE_SET_BYTES, readRuleFile, type RuleFileRead } from './rule-files.js';
export * from './terminal-text.js';
export * from './units/index.js';
export { timeDimension, toDays } from './units/units-helpers.js';
export * from './analysis/index.js';
export * from './workspace/ruleset-discovery.js';
export * from './files/index.js';
export * from './workspace/workspace.js';
