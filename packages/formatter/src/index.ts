// Public API of the Vigil formatter.
export { format, isFormatted } from './format.js';
export type { FormatOptions } from './format.js';
