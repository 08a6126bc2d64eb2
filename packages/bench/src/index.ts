// @vigil/bench: the benchmark subset in every engine's form, for tests and the bench script.
export { SUBSET, subsetVigil, JSON_LOGIC_RULES, JRE_RULES, zenGraph } from './subset.js';
export { evaluateHandwritten } from './handwritten.js';
export { generatedRuleSet } from './ruleset-gen.js';
export { realisticRuleSet } from './realistic-set.js';
