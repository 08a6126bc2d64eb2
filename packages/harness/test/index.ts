// The harness's test face (`@vigil/harness/test`): the demo rule set in temporary trees
// and a small XML reader for JUnit reports, for tests of front ends that run the harness.
export * from './helpers.js';
export { parseXml } from './xml.js';
