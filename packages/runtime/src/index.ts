export * from './types.js';
export * from './vocabulary.js';
export * from './exact.js';
export * from './dose-rounding.js';
export * from './dose-text.js';
export * from './schedule-text.js';
