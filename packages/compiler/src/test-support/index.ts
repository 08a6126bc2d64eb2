// The compiler's test face (`@vigil/compiler/test`): IR builders for tests that need a
// program without rule text, and the exact-number helpers tests compare other readers with.
export * from './ir-builders.js';
export { nearestDouble, parseExact } from '../js/escape.js';
