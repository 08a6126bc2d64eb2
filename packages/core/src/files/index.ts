// Reading and writing files safely: the one place the toolchain's input and output files go through.
export * from './file-errors.js';
export * from './read-limited.js';
export * from './write-atomic.js';
