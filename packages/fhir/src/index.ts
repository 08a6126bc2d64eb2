// FHIR R4 for Vigil rule sets: bindings from facts to FHIR resources, and factsFromFhir.
// Everything here is dependency-free so that generated engine packages can embed it.
export * from './bindings/model.js';
export { validateBindings, type BindingIssue, type BindingsResult, type FactInfo } from './bindings/validate-bindings.js';
export { factsFromFhir, type FactsFromFhirOptions, type FhirFacts } from './facts/facts-from-fhir.js';
export { ageAt, instantOf } from './facts/dates.js';
export { ResourceIndex, type FhirIssue } from './facts/resources.js';
export { prefetchTemplates, pruneBindings, type PrefetchTemplate } from './prefetch.js';
