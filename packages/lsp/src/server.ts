// Entry of the standalone language server bundle (dist/server.mjs): LSP on stdio. The same
// file, started as a worker thread, is the server's checker.
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { serveChecks, WORKER_FLAG } from './checker.js';
import { startServer } from './connection.js';
import { harnessRunner } from './harness.js';

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG]) {
  serveChecks(parentPort);
} else {
  startServer({ testRunner: harnessRunner, workerScript: fileURLToPath(import.meta.url) });
}
