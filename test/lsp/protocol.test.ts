// Protocol conformance of the bundled server, over raw bytes on stdio: the lifecycle
// (initialize, shutdown, exit), parse errors, bad framing, and requests whose parameters
// are malformed. Each answer must come quickly, never as a stack trace.
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { frame, RawClient, traces } from './raw-client.js';

const clients: RawClient[] = [];
// Servers of the single tests; the parameter cases share one (see below).
async function start(init = true, keep = false): Promise<RawClient> {
  const c = init ? await RawClient.initialized() : await RawClient.start();
  if (!keep) clients.push(c);
  return c;
}

afterEach(() => {
  for (const c of clients.splice(0)) c.kill();
});

const DOC = { uri: 'file:///nowhere/a.vigil' };
const AT = { line: 0, character: 0 };
const logged = (c: RawClient) => c.received.filter((m) => m.method === 'window/logMessage').map((m) => (m.params as { message: string }).message);
function expectNoTraces(c: RawClient): void {
  expect(traces(c.errorOutput)).toEqual([]);
  expect(traces(logged(c).join('\n'))).toEqual([]);
}

/** The server still answers: a cheap request gets its result. */
async function expectAlive(c: RawClient): Promise<void> {
  const r = await c.request('workspace/symbol', { query: 'zzz' }, 5_000);
  expect(r.error).toBeUndefined();
  expect(r.result).toEqual([]);
}

describe('lifecycle', () => {
  test('requests before initialize are refused with ServerNotInitialized, notifications dropped', async () => {
    const c = await start(false);
    expect((await c.request('textDocument/hover', { textDocument: DOC, position: AT })).error?.code).toBe(-32002);
    expect((await c.request('shutdown')).error?.code).toBe(-32002);
    c.notify('textDocument/didOpen', { textDocument: { ...DOC, languageId: 'vigil', version: 1, text: 'rule' } });
    const init = await c.request('initialize', { processId: null, rootUri: null, capabilities: {} });
    expect(init.error).toBeUndefined();
    expect((init.result as { capabilities: object }).capabilities).toBeDefined();
    // The didOpen sent before initialize was dropped: no diagnostics for it.
    await expectAlive(c);
    expect(c.received.some((m) => m.method === 'textDocument/publishDiagnostics')).toBe(false);
    expectNoTraces(c);
  });

  test('a second initialize is refused with InvalidRequest', async () => {
    const c = await start();
    const again = await c.request('initialize', { processId: null, rootUri: null, capabilities: {} });
    expect(again.error?.code).toBe(-32600);
    await expectAlive(c);
  });

  test('after shutdown every request is refused with InvalidRequest, and exit ends with 0', async () => {
    const c = await start();
    // A shutdown with params is answered (InvalidParams) and does not shut the server down.
    expect((await c.request('shutdown', [null, { a: 1 }], 3_000)).error?.code).toBe(-32602);
    await expectAlive(c);
    expect((await c.request('shutdown')).error).toBeUndefined();
    for (const [method, params] of [
      ['textDocument/hover', { textDocument: DOC, position: AT }],
      ['workspace/symbol', { query: '' }],
      ['shutdown', undefined],
      ['vigil/unknown', {}],
    ] as const) {
      expect((await c.request(method, params, 3_000)).error?.code, method).toBe(-32600);
    }
    c.notify('exit');
    expect(await c.exit()).toBe(0);
    expectNoTraces(c);
  });

  test('exit without shutdown ends with 1, before and after initialize', async () => {
    const c = await start();
    c.notify('exit');
    expect(await c.exit()).toBe(1);
    const d = await start(false);
    d.notify('exit');
    expect(await d.exit()).toBe(1);
  });

  test('the input closing ends the server: 0 after shutdown, 1 without', async () => {
    const c = await start();
    c.proc.stdin!.end();
    expect(await c.exit()).toBe(1);
    const d = await start();
    await d.request('shutdown');
    d.proc.stdin!.end();
    expect(await d.exit()).toBe(0);
  });
});

describe('bodies and framing', () => {
  test('a framed body that is not JSON gets -32700 Parse error, and the server goes on', async () => {
    const c = await start();
    c.write(frame('{"jsonrpc":"2.0","id":1,"method":'));
    const e = await c.waitFor((m) => m.error?.code === -32700, 3_000, 'a parse error');
    expect(e.id).toBeNull();
    c.write(frame(Buffer.from([0xff, 0xfe, 0x7b]).toString('latin1')));
    await expectAlive(c);
    expectNoTraces(c);
  });

  test('JSON that is not a JSON-RPC message gets -32600 Invalid Request', async () => {
    const c = await start();
    for (const body of ['42', '"text"', 'null', '[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]', '{"jsonrpc":"2.0","id":7,"method":5}', '{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}', '{"jsonrpc":"2.0"}']) {
      const before = c.received.length;
      c.write(frame(body));
      const e = await c.waitFor((m) => m.error?.code === -32600 && c.received.indexOf(m) >= before, 3_000, `an Invalid Request for ${body}`, false);
      if (body.includes('"id":7')) expect(e.id).toBe(7);
    }
    await expectAlive(c);
    expectNoTraces(c);
  });

  test('garbage framing never leaves the server deaf', async () => {
    const c = await start();
    const cases: [string, string][] = [
      ['bytes that are not a header', 'hello there\r\n\r\n'],
      ['a header without Content-Length', 'Content-Type: application/json\r\n\r\n{}'],
      ['a Content-Length that is not a number', 'Content-Length: many\r\n\r\n{}'],
      ['an unterminated header', 'Content-Length: 12'],
      ['a length longer than the body', 'Content-Length: 100000\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"shutdown"}'],
      ['a length shorter than the body', 'Content-Length: 5\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"shutdown"}'],
      ['a length over the limit', 'Content-Length: 99999999999\r\n\r\nxxxx'],
      ['binary noise', Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256)).toString('latin1')],
    ];
    for (const [what, bytes] of cases) {
      c.write(Buffer.from(bytes, 'latin1'));
      await expect(expectAlive(c), what).resolves.toBeUndefined();
    }
    // None of the garbage was taken for the shutdown request it contained.
    expect((await c.request('textDocument/hover', { textDocument: DOC, position: AT })).error).toBeUndefined();
    expectNoTraces(c);
  });

  test('a message split into single bytes is read', async () => {
    const c = await start();
    const bytes = Buffer.from(frame({ jsonrpc: '2.0', id: 77, method: 'workspace/symbol', params: { query: 'q' } }));
    for (const b of bytes) c.write(Buffer.from([b]));
    expect((await c.waitFor((m) => m.id === 77, 5_000)).result).toEqual([]);
  });
});

describe('malformed parameters are refused with InvalidParams, without a stack trace', () => {
  let shared: RawClient | undefined;
  afterAll(() => shared?.kill());
  test.each([
    ['textDocument/rename without newName', 'textDocument/rename', { textDocument: DOC, position: AT }, 'newName'],
    ['textDocument/rename with a numeric newName', 'textDocument/rename', { textDocument: DOC, position: AT, newName: 5 }, 'newName'],
    ['textDocument/references without context', 'textDocument/references', { textDocument: DOC, position: AT }, 'context'],
    ['workspace/symbol with params null', 'workspace/symbol', null, 'params'],
    ['workspace/symbol without query', 'workspace/symbol', {}, 'query'],
    ['workspace/symbol with a numeric query', 'workspace/symbol', { query: 3 }, 'query'],
    ['textDocument/hover with params null', 'textDocument/hover', null, 'params'],
    ['textDocument/completion with params null', 'textDocument/completion', null, 'params'],
    ['textDocument/codeLens with params null', 'textDocument/codeLens', null, 'params'],
    ['textDocument/foldingRange without textDocument', 'textDocument/foldingRange', {}, 'textDocument'],
    ['workspace/executeCommand without command', 'workspace/executeCommand', {}, 'command'],
    ['textDocument/documentHighlight without position', 'textDocument/documentHighlight', { textDocument: DOC }, 'position'],
  ] as const)('%s', async (_what, method, params, field) => {
    const c = shared ?? (shared = await start(true, true));
    const r = await c.request(method, params, 3_000);
    expect(r.error?.code).toBe(-32602);
    expect(r.error?.message).toContain(field);
    await expectAlive(c);
    expectNoTraces(c);
  });
});
