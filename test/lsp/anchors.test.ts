// Anchored schedules in the editor, over the real server: hover on `from` and on the anchor
// fact, completion of date facts after `from`, and the anchor's diagnostic.
import { describe, expect, test } from 'vitest';
import type { CompletionItem, Hover, SemanticTokens } from '@vigil/lsp/test';
import { serverInTempDir } from './client.js';

const TEXT = `facts {
  pregnant: boolean
  azathioprine_start: date "Date azathioprine was started"
  weight: quantity kg
}

rule R-1 "Monitor"
  source "s"
  when pregnant
  then monitor cbc every 1 wk for 4 wk, then every 1 mo from azathioprine_start
`;

const server = serverInTempDir('vigil-anchors-');
const lines = TEXT.split('\n');
const line = lines.findIndex((l) => l.includes(' from '));

describe('anchored schedules in the editor', () => {
  test('hover on from and on the anchor fact', async () => {
    const { uri } = await server.open(TEXT);
    const at = async (needle: string) => {
      const h = await server.client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line]!.indexOf(needle) + 1 } });
      return h ? (h.contents as { value: string }).value : '';
    };
    expect(await at('from ')).toMatch(/^\*\*from\*\* — an anchored schedule/);
    expect(await at('azathioprine_start')).toContain('Date azathioprine was started');
  });

  test('completion after from offers the date facts only', async () => {
    const text = TEXT.replace('from azathioprine_start', 'from ');
    const { uri } = await server.open(text);
    const items = await server.client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: text.split('\n')[line]!.length } });
    expect(items.map((i) => i.label)).toEqual(['azathioprine_start']);
  });

  test('an anchor that is no date: VGL3036 on the name', async () => {
    const text = TEXT.replace('from azathioprine_start', 'from weight');
    const { published } = await server.open(text);
    const d = published.diagnostics.filter((x) => x.code === 'VGL3036');
    expect(d).toHaveLength(1);
    expect(d[0]!.range.start).toEqual({ line, character: text.split('\n')[line]!.indexOf('weight') });
  });

  test('semantic tokens: from coloured as the keyword then, the anchor as the fact pregnant', async () => {
    const { uri } = await server.open(TEXT);
    const tokens = await server.client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    let l = 0;
    let ch = 0;
    const found = new Map<string, number>();
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, len, type] = tokens.data.slice(i, i + 5) as [number, number, number, number];
      l += dl;
      ch = dl === 0 ? ch + dc : dc;
      found.set(`${l}:${lines[l]!.slice(ch, ch + len)}`, type);
    }
    const whenLine = lines.findIndex((x) => x.includes('when pregnant'));
    expect(found.get(`${line}:from`)).toBeDefined();
    expect(found.get(`${line}:from`)).toBe(found.get(`${line}:then`));
    expect(found.get(`${line}:azathioprine_start`)).toBe(found.get(`${whenLine}:pregnant`));
    expect(found.get(`${line}:azathioprine_start`)).not.toBe(found.get(`${line}:from`));
  });
});
