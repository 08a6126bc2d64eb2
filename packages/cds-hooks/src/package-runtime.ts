// What a generated engine package embeds beside its engine (bundled by scripts/build.mjs
// into the CLI, which writes it out as runtime.js and runtime.cjs).
export { factsFromFhir } from '@vigil/fhir';
export { createCdsService } from './service.js';
