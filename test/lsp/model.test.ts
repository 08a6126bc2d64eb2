// A model test of the server: random sequences of edits, late (out-of-order) changes and
// requests, sent without waiting, against a model that is just the text the editor has.
// Invariants: every request is answered within a bound, and once the edits settle the
// server's diagnostics equal those of a fresh `vigil check` of the final text (through the
// check thread's caches: parses and remembered logic results).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Diagnostic } from '@vigil/lsp/test';
import { ROOT, serverInTempDir } from './client.js';

const CLI = join(ROOT, 'packages/cli/dist/vigil.mjs');
/** The longest any request may take to be answered (the first waits for a check). */
const ANSWER_MS = 5_000;

const SEED_TEXT = `ruleset demo version "1"

facts {
  tpmt: enum { normal, intermediate, low, absent } "TPMT"
  wbc: quantity 10*9/L baseline "White cells"
}

rule R-1 "Absent TPMT"
  source "s.txt"
  strength strong
  when tpmt in { low, absent }
  then contraindicate azathioprine because "x"

rule R-2 "Low WBC" source "s"
  when wbc < 2.5 10*9/L or tpmt = intermediate
  then dose azathioprine 30% to 70% of standard
`;

const server = serverInTempDir('vigil-lsp-model-');

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
}

/** What `vigil check --format json` says about `text` as the only file of a folder. */
function freshCheck(text: string, run: number): { code: string; message: string; range: unknown }[] {
  const folder = join(server.dir, `cli-${run}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'main.vigil'), text);
  const r = spawnSync(process.execPath, [CLI, 'check', join(folder, 'main.vigil'), '--format', 'json'], { encoding: 'utf8', timeout: 30_000 });
  expect(r.status === 0 || r.status === 1, r.stderr).toBe(true);
  const out = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[] };
  return out.diagnostics.map((d) => ({ code: d.code, message: d.message, range: { start: { line: d.range.start.line, character: d.range.start.character }, end: { line: d.range.end.line, character: d.range.end.character } } }));
}

const comparable = (ds: { code?: unknown; message: string; range: unknown }[]) =>
  ds.map((d) => JSON.stringify({ code: d.code, message: d.message, range: d.range })).sort();

const snippets = fc.constantFrom('rule ', 'when ', ' and ', ' or ', 'then ', 'stop ', '{', '}', '(', ')', '"', '//', '\n', ' 2.5 10*9/L', ' mg', ' = ', 'tpmt', 'lo', 'R-1', 'wbc', ' in { low, ', 'not ', '(((', ')))', '\r\n', 'é');
const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), len: fc.nat({ max: 30 }), text: fc.oneof(snippets, fc.string({ maxLength: 8 })) }) },
  // A number retyped: the rule set usually stays valid, so the logic checks run and their remembered results are reused or replaced.
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('digit' as const), at: fc.nat(), digit: fc.integer({ min: 0, max: 9 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('late' as const), back: fc.nat({ max: 3 }), text: fc.oneof(snippets, fc.string({ maxLength: 20 })) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      method: fc.constantFrom('completion', 'hover', 'definition', 'references', 'documentSymbol', 'semanticTokens/full', 'formatting', 'codeAction', 'inlayHint', 'foldingRange', 'documentHighlight', 'codeLens', 'prepareRename'),
      at: fc.nat(),
    }),
  },
);
type Step = { kind: 'edit'; at: number; len: number; text: string } | { kind: 'digit'; at: number; digit: number } | { kind: 'late'; back: number; text: string } | { kind: 'request'; method: string; at: number };

let run = 0;

test('every request is answered in time; settled diagnostics equal a fresh vigil check of the final text', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps: Step[]) => {
      const n = run++;
      // A folder of its own: the document is the whole rule set.
      const uri = pathToFileURL(join(server.dir, `run-${n}`, 'main.vigil')).href;
      let text = SEED_TEXT;
      let version = 1;
      await server.client.open(uri, text, version);
      const pending: Promise<unknown>[] = [];
      for (const s of steps) {
        if (s.kind === 'edit') {
          const start = Math.min(s.at, text.length);
          const end = Math.min(text.length, start + s.len);
          const range = { start: positionAt(text, start), end: positionAt(text, end) };
          text = text.slice(0, start) + s.text + text.slice(end);
          void server.client.edit(uri, ++version, [{ range, text: s.text }]);
        } else if (s.kind === 'digit') {
          const digits = [...text.matchAll(/\d/g)];
          const m = digits[s.at % Math.max(1, digits.length)];
          if (!m) continue;
          const range = { start: positionAt(text, m.index), end: positionAt(text, m.index + 1) };
          text = text.slice(0, m.index) + String(s.digit) + text.slice(m.index + 1);
          void server.client.edit(uri, ++version, [{ range, text: String(s.digit) }]);
        } else if (s.kind === 'late') {
          // A change from the past: the editor's text does not change.
          void server.client.replace(uri, Math.max(0, version - s.back), s.text);
        } else {
          const position = positionAt(text, s.at % (text.length + 1));
          const params: Record<string, unknown> = { textDocument: { uri }, position, range: { start: { line: 0, character: 0 }, end: position }, context: { includeDeclaration: true, diagnostics: [] }, options: { tabSize: 2, insertSpaces: true } };
          const what = `${s.method} at ${JSON.stringify(position)}`;
          pending.push(
            Promise.race([
              server.client.request(`textDocument/${s.method}`, params),
              new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_MS} ms`)), ANSWER_MS)),
            ]),
          );
        }
      }
      await Promise.all(pending);
      const settled = await server.client.waitFor((p) => p.uri === uri && p.version === version, 15_000);
      expect(comparable(settled.diagnostics as (Diagnostic & { message: string })[])).toEqual(comparable(freshCheck(text, n)));
      await server.client.notify('textDocument/didClose', { textDocument: { uri } });
      expect(server.client.exitCode).toBeNull();
    }),
    { numRuns: 10, endOnFailure: true },
  );
  expect(server.client.logs.filter((l) => /failed|\n\s+at /.test(l))).toEqual([]);
}, 180_000);
