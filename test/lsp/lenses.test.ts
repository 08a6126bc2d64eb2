// Code lenses over rules with their fixture results, and the run-tests command, on the
// azathioprine rule set and its fixtures (run by the test harness inside the server).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CodeLens } from '../../packages/lsp/test-support/index.js';
import { LspClient, ROOT } from './client.js';

const RULES = join(ROOT, 'rules/azathioprine');
const FILE = join(RULES, 'pretreatment.vigil');
const present = existsSync(FILE) && existsSync(join(RULES, 'tests'));

describe.runIf(present)('fixture code lenses', () => {
  let client: LspClient;
  const uri = pathToFileURL(FILE).href;

  beforeAll(async () => {
    ({ client } = await LspClient.start(RULES));
    await client.open(uri, readFileSync(FILE, 'utf8'));
  }, 60_000);

  afterAll(async () => {
    await client?.shutdown();
  });

  test('every rule gets a lens; rules with fixtures show their results', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const text = readFileSync(FILE, 'utf8');
    const rules = [...text.matchAll(/^(?:rule|protocol) ([A-Za-z0-9_-]+)/gm)].map((m) => m[1]);
    expect(lenses).toHaveLength(rules.length);
    const titles = lenses.map((l) => l.command?.title ?? '');
    expect(titles.some((t) => /^[✓✗] \d+/.test(t)), titles.join('\n')).toBe(true);
    for (const l of lenses) expect(l.command?.command).toBe('vigil.runRuleTests');
  }, 60_000);

  test('the run-tests command reports totals', async () => {
    const r = await client.request<{ available: boolean; passed: number; failed: number; lines: string[] }>('workspace/executeCommand', { command: 'vigil.server.runRuleTests', arguments: [uri] });
    expect(r.available).toBe(true);
    expect(r.passed + r.failed).toBeGreaterThan(0);
    expect(r.lines[r.lines.length - 1]).toBe(`${r.passed} passed, ${r.failed} failed`);
  }, 60_000);

  test('no lenses while the document has unsaved edits', async () => {
    await client.replace(uri, 2, readFileSync(FILE, 'utf8') + '\n// edited\n');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    expect(lenses).toEqual([]);
  });
});
