// The server at scale, over JSON-RPC on stdio: huge inputs are answered within bounds,
// one rule set's long check does not hold up another's diagnostics, features serve the
// last good result while a check runs, and `vigil lsp` checks in a worker thread.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CodeAction, InlayHint, SemanticTokens } from '@vigil/lsp/test';
import { realisticRuleSet } from '@vigil/bench';
import { LspClient, ROOT } from './client.js';

const AZA = join(ROOT, 'rules/azathioprine');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-scale-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  return d;
}

const uriOf = (path: string) => pathToFileURL(path).href;

describe('huge inputs', () => {
  test('syntax diagnostics are capped, with a note of how many more', async () => {
    const text = Array.from({ length: 1500 }, (_, i) => `rule X-${i} "broken" when wbc < then stop\n`).join('');
    const d = folder('syntax', { 'huge.vigil': text });
    const { client } = await LspClient.start(d);
    try {
      const uri = uriOf(join(d, 'huge.vigil'));
      await client.open(uri, text);
      const p = await client.waitFor((x) => x.uri === uri, 60_000);
      // At most 1,000 syntax errors and the note; the semantic checks have their own cap.
      expect(p.diagnostics.filter((x) => x.code === 'VGL1001')).toHaveLength(1000);
      expect(p.diagnostics.filter((x) => x.code === 'VGL1003').map((x) => x.message)).toEqual([
        '500 more syntax errors are not shown (the first 1000 are); fix those and check again',
      ]);
    } finally {
      await client.shutdown();
    }
  }, 90_000);

  test('formatting a file too large for the editor is refused with a message; one with syntax errors is left alone', async () => {
    const big = realisticRuleSet(AZA, 1300).text; // about 600 kB
    const d = folder('format', { 'big.vigil': big, 'broken.vigil': 'rule X-1 "x" when then\n' });
    const { client } = await LspClient.start(d);
    try {
      const uri = uriOf(join(d, 'big.vigil'));
      await client.open(uri, big);
      const refused = await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }).then(
        () => 'answered',
        (e: Error) => e.message,
      );
      expect(refused).toMatch(/^This file is too large to format in the editor \(\d+ kB; the limit is 512 kB\): run 'vigil fmt .*big\.vigil'\.$/);
      const broken = uriOf(join(d, 'broken.vigil'));
      await client.open(broken, 'rule X-1 "x" when then\n');
      expect(await client.request('textDocument/formatting', { textDocument: { uri: broken }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    } finally {
      await client.shutdown();
    }
  }, 90_000);

  test('a huge rule set in folder A does not delay the diagnostics of folder B', async () => {
    const huge = realisticRuleSet(AZA, 2000).text;
    const a = folder('ws/a', { 'huge.vigil': huge });
    const b = folder('ws/b', { 'small.vigil': 'ruleset small version "1"\nfacts { wbc: quantity 10*9/L "White cells" }\nrule S-1 "Low" source "s" when wbc < 2 10*9/L then advise because "low"\n' });
    const { client } = await LspClient.start(join(dir, 'ws'));
    try {
      const order: string[] = [];
      const hugeUri = uriOf(join(a, 'huge.vigil'));
      const smallUri = uriOf(join(b, 'small.vigil'));
      const seen = (uri: string) => client.waitFor((x) => x.uri === uri, 120_000, false).then(() => order.push(uri));
      const both = Promise.all([seen(hugeUri), seen(smallUri)]);
      await client.open(hugeUri, huge);
      // Well after A's check has started, on its own thread.
      await new Promise((r) => setTimeout(r, 300));
      await client.open(smallUri, readFileSync(join(b, 'small.vigil'), 'utf8'));
      await both;
      expect(order).toEqual([smallUri, hugeUri]);
    } finally {
      await client.shutdown();
    }
  }, 150_000);
});

describe('while a check runs', () => {
  test('semantic tokens, inlay hints and code actions serve the last good result, moved across the edit', async () => {
    // Large enough that requests do not wait for its checks (over 100 ms each).
    const text = realisticRuleSet(AZA, 1000).text;
    const d = folder('lastgood', { 'set.vigil': text });
    const { client } = await LspClient.start(d);
    try {
      const uri = uriOf(join(d, 'set.vigil'));
      await client.open(uri, text);
      await client.waitFor((x) => x.uri === uri && x.version === 1, 60_000);
      const lines = text.split('\n').length;
      const whole = { start: { line: 0, character: 0 }, end: { line: lines + 1, character: 0 } };
      const features = async () => ({
        tokens: (await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } })).data,
        hints: await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: whole }),
        actions: await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: [] } }),
      });
      // A second check so that the server knows this rule set's checks are slow.
      await client.edit(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: ' ' }]);
      await client.waitFor((x) => x.uri === uri && x.version === 2, 60_000);
      await client.edit(uri, 3, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: '' }]);
      await client.waitFor((x) => x.uri === uri && x.version === 3, 60_000);
      const idle = await features();
      expect(idle.hints.length).toBeGreaterThan(0);
      expect(idle.actions.length).toBeGreaterThan(0);
      // A line inserted after the header: everything below moves down one line.
      const next = client.waitFor((x) => x.uri === uri && x.version === 4, 60_000, false);
      await client.edit(uri, 4, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '// a note\n' }]);
      const during = await features();
      await next;
      // The first token below the insertion is one line further down (tokens are relative).
      const moved = [...idle.tokens];
      expect(during.tokens.length).toBe(idle.tokens.length);
      const firstBelow = idle.tokens.findIndex((_, k) => k % 5 === 0 && k > 0 && idle.tokens[k]! > 0);
      moved[firstBelow] = moved[firstBelow]! + 1;
      expect(during.tokens).toEqual(moved);
      expect(during.hints).toEqual(idle.hints.map((h) => ({ ...h, position: { ...h.position, line: h.position.line + 1 } })));
      expect(during.actions.length).toBe(idle.actions.length);
      expect(during.actions.map((a) => a.title)).toEqual(idle.actions.map((a) => a.title));
      // And once the check is done, the fresh result has the comment too.
      const after = await features();
      expect(after.tokens.length).toBe(idle.tokens.length + 5);
    } finally {
      await client.shutdown();
    }
  }, 150_000);
});

describe('the last good result', () => {
  test('is recomputed when another file of the rule set changes the result', async () => {
    const facts = 'ruleset small version "1"\nfacts { wbc: quantity 10*9/L "White cells" }\n';
    const rules = 'rule S-1 "Low" source "s" when wbc < 2500 /uL then advise because "low"\n';
    const d = folder('twofiles', { 'facts.vigil': facts, 'rules.vigil': rules });
    const { client } = await LspClient.start(d);
    try {
      const factsUri = uriOf(join(d, 'facts.vigil'));
      const rulesUri = uriOf(join(d, 'rules.vigil'));
      await client.open(factsUri, facts);
      await client.open(rulesUri, rules);
      await client.waitFor((x) => x.uri === rulesUri, 30_000);
      const hints = () => client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: rulesUri }, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } } });
      expect((await hints()).map((h) => h.label)).toEqual(['= 2.5 10*9/L']);
      // The fact is now recorded in /uL: the threshold needs no conversion any more.
      const next = client.waitFor((x) => x.uri === factsUri && x.version === 2, 30_000, false);
      await client.replace(factsUri, 2, facts.replace('10*9/L', '/uL'));
      await next;
      expect(await hints()).toEqual([]);
    } finally {
      await client.shutdown();
    }
  }, 60_000);
});

describe('vigil lsp', () => {
  test('checks in a worker thread, as the bundled server does', async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--cli'], { cwd: ROOT, stdio: 'pipe' });
    const d = folder('cli', { 'main.vigil': 'ruleset small version "1"\nfacts { wbc: quantity 10*9/L "White cells" }\nrule S-1 "Low" source "s" when wbc < 2 then advise because "low"\n' });
    const { client } = await LspClient.start(d, {}, [join(ROOT, 'packages/cli/dist/vigil.mjs'), 'lsp']);
    try {
      const uri = uriOf(join(d, 'main.vigil'));
      await client.open(uri, readFileSync(join(d, 'main.vigil'), 'utf8'));
      const p = await client.waitFor((x) => x.uri === uri, 30_000);
      expect(p.diagnostics.map((x) => x.code)).toContain('VGL4002');
      expect(client.logs.some((l) => /^checks of dir:.* run on thread \d+$/.test(l))).toBe(true);
    } finally {
      await client.shutdown();
    }
  }, 90_000);
});
