// Hover on `missing` / `present`, on strength values and on source strings (a link to the
// cited document when it is in the workspace), over the real server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Hover } from '@vigil/lsp/test';
import { LspClient } from './client.js';

const TEXT = `facts {
  tpmt: enum { low, absent }
}

rule R-1 "Unknown TPMT"
  source "002_guideline.txt", "nowhere.txt"
  strength strong
  when tpmt is missing
  then order tpmt

rule R-2 "Known TPMT"
  source "002_guideline.txt"
  strength expert
  when tpmt is present
  then caution azathioprine
`;

let dir: string;
let client: LspClient;
let uri: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-hover-'));
  mkdirSync(join(dir, 'seeds'));
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'seeds/002_guideline.txt'), '\nWhat are the guidelines for using azathioprine?\nMore text.\n');
  writeFileSync(join(dir, 'rules/main.vigil'), TEXT);
  ({ client } = await LspClient.start(dir));
  uri = pathToFileURL(join(dir, 'rules/main.vigil')).href;
  await client.open(uri, TEXT);
  await client.waitFor((p) => p.uri === uri);
}, 60_000);

afterAll(async () => {
  await client?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

async function hoverAt(word: string, occurrence = 0, shift = 1): Promise<string> {
  const lines = TEXT.split('\n');
  let seen = 0;
  for (let line = 0; line < lines.length; line++) {
    const at = lines[line]!.indexOf(word);
    if (at >= 0 && seen++ === occurrence) {
      const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: at + shift } });
      return h ? (h.contents as { value: string }).value : '';
    }
  }
  throw new Error(`${word} not in the text`);
}

describe('hover', () => {
  test('missing and present', async () => {
    expect(await hoverAt('missing')).toMatch(/^\*\*missing\*\* — .*no value/);
    expect(await hoverAt('present')).toMatch(/^\*\*present\*\* — /);
  });

  test('strength values', async () => {
    expect(await hoverAt('strong')).toMatch(/^\*\*strength\*\* `strong` — a strong recommendation/);
    expect(await hoverAt('expert')).toMatch(/^\*\*strength\*\* `expert` — expert opinion/);
  });

  test('a source string links the cited document when it is in the workspace', async () => {
    const found = await hoverAt('"002_guideline.txt"', 0, 3);
    expect(found).toContain(`[002\\_guideline.txt](${pathToFileURL(join(dir, 'seeds/002_guideline.txt')).href})`);
    expect(found).toContain('> What are the guidelines for using azathioprine?');
    expect(await hoverAt('"nowhere.txt"', 0, 3)).toMatch(/`nowhere.txt`[\s\S]*Not found in the workspace/);
  });
});
