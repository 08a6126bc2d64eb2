// Fuzz target: random and malformed JSON-RPC messages and framing, written as raw bytes to
// the bundled language server on stdio. Contract, per input: every well-framed request is
// answered (or the server exits cleanly with 0 or 1, after an `exit`), a probe request sent
// after the input is answered within a time limit, and nothing that looks like a stack
// trace reaches stderr or the log. Bounded by count; CI uses a fixed seed.
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { frame, RawClient, traces } from '../../lsp/raw-client.js';

/**
 * The longest the server may take to answer the probe after one input. A wedged server
 * never answers; 10 s leaves room for a machine whose two cores are busy with other work.
 */
const PROBE_MS = 10_000;

const DOC = 'file:///fuzz/a.vigil';
const METHODS = [
  'initialize', 'initialized', 'shutdown', 'exit', 'textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose',
  'textDocument/completion', 'textDocument/hover', 'textDocument/definition', 'textDocument/references', 'textDocument/rename',
  'textDocument/prepareRename', 'textDocument/documentSymbol', 'textDocument/semanticTokens/full', 'textDocument/formatting',
  'textDocument/codeAction', 'textDocument/inlayHint', 'textDocument/codeLens', 'textDocument/foldingRange',
  'textDocument/documentHighlight', 'workspace/symbol', 'workspace/executeCommand', 'workspace/didChangeWatchedFiles',
  '$/cancelRequest', '$/setTrace', 'vigil/unknown',
];

const position = fc.oneof(fc.record({ line: fc.integer({ min: -2, max: 30 }), character: fc.integer({ min: -2, max: 80 }) }), fc.jsonValue());
const text = fc.oneof(fc.constantFrom('', '\n', '\nr', 'rule R-1 "t"\n  when ((((a\n', 'facts {\n  a: boolean\n}\n', '('.repeat(300)), fc.string({ maxLength: 40 }));
/** Parameters shaped like the real ones, with any field possibly replaced by any JSON. */
const params = fc.oneof(
  { weight: 3, arbitrary: fc.record({ textDocument: fc.oneof(fc.record({ uri: fc.constant(DOC), version: fc.integer({ min: -1, max: 9 }), text, languageId: fc.constant('vigil') }), fc.jsonValue()), position, newName: fc.oneof(fc.constant('x'), fc.jsonValue()), query: fc.oneof(fc.string({ maxLength: 4 }), fc.jsonValue()), context: fc.jsonValue(), contentChanges: fc.oneof(fc.array(fc.record({ text })), fc.jsonValue()), range: fc.record({ start: position, end: position }), command: fc.constantFrom('vigil.server.runRuleTests', 'nope') }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.jsonValue() },
);
const id = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 1_000_000 }) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }, { weight: 1, arbitrary: fc.jsonValue() });
const message = fc.record({ id: fc.option(id, { nil: undefined }), method: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...METHODS) }, { weight: 1, arbitrary: fc.jsonValue() }), params: fc.option(params, { nil: undefined }) }, { requiredKeys: ['method'] });

type Piece = { kind: 'message'; value: Record<string, unknown> } | { kind: 'raw'; bytes: string } | { kind: 'body'; body: string } | { kind: 'badLength'; delta: number; value: Record<string, unknown> };
const piece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 6, arbitrary: message.map((value) => ({ kind: 'message' as const, value: { jsonrpc: '2.0', ...value } })) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('Content-Length: x\r\n\r\n', 'Content-Length: 3\r\n', '\r\n\r\n', 'Content-Length:')).map((bytes) => ({ kind: 'raw' as const, bytes })) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 30 }), fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'), fc.constantFrom('{"jsonrpc":"2.0","id":1,', '[]', '{}')).map((body) => ({ kind: 'body' as const, body })) },
  { weight: 1, arbitrary: fc.record({ delta: fc.integer({ min: -20, max: 200 }).filter((d) => d !== 0), value: message.map((v) => ({ jsonrpc: '2.0', ...v })) }).map((x) => ({ kind: 'badLength' as const, ...x })) },
);

const servers: RawClient[] = [];
afterAll(() => {
  for (const s of servers) s.kill();
});

const logged = (c: RawClient) => c.received.filter((m) => m.method === 'window/logMessage').map((m) => String((m.params as { message?: unknown } | null)?.message));

test('random and malformed messages: every request answered or a clean exit, no stack traces, no hang', async () => {
  let server: RawClient | undefined;
  let probes = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 8 }), fc.boolean(), async (pieces, initialize) => {
      if (!server || server.exitCode !== null) {
        server = initialize ? await RawClient.initialized() : await RawClient.start();
        servers.push(server);
      }
      const s = server;
      // Requests that must be answered: well framed, with a valid id and a string method.
      const expected: { id: string | number; method: string }[] = [];
      let exits = false;
      for (const p of pieces) {
        if (p.kind === 'message') {
          const bytes = frame(p.value);
          s.write(bytes);
          const { id: mid, method } = p.value;
          if (method === 'exit') exits = true;
          if ((typeof mid === 'number' || typeof mid === 'string') && typeof method === 'string') expected.push({ id: mid, method });
        } else if (p.kind === 'raw') {
          s.write(Buffer.from(p.bytes, 'latin1'));
        } else if (p.kind === 'body') {
          s.write(frame(p.body));
        } else {
          // Whitespace after a body too long by a few bytes still parses: this may be read.
          if (p.value['method'] === 'exit') exits = true;
          const body = JSON.stringify(p.value);
          s.write(`Content-Length: ${Math.max(0, Buffer.byteLength(body) + p.delta)}\r\n\r\n${body}`);
        }
      }
      // The probe: a fresh, well-framed request after whatever came before. A raw piece may
      // have left a partial header; a blank line and a header-shaped start resynchronise it.
      const probeId = `probe-${probes++}`;
      s.write(`\r\n\r\n${frame({ jsonrpc: '2.0', id: probeId, method: 'workspace/symbol', params: { query: 'zz' } })}`);
      const answered = s.waitFor((m) => m.id === probeId, PROBE_MS, `the probe ${probeId}`).then(() => 'answered' as const);
      const exited = s.exit(PROBE_MS + 1_000).then((code) => ({ code }));
      const outcome = await Promise.race([answered, exited]);
      if (outcome === 'answered') {
        // Every well-framed request before the probe is answered. Not necessarily before the
        // probe: after a shutdown the gate refuses the probe at once, while the library's
        // answer to the shutdown itself is still queued.
        for (const r of expected) {
          const answers = (m: { id?: unknown; method?: unknown }) => m.id === r.id && m.method === undefined;
          if (!s.received.some(answers)) await s.waitFor(answers, 2_000, `${r.method} #${JSON.stringify(r.id)}`).catch(() => undefined);
          const hit = s.received.find(answers);
          // A request may have been swallowed by a bad length or raw bytes before it.
          if (!hit) expect(pieces.some((p) => p.kind !== 'message'), `${r.method} #${JSON.stringify(r.id)} unanswered; got ${JSON.stringify(s.received.slice(-6))}`).toBe(true);
        }
      } else {
        expect(exits, `the server exited (code ${outcome.code}) without an exit notification`).toBe(true);
        expect([0, 1]).toContain(outcome.code);
      }
      if (outcome === 'answered' && exits) {
        // An exit the gate let through may still be queued behind answers the gate gave at
        // once: let it happen (or not, when its params were refused), then start afresh.
        const code = await s.exit(1_500);
        if (code !== null) expect([0, 1]).toContain(code);
        server = undefined;
      }
      expect(traces(s.errorOutput), s.errorOutput).toEqual([]);
      expect(traces(logged(s).join('\n')), logged(s).join('\n')).toEqual([]);
    }),
    { numRuns: 150, endOnFailure: true },
  );
}, 240_000);
