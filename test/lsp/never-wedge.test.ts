// Inputs that used to stop the server answering, each over the real server on stdio with a
// time limit that fails fast: completion in a file that starts with a blank line, requests
// on deeply nested conditions, and an out-of-order didChange.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { CompletionItem, Hover } from '@vigil/lsp/test';
import { serverInTempDir } from './client.js';

const server = serverInTempDir('vigil-wedge-');
let n = 0;
const newUri = () => pathToFileURL(join(server.dir, `f${n++}.vigil`)).href;

/** The request's answer, failing the test when it takes longer than `ms`. */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))]);
}

const labels = (items: CompletionItem[] | { items: CompletionItem[] } | null) => (Array.isArray(items) ? items : (items?.items ?? [])).map((i) => i.label);

describe('completion at a leading blank line', () => {
  test.each([
    ['"\\n" at 0:0', '\n', { line: 0, character: 0 }],
    ['"\\n" at 1:0', '\n', { line: 1, character: 0 }],
    ['"\\nr" at 1:1', '\nr', { line: 1, character: 1 }],
    ['"\\n\\n" at 1:0', '\n\n', { line: 1, character: 0 }],
    ['"\\r\\n" at 0:0', '\r\n', { line: 0, character: 0 }],
    ['a blank line above a rule, at 0:0', '\nrule R-1 "t"\n  when x\n  then stop y\n', { line: 0, character: 0 }],
  ])('%s is answered, and the server goes on answering', async (_what, text, position) => {
    const uri = newUri();
    await server.client.open(uri, text);
    const items = await within(3_000, 'completion', server.client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position }));
    expect(labels(items)).toContain('rule');
    await within(3_000, 'hover after completion', server.client.request('textDocument/hover', { textDocument: { uri }, position }));
    await within(5_000, 'diagnostics after completion', server.client.waitFor((p) => p.uri === uri));
  });
});

describe('deep nesting: every request is bounded', () => {
  const FACTS = 'facts {\n  a: boolean\n}\n';
  const METHODS: [string, (uri: string, line: number, character: number) => object][] = [
    ['textDocument/completion', (uri, line, character) => ({ textDocument: { uri }, position: { line, character } })],
    ['textDocument/hover', (uri, line, character) => ({ textDocument: { uri }, position: { line, character } })],
    ['textDocument/definition', (uri, line, character) => ({ textDocument: { uri }, position: { line, character } })],
    ['textDocument/references', (uri, line, character) => ({ textDocument: { uri }, position: { line, character }, context: { includeDeclaration: true } })],
    ['textDocument/documentHighlight', (uri, line, character) => ({ textDocument: { uri }, position: { line, character } })],
    ['textDocument/semanticTokens/full', (uri) => ({ textDocument: { uri } })],
    ['textDocument/documentSymbol', (uri) => ({ textDocument: { uri } })],
    ['textDocument/foldingRange', (uri) => ({ textDocument: { uri } })],
    ['textDocument/formatting', (uri) => ({ textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })],
    ['textDocument/codeAction', (uri) => ({ textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, context: { diagnostics: [] } })],
    ['textDocument/inlayHint', (uri) => ({ textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } })],
    ['textDocument/codeLens', (uri) => ({ textDocument: { uri } })],
  ];
  test.each([
    ['640 closed parentheses', (k: number) => '('.repeat(k) + 'a' + ')'.repeat(k), 640],
    ['10,000 closed parentheses', (k: number) => '('.repeat(k) + 'a' + ')'.repeat(k), 10_000],
    ['10,000 open parentheses', (k: number) => '('.repeat(k), 10_000],
    ['10,000 nots', (k: number) => 'not '.repeat(k) + 'a', 10_000],
  ])('%s', async (_what, condition, k) => {
    const uri = newUri();
    const cond = condition(k);
    await server.client.open(uri, `${FACTS}rule R-1 "t" source "s"\n  when ${cond}\n  then caution azathioprine\n`);
    // The first answer waits for the check of the new text, which is bounded too.
    await within(10_000, 'diagnostics', server.client.waitFor((p) => p.uri === uri));
    for (const character of [7 + Math.floor(cond.length / 2), 7 + cond.length]) {
      for (const [method, params] of METHODS) {
        await within(2_000, `${method} at 4:${character}`, server.client.request(method, params(uri, 4, character)));
      }
    }
    const items = await server.client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 7 + cond.length } });
    // After ')' the condition goes on; elsewhere a primary may come ('not'; the fact names
    // only when the file parses at all, which 10,000 levels do not).
    expect(labels(items)).toContain(cond.endsWith(')') ? 'and' : 'not');
  }, 60_000);
});

describe('didChange versions', () => {
  test('an out-of-order change is ignored: v3 then v2 then v4 gives diagnostics for v3, then v4', async () => {
    const uri = newUri();
    const facts = 'facts {\n  tpmt: enum { low, absent }\n}\n';
    const rule = (cond: string) => `${facts}rule R-1 "t" source "s"\n  when ${cond}\n  then caution azathioprine\n`;
    await server.client.open(uri, rule('tpmt = low'), 1);
    await server.client.waitFor((p) => p.uri === uri && p.version === 1);
    await server.client.replace(uri, 3, rule('tpmt = absent'));
    await server.client.replace(uri, 2, rule('tpmt = lo')); // late: the editor has moved on
    const hover = await server.client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 14 } });
    expect(JSON.stringify(hover?.contents)).toContain('absent');
    const v3 = await server.client.waitFor((p) => p.uri === uri && p.version === 3);
    expect(v3.diagnostics.map((d) => d.code)).not.toContain('VGL2005');
    // v4 is an incremental edit on v3's text ('absent' → 'lo', the typo v2 had).
    await server.client.edit(uri, 4, [{ range: { start: { line: 4, character: 14 }, end: { line: 4, character: 20 } }, text: 'lo' }]);
    const v4 = await server.client.waitFor((p) => p.uri === uri && p.version === 4);
    expect(v4.diagnostics.map((d) => d.code)).toContain('VGL2005');
    expect(server.client.published.filter((p) => p.uri === uri).map((p) => p.version)).not.toContain(2);
    // A repeated version is late too.
    await server.client.replace(uri, 4, rule('tpmt = low'));
    await server.client.edit(uri, 5, [{ range: { start: { line: 4, character: 14 }, end: { line: 4, character: 16 } }, text: 'absent' }]);
    const v5 = await server.client.waitFor((p) => p.uri === uri && p.version === 5);
    expect(v5.diagnostics.map((d) => d.code)).not.toContain('VGL2005');
  });
});
