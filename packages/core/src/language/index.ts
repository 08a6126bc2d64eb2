// The language front end: AST, source positions, vocabulary and the parse entry point.
export * from './ast.js';
export * from './source.js';
export { KEYWORDS, TOP_LEVEL_KEYWORDS, isKeyword, decodeString } from './tokens.js';
export type { DecodedString } from './tokens.js';
export { lexText, parseDocument, reparseDocument } from './parse.js';
export type { ParseResult } from './parse.js';
export { getSerializedGrammar, contentAssist } from './parser.js';
