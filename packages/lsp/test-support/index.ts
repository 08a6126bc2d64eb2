// Client-side libraries for the editor tests under test/lsp (resolved from this package's
// dependencies): JSON-RPC over streams, and TextMate tokenisation.
export { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
export type { MessageConnection } from 'vscode-jsonrpc/node.js';
export type * from 'vscode-languageserver-protocol';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as textmate from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

export { textmate, oniguruma };

const require = createRequire(import.meta.url);

/** The bytes of the Oniguruma WebAssembly module that vscode-oniguruma ships. */
export function onigWasm(): ArrayBuffer {
  const buf = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}
