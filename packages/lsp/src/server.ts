// Entry of the standalone language server bundle (dist/server.mjs): LSP on stdio.
import { startServer } from './connection.js';
import { loadTestRunner } from './harness.js';

startServer({ testRunner: await loadTestRunner() });
