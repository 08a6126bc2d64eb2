// End to end over JSON-RPC: the bundled server on stdio, a real client, a real workspace
// on disk. Covers the document lifecycle and every request the server advertises.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InitializeResult,
  InlayHint,
  Location,
  SemanticTokens,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from '@vigil/lsp/test';
import { LspClient } from './client.js';

const FACTS = `facts {
  tpmt: enum { normal, intermediate, low, absent } "TPMT activity"
  wbc: quantity 10*9/L "White cell count"
  alt: quantity U/L baseline uln "Alanine aminotransferase"
  medications: set of code "Active medications"
}

valueset xo "Xanthine oxidase inhibitors" {
  allopurinol rxnorm "519",
  febuxostat rxnorm "73689"
}
`;

const MAIN = `ruleset demo version "1"

import "facts.vigil"

define cytopenia "Cytopenia" = wbc < 2500 /uL

rule R-1 "Absent TPMT"
  source "s.txt"
  strength strong
  when tpmt in { low, absent }
  then contraindicate azathioprine because "life-threatening"

rule R-2 "Cytopenia on a xanthine oxidase inhibitor"
  source "s.txt"
  strength strong
  overrides R-1
  when cytopenia and medications includes xo
  then stop azathioprine

protocol P-1 "Desensitisation"
  source "s.txt"
  drug azathioprine
  target 100 mg over 3 h
  step 10 mg observe 60 min
  step 90 mg observe 120 min
`;

let dir: string;
let client: LspClient;
let init: InitializeResult;
let mainUri: string;
let factsUri: string;
let version = 1;

const pos = (text: string, needle: string, delta = 0) => {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`not found: ${needle}`);
  const before = text.slice(0, i + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
};
const labels = (r: CompletionItem[] | CompletionList | null) => (Array.isArray(r) ? r : (r?.items ?? [])).map((i) => i.label);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-lsp-e2e-'));
  writeFileSync(join(dir, 'facts.vigil'), FACTS);
  writeFileSync(join(dir, 'main.vigil'), MAIN);
  mainUri = pathToFileURL(join(dir, 'main.vigil')).href;
  factsUri = pathToFileURL(join(dir, 'facts.vigil')).href;
  ({ client, init } = await LspClient.start(dir));
}, 60_000);

afterAll(async () => {
  await client?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('lifecycle and diagnostics', () => {
  test('initialize advertises the features', () => {
    const c = init.capabilities;
    expect(init.serverInfo?.name).toBe('vigil-language-server');
    for (const k of ['completionProvider', 'hoverProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'semanticTokensProvider', 'foldingRangeProvider', 'documentFormattingProvider', 'codeActionProvider', 'inlayHintProvider', 'codeLensProvider'] as const) {
      // Each is advertised as `true` or as its options object, never left out or `false`.
      expect(c[k] === true || (typeof c[k] === 'object' && c[k] !== null), k).toBe(true);
    }
  });

  test('open publishes diagnostics for the document, versioned, with no errors', async () => {
    await client.open(mainUri, MAIN, version);
    const p = await client.waitFor((x) => x.uri === mainUri && x.version === version);
    expect(p.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    // Imported files get their diagnostics too.
    await client.waitFor((x) => x.uri === factsUri);
  });

  test('an edit that introduces an error reports it with its exact range', async () => {
    const text = MAIN.replace('{ low, absent }', '{ low, absnt }');
    await client.replace(mainUri, ++version, text);
    const p = await client.waitFor((x) => x.uri === mainUri && x.version === version);
    const err = p.diagnostics.find((d) => d.code === 'VGL2005');
    expect(err, JSON.stringify(p.diagnostics)).toBeDefined();
    const start = pos(text, 'absnt }');
    expect(err!.range).toEqual({ start, end: { line: start.line, character: start.character + 5 } });
    expect(err!.severity).toBe(1);
    expect(err!.source).toBe('vigil');
  });

  test('a quick fix from the diagnostic repairs it', async () => {
    const text = MAIN.replace('{ low, absent }', '{ low, absnt }');
    const start = pos(text, 'absnt }');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: mainUri },
      range: { start, end: start },
      context: { diagnostics: [] },
    });
    const fix = actions.find((a) => a.title.includes("'absent'"));
    expect(fix, JSON.stringify(actions)).toBeDefined();
    expect(fix!.kind).toBe('quickfix');
    expect(fix!.edit?.changes?.[mainUri]?.[0]?.newText).toBe('absent');
  });

  test('rapid edits: the last version wins and stale results never overwrite it', async () => {
    const base = version;
    // Three quick edits, each within the debounce window; only the final text is clean.
    await client.replace(mainUri, base + 1, MAIN.replace('tpmt in', 'tpmtt in'));
    await client.replace(mainUri, base + 2, MAIN.replace('wbc <', 'wbcc <'));
    await client.replace(mainUri, base + 3, MAIN);
    version = base + 3;
    const p = await client.waitFor((x) => x.uri === mainUri && x.version === version, 10_000, false);
    expect(p.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    const last = client.latest(mainUri)!;
    expect(last.version).toBe(version);
    expect(last.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
  });

  test('an edit in an imported file re-checks the importing file', async () => {
    await client.open(factsUri, FACTS, 1);
    await client.replace(factsUri, 2, FACTS.replace('wbc:', 'wcc:'));
    const p = await client.waitFor((x) => x.uri === mainUri && x.diagnostics.some((d) => d.code === 'VGL2001' && d.message.includes("'wbc'")), 10_000);
    const d = p.diagnostics.find((x) => x.code === 'VGL2001')!;
    expect(d.range.start).toEqual(pos(MAIN, 'wbc <'));
    await client.replace(factsUri, 3, FACTS);
    await client.waitFor((x) => x.uri === mainUri && !x.diagnostics.some((d) => d.severity === 1), 10_000, false);
  });
});

describe('requests', () => {
  test('completion: enum values after =, units after a number, rules after overrides, actions after then, value sets after includes', async () => {
    const complete = async (text: string, marker: string) => {
      await client.replace(mainUri, ++version, text);
      const at = pos(text, marker, marker.length);
      return labels(await client.request('textDocument/completion', { textDocument: { uri: mainUri }, position: at }));
    };
    const rule = (clause: string) => `${MAIN}\nrule R-3 "t"\n  source "s"\n  ${clause}`;
    expect(await complete(rule('when tpmt = '), 'when tpmt = ')).toEqual(expect.arrayContaining(['normal', 'intermediate', 'low', 'absent']));
    expect(await complete(rule('when tpmt in { low, '), 'in { low, ')).toEqual(expect.arrayContaining(['absent', 'normal']));
    const units = await complete(rule('when wbc < 2.5 '), 'wbc < 2.5 ');
    expect(units).toEqual(expect.arrayContaining(['10*9/L', 'mg']));
    expect(await complete(rule('overrides '), 'overrides ')).toEqual(expect.arrayContaining(['R-1', 'R-2', 'P-1']));
    const actions = await complete(rule('then '), '  then ');
    expect(actions).toEqual(expect.arrayContaining(['contraindicate', 'stop', 'caution', 'dose', 'monitor', 'order', 'recommend', 'advise']));
    expect(await complete(rule('when medications includes '), 'includes ')).toEqual(expect.arrayContaining(['xo', 'allopurinol']));
    const names = await complete(rule('when '), '  when ');
    expect(names).toEqual(expect.arrayContaining(['tpmt', 'wbc', 'cytopenia', 'not']));
    expect(await complete(rule('strength '), 'strength ')).toEqual(expect.arrayContaining(['strong', 'expert']));
    const clauses = await complete(`${MAIN}\nrule R-3 "t"\n  `, 'rule R-3 "t"\n  ');
    expect(clauses).toEqual(expect.arrayContaining(['source', 'strength', 'when', 'then', 'overrides', 'unless']));
    // A space opens the list only where something specific is expected.
    const spaced = rule('source "s" ');
    await client.replace(mainUri, ++version, spaced);
    const after = (text: string, marker: string, triggerCharacter?: string) =>
      client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: mainUri }, position: pos(text, marker, marker.length), ...(triggerCharacter ? { context: { triggerKind: 2, triggerCharacter } } : {}) });
    expect(labels(await after(spaced, 'source "s" ', ' '))).toEqual([]);
    const units2 = rule('when wbc < 2.5 ');
    await client.replace(mainUri, ++version, units2);
    expect(labels(await after(units2, 'wbc < 2.5 ', ' '))).toContain('10*9/L');
    await client.replace(mainUri, ++version, MAIN);
  });

  test('hover: fact, rule, value set, unit', async () => {
    const hover = async (needle: string, delta = 1) => (await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: mainUri }, position: pos(MAIN, needle, delta) }));
    const text = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');
    const fact = await hover('wbc <');
    expect(text(fact)).toContain('White cell count');
    expect(text(fact)).toContain('billion per liter'.split(' ')[0]!);
    expect(fact!.range).toEqual({ start: pos(MAIN, 'wbc <'), end: pos(MAIN, 'wbc <', 3) });
    const rule = await hover('R-1\n  when', 1);
    expect(text(rule)).toContain('Absent TPMT');
    expect(text(rule)).toContain('strong');
    const vs = await hover('xo\n');
    expect(text(vs)).toContain('allopurinol');
    expect(text(vs)).toContain('519');
    const unit = await hover('/uL');
    expect(text(unit)).toMatch(/unit/);
    const en = await hover('absent }');
    expect(text(en)).toContain('tpmt');
    expect(text(await hover('overrides R-1'))).toContain('suppressed');
    expect(text(await hover('contraindicate azathioprine'))).toContain('rank 1');
  });

  test('definition across files, and references', async () => {
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: mainUri }, position: pos(MAIN, 'wbc <', 1) });
    expect(defs).toHaveLength(1);
    expect(defs[0]!.uri).toBe(factsUri);
    expect(defs[0]!.range.start).toEqual(pos(FACTS, 'wbc:'));
    const local = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: mainUri }, position: pos(MAIN, 'cytopenia and', 2) });
    expect(local[0]!.range.start).toEqual(pos(MAIN, 'cytopenia "'));
    const rule = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: mainUri }, position: pos(MAIN, 'R-1\n  when', 2) });
    expect(rule[0]!.range.start).toEqual(pos(MAIN, 'R-1 "'));
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: mainUri }, position: pos(MAIN, 'tpmt in', 1), context: { includeDeclaration: true } });
    expect(refs.map((r) => r.uri).sort()).toEqual([factsUri, mainUri].sort());
  });

  test('rename a fact across files; invalid names are refused', async () => {
    const prep = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: mainUri }, position: pos(MAIN, 'tpmt in', 1) });
    expect(prep.placeholder).toBe('tpmt');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: mainUri }, position: pos(MAIN, 'tpmt in', 1), newName: 'tpmt_status' });
    expect(edit.changes?.[mainUri]).toHaveLength(1);
    expect(edit.changes?.[factsUri]).toHaveLength(1);
    expect(edit.changes?.[factsUri]?.[0]?.range.start).toEqual(pos(FACTS, 'tpmt:'));
    await expect(client.request('textDocument/rename', { textDocument: { uri: mainUri }, position: pos(MAIN, 'tpmt in', 1), newName: 'when' })).rejects.toThrow(/keyword/);
    await expect(client.request('textDocument/rename', { textDocument: { uri: mainUri }, position: pos(MAIN, 'tpmt in', 1), newName: 'wbc' })).rejects.toThrow(/already declared/);
    const ruleEdit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: mainUri }, position: pos(MAIN, 'R-1 "', 1), newName: 'AZA-PRE-02' });
    expect(ruleEdit.changes?.[mainUri]).toHaveLength(2);
  });

  test('formatting returns the canonical layout', async () => {
    const messy = 'rule   R-9 "t" source "s" when tpmt=low then caution azathioprine\n';
    await client.replace(mainUri, ++version, messy);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: mainUri }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toHaveLength(1);
    expect(edits[0]!.newText).toBe('rule R-9 "t"\n  source "s"\n  when tpmt = low\n  then caution azathioprine\n');
    await client.replace(mainUri, ++version, MAIN);
  });

  test('semantic tokens classify names by what they are', async () => {
    const legend = init.capabilities.semanticTokensProvider!.legend;
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: mainUri } });
    expect(tokens.data.length % 5).toBe(0);
    const lines = MAIN.split('\n');
    const decoded: { text: string; type: string; mods: number }[] = [];
    let line = 0;
    let ch = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, len, type, mods] = tokens.data.slice(i, i + 5) as [number, number, number, number, number];
      line += dl;
      ch = dl === 0 ? ch + dc : dc;
      decoded.push({ text: lines[line]!.slice(ch, ch + len), type: legend.tokenTypes[type]!, mods });
    }
    const find = (t: string, type: string) => decoded.find((d) => d.text === t && d.type === type);
    expect(find('rule', 'keyword')).toBeDefined();
    expect(find('R-1', 'event')).toBeDefined();
    expect(find('wbc', 'variable')).toBeDefined();
    expect(find('cytopenia', 'function')).toBeDefined();
    expect(find('xo', 'enum')).toBeDefined();
    expect(find('/uL', 'type')).toBeDefined();
    expect(find('2500', 'number')).toBeDefined();
    expect(find('"s.txt"', 'string')).toBeDefined();
    expect(find('absent', 'enumMember')).toBeDefined();
  });

  test('document symbols, workspace symbols, folding ranges', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: mainUri } });
    expect(symbols.map((s) => s.name)).toEqual(['cytopenia', 'R-1', 'R-2', 'P-1']);
    const ws = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'xo' });
    expect(ws.some((s) => s.name === 'xo' && s.location.uri === factsUri)).toBe(true);
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: mainUri } });
    expect(folds.some((f) => f.startLine === pos(MAIN, 'rule R-1').line)).toBe(true);
  });

  test('inlay hints: a threshold in the fact unit, running totals in a protocol', async () => {
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: mainUri }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } });
    const label = (h: InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
    expect(hints.map(label)).toContain('= 2.5 10*9/L');
    expect(hints.map(label)).toContain('Σ 10 mg · 1 h');
    expect(hints.map(label)).toContain('Σ 100 mg · 3 h');
  });
});

describe('shutdown', () => {
  test('the server exits cleanly', async () => {
    const code = await client.shutdown();
    expect(code).toBe(0);
    expect(client.stderr.join('')).not.toMatch(/failed:/);
    expect(client.logs.filter((l) => /failed|worker/.test(l))).toEqual([]);
  });
});
