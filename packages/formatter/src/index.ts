// Public API of the Vigil formatter.
export { format, formatParsed, isFormatted } from './format.js';
export type { FormatOptions } from './format.js';
