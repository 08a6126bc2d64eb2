// Schedule modifiers in the editor, over the real server: hover on `tightens` and on the rules
// it names (both ways), completion of groups, rules and monitored targets in the clause,
// semantic tokens, and a loosening modifier's diagnostic on its cadence.
import { describe, expect, test } from 'vitest';
import type { CompletionItem, Hover, SemanticTokens } from '@vigil/lsp/test';
import { serverInTempDir } from './client.js';

const TEXT = `facts {
  on_drug: boolean
  interacting: boolean
}

groups {
  monitoring "Monitoring on the drug"
}

rule M-1 "Maintenance"
  source "s"
  group monitoring
  when on_drug
  then monitor cbc every 3 to 6 mo

rule I-1 "Interaction"
  source "s"
  tightens monitor cbc of monitoring twice as often
  when interacting
  then caution aza
`;

const server = serverInTempDir('vigil-modifiers-');
const lines = TEXT.split('\n');
const line = lines.findIndex((l) => l.includes('tightens '));

async function hoverAt(uri: string, l: number, character: number): Promise<string> {
  const h = await server.client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: l, character } });
  return h ? (h.contents as { value: string }).value : '';
}

describe('schedule modifiers in the editor', () => {
  test('hover on tightens, on often, on the modifying rule and on the rule it tightens', async () => {
    const { uri } = await server.open(TEXT);
    expect(await hoverAt(uri, line, lines[line]!.indexOf('tightens') + 1)).toMatch(/^\*\*tightens\*\* — a schedule modifier/);
    expect(await hoverAt(uri, line, lines[line]!.indexOf('often') + 1)).toContain('every 1.5 to 3 mo');
    const i1 = lines.findIndex((l) => l.startsWith('rule I-1'));
    expect(await hoverAt(uri, i1, 6)).toContain('Tightens: `tightens monitor cbc of monitoring twice as often`');
    const m1 = lines.findIndex((l) => l.startsWith('rule M-1'));
    expect(await hoverAt(uri, m1, 6)).toContain('Monitoring tightened by: `I-1`');
  });

  test('go to definition and references of the group a modifier names', async () => {
    const { uri } = await server.open(TEXT);
    const defs = await server.client.request<{ range: { start: { line: number } } }[]>('textDocument/definition', { textDocument: { uri }, position: { line, character: lines[line]!.indexOf('monitoring') + 2 } });
    const groupLine = lines.findIndex((l) => l.includes('monitoring "Monitoring'));
    expect(defs.map((d) => d.range.start.line)).toEqual([groupLine]);
    const refs = await server.client.request<{ range: { start: { line: number } } }[]>('textDocument/references', { textDocument: { uri }, position: { line, character: lines[line]!.indexOf('monitoring') + 2 }, context: { includeDeclaration: false } });
    expect(refs.map((r) => r.range.start.line)).toContain(line);
  });

  test('completion: groups and rules after of, monitored targets after monitor', async () => {
    const afterOf = TEXT.replace('tightens monitor cbc of monitoring twice as often', 'tightens monitor cbc of ');
    const a = await server.open(afterOf);
    const items = await server.client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: a.uri }, position: { line, character: afterOf.split('\n')[line]!.length } });
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['monitoring', 'M-1', 'I-1']));
    const afterMonitor = TEXT.replace('tightens monitor cbc of monitoring twice as often', 'tightens monitor ');
    const b = await server.open(afterMonitor);
    const targets = await server.client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: b.uri }, position: { line, character: afterMonitor.split('\n')[line]!.length } });
    expect(targets.map((i) => i.label)).toContain('cbc');
    expect(targets.map((i) => i.label)).not.toContain('on_drug');
  });

  test('a cadence that loosens: VGL3037 on the cadence, naming the phase', async () => {
    const text = TEXT.replace('twice as often', 'to every 4 mo');
    const { published } = await server.open(text);
    const d = published.diagnostics.filter((x) => x.code === 'VGL3037');
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toContain('phase 1 of M-1');
    expect(d[0]!.range.start).toEqual({ line, character: text.split('\n')[line]!.indexOf('every 4 mo') });
  });

  test('semantic tokens: tightens and often as keywords, the group and rule names as such', async () => {
    const text = TEXT.replace('twice as often', 'twice as often\n  tightens monitor of M-1 3 times as often');
    const { uri } = await server.open(text);
    const ls = text.split('\n');
    const tokens = await server.client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    let l = 0;
    let ch = 0;
    const found = new Map<string, number>();
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, len, type] = tokens.data.slice(i, i + 5) as [number, number, number, number];
      l += dl;
      ch = dl === 0 ? ch + dc : dc;
      found.set(`${l}:${ls[l]!.slice(ch, ch + len)}`, type);
    }
    const groupLine = ls.findIndex((x) => x.includes('group monitoring'));
    expect(found.get(`${line}:tightens`)).toBe(found.get(`${groupLine}:group`));
    expect(found.get(`${line}:often`)).toBe(found.get(`${groupLine}:group`));
    expect(found.get(`${line}:monitoring`)).toBe(found.get(`${groupLine}:monitoring`));
    expect(found.get(`${line + 1}:M-1`)).toBeDefined();
    expect(found.get(`${line + 1}:M-1`)).not.toBe(found.get(`${line}:monitoring`));
  });
});

describe('one-off windows in the editor', () => {
  const W = `facts {
  on_drug: boolean
  ribavirin_start: date
}

rule W-1 "Window"
  source "s"
  when on_drug
  then monitor cbc after 3 to 6 wk from ribavirin_start
`;
  const wl = W.split('\n');
  const wline = wl.findIndex((l) => l.includes(' after '));
  test('hover on after, completion of date facts after from, and a window that is no time', async () => {
    const { uri } = await server.open(W);
    expect(await hoverAt(uri, wline, wl[wline]!.indexOf('after') + 1)).toMatch(/^\*\*after\*\* — a one-off check/);
    const text = W.replace('from ribavirin_start', 'from ');
    const b = await server.open(text);
    const items = await server.client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: b.uri }, position: { line: wline, character: text.split('\n')[wline]!.length } });
    expect(items.map((i) => i.label)).toEqual(['ribavirin_start']);
    const bad = W.replace('3 to 6 wk', '3 to 6 mg');
    const { published } = await server.open(bad);
    expect(published.diagnostics.filter((x) => x.code === 'VGL4007').map((x) => x.range.start)).toEqual([
      { line: wline, character: bad.split('\n')[wline]!.indexOf('3 to') },
      { line: wline, character: bad.split('\n')[wline]!.indexOf('6 mg') },
    ]);
  });
});
