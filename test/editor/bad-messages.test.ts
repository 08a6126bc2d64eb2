// Malformed and out-of-place LSP messages: the server answers each with an error or an
// empty result, never crashes, and keeps serving the documents it has.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LspClient } from '../lsp/client.js';
import { openDocument, type OpenDocument } from './support.js';

const TEXT = `ruleset t version "1"
facts {
  wbc: quantity 10*9/L
}
rule R-1 "Low WBC" source "s" strength strong
  when wbc < 2.5 10*9/L
  then stop azathioprine because "low"
`;

let doc: OpenDocument;
let client: LspClient;
let uri: string;
let dir: string;

beforeAll(async () => {
  doc = await openDocument('vigil-bad-lsp-', TEXT);
  ({ client, uri, dir } = doc);
}, 60_000);

afterAll(() => doc.close());

/** The request's answer, or the JSON-RPC error code it was refused with. */
async function outcome(method: string, params: unknown): Promise<{ result?: unknown; code?: number }> {
  try {
    return { result: await client.request(method, params) };
  } catch (error) {
    return { code: (error as { code?: number }).code ?? -1 };
  }
}

describe('bad LSP messages', () => {
  test('requests on a document that was never opened: read as an empty document', async () => {
    const other = pathToFileURL(join(dir, 'nowhere.vigil')).href;
    const at = { textDocument: { uri: other }, position: { line: 0, character: 0 } };
    expect(await outcome('textDocument/hover', at)).toEqual({ result: null });
    const definition = await outcome('textDocument/definition', at);
    expect(definition.code).toBeUndefined();
    expect(definition.result === null || (Array.isArray(definition.result) && definition.result.length === 0)).toBe(true);
    // Completion offers what an empty file can start with.
    const completion = (await outcome('textDocument/completion', at)).result as { label: string }[];
    expect(completion.map((c) => c.label)).toContain('ruleset');
    expect(completion.map((c) => c.label)).not.toContain('wbc');
  });

  test('positions outside the document are answered; positions that are not numbers are refused', async () => {
    const methods = ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references', 'textDocument/prepareRename'];
    for (const position of [{ line: 9999, character: 0 }, { line: 2, character: 9999 }, { line: -1, character: -5 }]) {
      for (const method of methods) {
        const r = await outcome(method, { textDocument: { uri }, position, context: { includeDeclaration: true } });
        expect(r.code, `${method} ${JSON.stringify(position)}`).toBeUndefined();
      }
    }
    for (const method of methods) {
      const r = await outcome(method, { textDocument: { uri }, position: { line: 'x', character: null }, context: { includeDeclaration: true } });
      expect(r.code, method).toBe(-32602);
    }
  });

  test('missing or wrongly typed params', async () => {
    for (const params of [null, {}, { textDocument: null }, { textDocument: { uri: 42 } }, 'text', [1, 2]]) {
      for (const method of ['textDocument/hover', 'textDocument/formatting', 'textDocument/documentSymbol', 'textDocument/semanticTokens/full', 'textDocument/codeAction', 'textDocument/inlayHint']) {
        const r = await outcome(method, params);
        expect(r.code, `${method} ${JSON.stringify(params)}`).toBe(-32602);
      }
    }
  });

  test('an unknown method is refused with MethodNotFound', async () => {
    expect((await outcome('vigil/noSuchThing', {})).code).toBe(-32601);
  });

  test('bad notifications: changes to unopened documents, ranges past the end, wrong shapes', async () => {
    const other = pathToFileURL(join(dir, 'ghost.vigil')).href;
    await client.notify('textDocument/didChange', { textDocument: { uri: other, version: 2 }, contentChanges: [{ text: 'x' }] });
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 500, character: 0 }, end: { line: 900, character: 3 } }, text: '' }] });
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: 'nonsense' });
    await client.notify('textDocument/didChange', null);
    await client.notify('textDocument/didOpen', { textDocument: { uri: 17 } });
    await client.notify('textDocument/didClose', {});
    await client.notify('vigil/unknownNotification', { a: 1 });
    // Still serving: a hover on the fact answers, and the server is alive.
    const hover = (await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 8 } })) as { contents: unknown } | null;
    expect(JSON.stringify(hover?.contents ?? '')).toContain('wbc');
    expect(client.exitCode).toBeNull();
  });

  test('after all of it, an edit still gets its diagnostics, inside the document', async () => {
    await client.replace(uri, 10, TEXT.replace('10*9/L\n}', '10*9/L\n  tpmt: enum { low }\n}').replace('wbc < 2.5 10*9/L', 'tpmt = lo'));
    const p = await client.waitFor((x) => x.uri === uri && x.version === 10);
    expect(p.diagnostics.map((d) => d.code)).toContain('VGL2005');
    const lines = TEXT.split('\n').length + 1;
    for (const d of p.diagnostics) expect(d.range.end.line).toBeLessThan(lines);
    expect(client.exitCode).toBeNull();
    expect(client.stderr.join('')).not.toMatch(/TypeError|RangeError|at .*\.mjs:\d+/);
    expect(client.logs.filter((l) => /failed|error|\n\s+at /i.test(l))).toEqual([]);
    expect(client.logs.filter((l) => / ignored: params\./.test(l)).length).toBeGreaterThanOrEqual(3);
  });
});
