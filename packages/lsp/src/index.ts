// Public API of the Vigil language server.
export { startServer, SERVER_NAME, SERVER_VERSION } from './connection.js';
export type { ServerOptions } from './connection.js';
export { Workspace } from './workspace.js';
export type { TestRunner, TestRunReport, RuleTestOutcome } from './lenses.js';
export { harnessRunner } from './harness.js';
