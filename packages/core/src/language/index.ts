// The language front end: AST, source positions, vocabulary and the parse entry point.
export * from './ast.js';
export * from './source.js';
export { KEYWORDS, TOP_LEVEL_KEYWORDS, isKeyword, decodeString, Keyword, ActionWord, Operator, tokenIs, keywordOf } from './tokens.js';
export type { DecodedString } from './tokens.js';
export { ACTIONS, ACTION_VERBS, actionEntry, actionLabel, isActionVerb, STRENGTHS, STRENGTH_NAMES } from '@vigil/runtime';
export type { ActionEntry, ActionForm, Strength } from '@vigil/runtime';
export { lexText, parseDocument, reparseDocument } from './parse.js';
export type { ParseResult } from './parse.js';
export { getSerializedGrammar, contentAssist } from './parser.js';
