// Public API of the CLI package: run the command line in-process, and its renderers.
export { main, VERSION } from './cli.js';
export { ExitCode } from './exit-codes.js';
export type { CliIo, TextSink } from './io.js';
export type { Services, Engine, RuleSetCheck, GeneratedEngine } from './services.js';
export { renderDiagnostic, renderDiagnostics, renderCodeFrame, renderSummary, formatLocation } from './render/code-frame.js';
export { jsonReport, renderJsonReport, type JsonReport, type JsonDiagnostic } from './render/json.js';
export { sarifLog, renderSarif } from './render/sarif.js';
export { parseFacts, factIssueDiagnostics, locateFactPath, type LoadedFacts } from './facts/load-facts.js';
export { defaultServices, jsCompiler } from './services.js';
export { loadBindings, loadFhirFacts, findBindingsFile, BINDINGS_FILE } from './fhir/load-bindings.js';
