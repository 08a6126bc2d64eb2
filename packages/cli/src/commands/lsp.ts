// `vigil lsp`: the language server on stdio, for editors (VS Code, neovim, …).
// The server owns the process from here on: it exits when the client says `exit`.
// Checks run in a worker thread started from this executable (see main.ts), as in the
// standalone server, so a long check never blocks completion or hover.
import { fileURLToPath } from 'node:url';
import type { CommandContext } from './context.js';

/**
 * The script a check worker runs: the bundled executable itself. Run from the TypeScript
 * sources (tests, `tsx`), there is no bundle to start, and checks stay in process.
 */
export function checkWorkerScript(moduleUrl = import.meta.url): string | undefined {
  const path = fileURLToPath(moduleUrl);
  return path.endsWith('.mjs') ? path : undefined;
}

/** Starts the server; resolves once it is listening (the process then lives until `exit`). */
export async function runLsp(_ctx: CommandContext): Promise<number> {
  const { startServer, harnessRunner } = await import('@vigil/lsp');
  const workerScript = checkWorkerScript();
  startServer({ testRunner: harnessRunner, ...(workerScript ? { workerScript } : {}) });
  return new Promise<number>(() => {
    // Never resolves: the connection ends the process on `exit`.
  });
}
