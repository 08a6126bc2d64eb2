// The editor-facing face of the language core (`@vigil/core/services`): what a language
// server or formatter needs beyond checking, namely incremental and cached parsing, the
// token vocabulary, Chevrotain's content assist, the semantic model's builder and the
// syntax-tree walkers. Front ends that only check and compile use `@vigil/core`.
export { lexText, reparseDocument } from './language/parse.js';
export { KEYWORDS, TOP_LEVEL_KEYWORDS, isKeyword, decodeString, Keyword, ActionWord, Operator, tokenIs, keywordOf, type DecodedString } from './language/tokens.js';
export { getSerializedGrammar, contentAssist } from './language/parser.js';
export { parseCached, clearParseCache, clearDeclarationResults } from './pipeline.js';
export { serialiseCheck, restoreCheck, modelIsBuilt, type SerialisedCheck } from './serialised-check.js';
export { groupMembers, itemRules, resolveOverrides, selects, type ResolvedOverrides } from './semantics/groups.js';
export { tightenClauses, tightenTargets, type TightenTarget } from './semantics/modifiers.js';
export { otherwiseCycle, otherwiseGroup, otherwiseSiblings } from './semantics/otherwise.js';
export { clearLogicMemo } from './checker/logic-memo.js';
export { buildModel, describeType, unwrap, rangeBoundValue, plausibleRangeOf, ERROR, BOOLEAN } from './semantics/model.js';
export * from './language/walk.js';
