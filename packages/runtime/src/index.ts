export * from './types.js';
export * from './exact.js';
