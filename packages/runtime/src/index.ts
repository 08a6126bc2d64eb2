export * from './types.js';
export * from './exact.js';
export * from './dose-rounding.js';
