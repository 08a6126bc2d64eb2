// The compiler's test face (`@vigil/compiler/test`): the exact-number helpers tests compare
// other readers with. IR builders are the core's (`@vigil/core/test`).
export { nearestDouble, parseExact } from '../js/escape.js';
