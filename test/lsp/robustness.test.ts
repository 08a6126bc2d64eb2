// Robustness of the server under random edits: truncations, garbage, half-typed rules.
// Property: the server never crashes, every range it reports lies inside its document,
// and once the edits settle the diagnostics equal those of a fresh open of the same text.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { CompletionItem, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, InlayHint, Range, SemanticTokens, TextEdit } from '@vigil/lsp/test';
import { serverInTempDir } from './client.js';

const SEED_TEXT = `ruleset demo version "1"

facts {
  tpmt: enum { normal, intermediate, low, absent } "TPMT"
  wbc: quantity 10*9/L baseline uln "White cells"
  meds: set of code
  last_dose: datetime
}

valueset xo "XO" { allopurinol rxnorm "519", febuxostat atc "M04AA03" }

define cytopenia "Cytopenia" = wbc < 2500 /uL or wbc < 0.5 x baseline

rule R-1 "Absent TPMT" // trailing
  source "s.txt"
  strength strong
  when tpmt in { low, absent } and not meds includes xo
  then contraindicate azathioprine because "x"

rule R-2 "Dose" source "s" overrides R-1
  when tpmt = intermediate and last_dose more than 48 h ago
  then dose azathioprine 30% to 70% of standard
  then monitor cbc every 1 wk for 4 wk, then every 1 mo

protocol P-1 "Desens" source "s" drug azathioprine target 100 mg over 3 h
  step 10 mg observe 1 h
  step 90 mg observe 2 h
`;

const server = serverInTempDir('vigil-lsp-robust-');

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
  return { line, character: offset - starts[line]! };
}

/** Line lengths without their breaks. */
function lineLengths(text: string): number[] {
  const starts = lineStarts(text);
  return starts.map((s, i) => {
    const next = i + 1 < starts.length ? starts[i + 1]! : text.length;
    return text.slice(s, next).replace(/\r?\n$|\r$/, '').length;
  });
}

function assertInside(text: string, r: Range | undefined, what: string): void {
  if (!r) return;
  const lens = lineLengths(text);
  for (const p of [r.start, r.end]) {
    expect(p.line, `${what} line`).toBeGreaterThanOrEqual(0);
    expect(p.line, `${what} line ${JSON.stringify(r)}`).toBeLessThan(lens.length);
    expect(p.character, `${what} character ${JSON.stringify(r)}`).toBeGreaterThanOrEqual(0);
    expect(p.character, `${what} character ${JSON.stringify(r)} in ${JSON.stringify(text)}`).toBeLessThanOrEqual(lens[p.line]!);
  }
  expect(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), `${what} ordered`).toBe(true);
}

const snippets = fc.constantFrom('rule ', 'when ', ' and ', ' or ', 'then ', 'stop ', '{', '}', '(', ')', '"', '"text"', '//', '/*', '*/', '\n', '\r\n', ' 2.5 10*9/L', ' mg', ' x ', ' = ', 'tpmt', 'R-1', 'AZA-', 'baseline', '.', ',', ':', ' in { low, ', 'facts {', 'valueset v {', 'import "nope.vigil"', 'import "', '😀', '\t', '\\u{', 'é');
const edit = fc.record({
  kind: fc.constantFrom('insert', 'insert', 'delete', 'replace', 'truncate'),
  at: fc.nat(),
  len: fc.nat({ max: 40 }),
  text: fc.oneof(snippets, fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 })),
});
type Edit = { kind: string; at: number; len: number; text: string };

let docCounter = 0;

test('random edits never crash the server; ranges stay inside; settled diagnostics equal a fresh open', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), async (edits: Edit[], probes: number[]) => {
      const uri = pathToFileURL(join(server.dir, `doc${docCounter++}.vigil`)).href;
      let text = SEED_TEXT;
      let version = 1;
      await server.client.open(uri, text, version);
      for (const e of edits) {
        const start = Math.min(e.at, text.length);
        const end = e.kind === 'truncate' ? text.length : e.kind === 'insert' ? start : Math.min(text.length, start + e.len);
        const newText = e.kind === 'delete' || e.kind === 'truncate' ? '' : e.text;
        const range = { start: positionAt(text, start), end: positionAt(text, end) };
        text = text.slice(0, start) + newText + text.slice(end);
        await server.client.edit(uri, ++version, [{ range, text: newText }]);
        // Requests in between edits, at random positions of the current text.
        const at = positionAt(text, probes[version % probes.length]! % (text.length + 1));
        const doc = { textDocument: { uri } };
        const snapshot = text;
        const [comp, hov, toks, folds, syms, fmt, hints] = await Promise.all([
          server.client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { ...doc, position: at }),
          server.client.request<Hover | null>('textDocument/hover', { ...doc, position: at }),
          server.client.request<SemanticTokens>('textDocument/semanticTokens/full', doc),
          server.client.request<FoldingRange[]>('textDocument/foldingRange', doc),
          server.client.request<DocumentSymbol[]>('textDocument/documentSymbol', doc),
          server.client.request<TextEdit[]>('textDocument/formatting', { ...doc, options: { tabSize: 2, insertSpaces: true } }),
          server.client.request<InlayHint[]>('textDocument/inlayHint', { ...doc, range: { start: { line: 0, character: 0 }, end: positionAt(text, text.length) } }),
        ]);
        const items = Array.isArray(comp) ? comp : (comp?.items ?? []);
        for (const i of items) if (i.textEdit && 'range' in i.textEdit) assertInside(snapshot, i.textEdit.range, 'completion');
        assertInside(snapshot, hov?.range, 'hover');
        for (const f of fmt) assertInside(snapshot, f.range, 'formatting');
        for (const h of hints) assertInside(snapshot, { start: h.position, end: h.position }, 'inlay hint');
        const lens = lineLengths(snapshot);
        for (const f of folds) expect(f.endLine).toBeLessThan(lens.length);
        const walk = (s: DocumentSymbol[]) => s.forEach((x) => (assertInside(snapshot, x.range, 'symbol'), assertInside(snapshot, x.selectionRange, 'selection'), walk(x.children ?? [])));
        walk(syms);
        let line = 0;
        let ch = 0;
        for (let k = 0; k < toks.data.length; k += 5) {
          line += toks.data[k]!;
          ch = toks.data[k]! === 0 ? ch + toks.data[k + 1]! : toks.data[k + 1]!;
          expect(line).toBeLessThan(lens.length);
          expect(ch + toks.data[k + 2]!).toBeLessThanOrEqual(lens[line]!);
        }
      }
      const settled = await server.client.waitFor((p) => p.uri === uri && p.version === version, 15_000);
      for (const d of settled.diagnostics) assertInside(text, d.range, `diagnostic ${d.code}`);
      // A fresh open of the same text gives the same diagnostics.
      await server.client.notify('textDocument/didClose', { textDocument: { uri } });
      await server.client.open(uri, text, version + 100);
      const fresh = await server.client.waitFor((p) => p.uri === uri && p.version === version + 100, 15_000);
      const strip = (ds: Diagnostic[]) => ds.map((d) => ({ ...d, relatedInformation: d.relatedInformation?.map((r) => ({ ...r, location: { ...r.location, uri: r.location.uri === uri ? 'self' : r.location.uri } })) }));
      expect(strip(fresh.diagnostics)).toEqual(strip(settled.diagnostics));
      await server.client.notify('textDocument/didClose', { textDocument: { uri } });
      expect(server.client.exitCode).toBeNull();
    }),
    { numRuns: 25, seed: 424242, endOnFailure: true },
  );
  expect(server.client.stderr.join('')).not.toMatch(/failed:/);
  expect(server.client.logs.filter((l) => /failed/.test(l))).toEqual([]);
}, 120_000);
