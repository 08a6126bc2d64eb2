// Entry point of the `vigil` executable (bundled to dist/vigil.mjs). Started as a worker
// thread by `vigil lsp`, the same file is the language server's check worker, as the
// standalone server bundle is for itself.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { serveChecks, WORKER_FLAG } from '@vigil/lsp/checker';
import { main } from './cli.js';
import { describeFsError } from './io.js';
import { ExitCode } from './exit-codes.js';

// A reader that goes away (`vigil run … | head`) ends the command quietly; any other
// failure to write stdout or stderr (a full disk, /dev/full) is exit 2 naming the stream.
// Without these handlers Node prints "Unhandled 'error' event" with a stack trace.
for (const [stream, name] of [
  [process.stdout, 'standard output'],
  [process.stderr, 'standard error'],
] as const) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.ok);
    if (name === 'standard output') {
      try {
        process.stderr.write(`error: cannot write to ${name}: ${describeFsError(error)}\n`);
      } catch {
        // stderr is gone too: the exit code still tells
      }
    }
    process.exit(ExitCode.usage);
  });
}

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
