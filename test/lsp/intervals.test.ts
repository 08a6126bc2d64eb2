// Duration intervals, excluded dose ends and dose frequencies in the editor, over the real
// server: hover on their words, and completion offering `to`, `below`, `once` and `twice`.
import { describe, expect, test } from 'vitest';
import type { CompletionItem, Hover } from '@vigil/lsp/test';
import { serverInTempDir } from './client.js';

const TEXT = `facts {
  pregnant: boolean
  injurious_dose: quantity mg/d range 0 mg/d to 1000 mg/d
}

rule R-2 "Restart"
  source "s"
  when injurious_dose > 50 mg/d
  then dose aza 50 mg/d to below injurious_dose

rule R-1 "Monitor"
  source "s"
  when pregnant
  then monitor cbc every 1 to 2 wk for 3 to 6 mo, then every 1 mo
`;

const server = serverInTempDir('vigil-intervals-');

async function open(text: string): Promise<string> {
  return (await server.open(text)).uri;
}

describe('schedule intervals in the editor', () => {
  test('hover on every, to and for', async () => {
    const uri = await open(TEXT);
    const line = TEXT.split('\n').findIndex((l) => l.includes('every 1 to 2 wk'));
    const at = async (needle: string) => {
      const character = TEXT.split('\n')[line]!.indexOf(needle) + 1;
      const h = await server.client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
      return h ? (h.contents as { value: string }).value : '';
    };
    expect(await at('every 1 to')).toContain('`every 1 to 2 wk`');
    expect(await at('to 2 wk')).toMatch(/^\*\*to\*\* — a range, both ends kept/);
    expect(await at('for 3')).toContain('`for 3 to 6 mo`');
  });

  test('hover on below', async () => {
    const uri = await open(TEXT);
    const lines = TEXT.split('\n');
    const line = lines.findIndex((l) => l.includes('to below'));
    const h = await server.client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line]!.indexOf('below') + 1 } });
    expect((h?.contents as { value: string }).value).toMatch(/^\*\*below\*\* — an excluded high end/);
  });

  test('completion offers the frequency words after a dose amount, and hover explains them', async () => {
    const text = TEXT.replace('50 mg/d to below injurious_dose', '10 mg ');
    const uri = await open(text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('dose aza 10 mg'));
    const items = await server.client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: lines[line]!.length } });
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['once', 'twice']));
    const withFrequency = TEXT.replace('50 mg/d to below injurious_dose', '10 mg twice daily');
    const uri2 = await open(withFrequency);
    const at = withFrequency.split('\n')[line]!.indexOf('twice') + 1;
    const h = await server.client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri2 }, position: { line, character: at } });
    expect((h?.contents as { value: string }).value).toContain('20 mg/d as the daily equivalent');
  });

  test('completion offers `below` after the `to` of a dose range', async () => {
    const text = TEXT.replace('50 mg/d to below injurious_dose', '50 mg/d to ');
    const uri = await open(text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('50 mg/d to'));
    const items = await server.client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: lines[line]!.length } });
    expect(items.map((i) => i.label)).toContain('below');
  });

  test('completion offers `to` after the low end of an interval', async () => {
    const text = TEXT.replace('every 1 to 2 wk for 3 to 6 mo, then every 1 mo', 'every 1 wk ');
    const uri = await open(text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('every 1 wk'));
    const items = await server.client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: lines[line]!.length } });
    const labels = items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['to', 'for', 'until']));
  });
});
