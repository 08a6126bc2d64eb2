// The language features, one per file, each a function of the workspace and the request.
// They read the core's check result and symbol index; none re-checks.
export { codeActions } from './code-actions.js';
export { completion } from './completion.js';
export { definition } from './definition.js';
export { documentHighlights } from './document-highlights.js';
export { documentSymbols } from './document-symbols.js';
export { foldingRanges } from './folding-ranges.js';
export { formatting, MAX_FORMAT_CHARS } from './formatting.js';
export { hover } from './hover.js';
export { inlayHints } from './inlay-hints.js';
export { references } from './references.js';
export { prepareRename, rename, RenameError } from './rename.js';
export { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from './semantic-tokens.js';
export { workspaceSymbols } from './workspace-symbols.js';
