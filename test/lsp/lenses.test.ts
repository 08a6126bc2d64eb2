// Code lenses over rules with their fixture results, and the run-tests command, on the
// azathioprine rule set and its fixtures (run by the test harness inside the server).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CodeLens } from '@vigil/lsp/test';
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
    for (const l of lenses) expect(l.command?.command).toBe('vigil.server.runRuleTests');
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

const PGX = join(ROOT, 'rules/azathioprine-pgx');
const PGX_FILE = join(PGX, 'pgx.vigil');

describe.runIf(existsSync(PGX_FILE))('fixture code lenses over table rows', () => {
  let client: LspClient;
  const uri = pathToFileURL(PGX_FILE).href;

  beforeAll(async () => {
    ({ client } = await LspClient.start(PGX));
    await client.open(uri, readFileSync(PGX_FILE, 'utf8'));
  }, 60_000);

  afterAll(async () => {
    await client?.shutdown();
  });

  test('each row of a table gets the lens of its rule, on the row', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const lines = readFileSync(PGX_FILE, 'utf8').split('\n');
    const rowLenses = lenses.filter((l) => lines[l.range.start.line]!.trimStart().startsWith('|'));
    expect(rowLenses).toHaveLength(6);
    expect(rowLenses.map((l) => l.command?.arguments?.[1])).toEqual([1, 2, 3, 4, 5, 6].map((n) => `AZA-PGX.row${n}`));
    for (const l of rowLenses) expect(l.command?.title).toMatch(/^✓ \d+ fixtures? passed$/);
  }, 60_000);
});

describe('fixture lenses follow the fixture files', () => {
  const RULE = `facts {
  tpmt: enum { normal, low } "TPMT"
}

rule R-1 "Low TPMT"
  source "s"
  strength strong
  when tpmt = low
  then contraindicate azathioprine because "x"

rule R-2 "Unknown TPMT"
  source "s"
  strength strong
  when tpmt is missing
  then order tpmt because "unknown"
`;
  const CASES = `as_of: 2026-01-15T09:00:00Z
cases:
  - name: low TPMT
    facts: { tpmt: low }
    expect:
      decisions: [{ rule: R-1, action: contraindicate, target: azathioprine }]
`;
  let dir: string;
  let client: LspClient;
  let uri: string;
  const refreshes: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-lens-'));
    mkdirSync(join(dir, 'tests'));
    writeFileSync(join(dir, 'rules.vigil'), RULE);
    writeFileSync(join(dir, 'tests/a.cases.yaml'), CASES);
    ({ client } = await LspClient.start(dir, { workspace: { workspaceFolders: true, codeLens: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true } } }));
    client.conn.onRequest('workspace/codeLens/refresh', () => (refreshes.push(Date.now()), null));
    uri = pathToFileURL(join(dir, 'rules.vigil')).href;
    await client.open(uri, RULE);
  }, 60_000);

  afterAll(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const titles = async () => (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).map((l) => l.command?.title);

  test('a changed fixture file refreshes the lenses, and fixtures in error are counted', async () => {
    expect(await titles()).toEqual(['✓ 1 fixture passed', '○ no fixtures']);
    // One case fails, one names a fact that does not exist (in error), one names R-2 in error.
    writeFileSync(
      join(dir, 'tests/a.cases.yaml'),
      CASES +
        `  - name: normal TPMT, wrongly expected to contraindicate
    facts: { tpmt: normal }
    expect:
      decisions: [{ rule: R-1, action: contraindicate, target: azathioprine }]
  - name: a fact that does not exist
    facts: { tpmt: low, nosuchfact: 3 }
    expect:
      decisions: [{ rule: R-1, action: contraindicate, target: azathioprine }]
`,
    );
    writeFileSync(join(dir, 'tests/b.cases.yaml'), 'cases: [ { name: broken\n');
    // Without the notification the lenses still show the old results.
    expect(await titles()).toEqual(['✓ 1 fixture passed', '○ no fixtures']);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'tests/a.cases.yaml')).href, type: 2 }, { uri: pathToFileURL(join(dir, 'tests/b.cases.yaml')).href, type: 1 }] });
    await expect.poll(() => refreshes.length, { timeout: 5_000 }).toBeGreaterThan(0);
    const now = await titles();
    expect(now[0]).toMatch(/^⚠ \d+ fixtures? of this rule set in error$/);
    expect(now[1]).toMatch(/^✗ .*of \d+ fixtures$/);
    expect(now[1]).toMatch(/1 failed/);
  }, 60_000);

  test("a lens's command is the server's: executeCommand runs the rule's fixtures", async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const lens = lenses.find((l) => l.command?.arguments?.[1] === 'R-1')!;
    expect(lens.command!.command).toBe('vigil.server.runRuleTests');
    const messages: string[] = [];
    client.conn.onNotification('window/showMessage', (p: { message: string }) => messages.push(p.message));
    const r = await client.request<{ lines: string[]; failed: number }>('workspace/executeCommand', { command: lens.command!.command, arguments: lens.command!.arguments });
    expect(r.failed).toBeGreaterThan(0);
    expect(r.lines.some((l) => /^R-1: \d+ passed, \d+ failed/.test(l))).toBe(true);
    await expect.poll(() => messages.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(messages[0]).toMatch(/^R-1: /);
  }, 60_000);
});
