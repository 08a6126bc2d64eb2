// One bundled server over stdio with one document open in a fresh folder, for the editor tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../lsp/client.js';

export interface OpenDocument {
  readonly client: LspClient;
  readonly dir: string;
  readonly uri: string;
  close(): Promise<void>;
}

/** Starts the server in a new temporary folder and opens `text` as `main.vigil`, waiting for its first diagnostics. */
export async function openDocument(prefix: string, text: string): Promise<OpenDocument> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const { client } = await LspClient.start(dir);
  const uri = pathToFileURL(join(dir, 'main.vigil')).href;
  await client.open(uri, text);
  await client.waitFor((p) => p.uri === uri);
  return {
    client,
    dir,
    uri,
    async close() {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
