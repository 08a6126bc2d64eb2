// Duration intervals in the editor, over the real server: hover on the words of a schedule
// interval, and completion offering `to` after an interval's low end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CompletionItem, Hover } from '@vigil/lsp/test';
import { LspClient } from './client.js';

const TEXT = `facts {
  pregnant: boolean
}

rule R-1 "Monitor"
  source "s"
  when pregnant
  then monitor cbc every 1 to 2 wk for 3 to 6 mo, then every 1 mo
`;

let dir: string;
let client: LspClient;
let n = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-intervals-'));
  ({ client } = await LspClient.start(dir));
}, 60_000);

afterAll(async () => {
  await client?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

async function open(text: string): Promise<string> {
  const uri = pathToFileURL(join(dir, `c${n++}`, 'main.vigil')).href;
  await client.open(uri, text);
  await client.waitFor((p) => p.uri === uri);
  return uri;
}

describe('schedule intervals in the editor', () => {
  test('hover on every, to and for', async () => {
    const uri = await open(TEXT);
    const line = TEXT.split('\n').findIndex((l) => l.includes('every 1 to 2 wk'));
    const at = async (needle: string) => {
      const character = TEXT.split('\n')[line]!.indexOf(needle) + 1;
      const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
      return h ? (h.contents as { value: string }).value : '';
    };
    expect(await at('every 1 to')).toContain('`every 1 to 2 wk`');
    expect(await at('to 2 wk')).toMatch(/^\*\*to\*\* — a range, both ends kept/);
    expect(await at('for 3')).toContain('`for 3 to 6 mo`');
  });

  test('completion offers `to` after the low end of an interval', async () => {
    const text = TEXT.replace('every 1 to 2 wk for 3 to 6 mo, then every 1 mo', 'every 1 wk ');
    const uri = await open(text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('every 1 wk'));
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: lines[line]!.length } });
    const labels = items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['to', 'for', 'until']));
  });
});
