// Entry point of the `vigil` executable (bundled to dist/vigil.mjs). Started as a worker
// thread by `vigil lsp`, the same file is the language server's check worker, as the
// standalone server bundle is for itself.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { serveChecks, WORKER_FLAG } from '../../lsp/src/checker.js';
import { main } from './cli.js';

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG]) {
  serveChecks(parentPort);
} else {
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
  });
  process.exitCode = code;
}
