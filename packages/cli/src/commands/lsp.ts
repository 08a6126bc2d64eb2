// `vigil lsp`: the language server on stdio, for editors (VS Code, neovim, …).
// The server owns the process from here on: it exits when the client says `exit`.
import type { CommandContext } from './context.js';

export const LSP_HELP = `
Speaks the Language Server Protocol on stdin/stdout; editors start it for .vigil files.
Options --stdio is accepted (and implied) for clients that always pass it.

Example (neovim):
  vim.lsp.start({ name = 'vigil', cmd = { 'vigil', 'lsp' }, root_dir = vim.fn.getcwd() })`;

/** Starts the server; resolves once it is listening (the process then lives until `exit`). */
export async function runLsp(_ctx: CommandContext): Promise<number> {
  const { startServer, loadTestRunner } = await import('../../../lsp/src/index.js');
  startServer({ testRunner: await loadTestRunner() });
  return new Promise<number>(() => {
    // Never resolves: the connection ends the process on `exit`.
  });
}
