// Rename reaches the fixtures: on a copy of the azathioprine rule set, renaming the fact
// `tpmt` and the rule AZA-PRE-02 through the real server, then applying the edits it sends,
// leaves every fixture case passing, as before the rename.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runTests } from '@vigil/harness';
import type { TextEdit, WorkspaceEdit } from '@vigil/lsp/test';
import { LspClient, ROOT } from './client.js';

const RULES = join(ROOT, 'rules/azathioprine');
const present = existsSync(join(RULES, 'facts.vigil')) && existsSync(join(RULES, 'tests'));

/** Applies LSP text edits (line/character positions) to a text, last first. */
function apply(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => starts[p.line]! + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe.runIf(present)('rename in fixtures', () => {
  let dir: string;
  let client: LspClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-rename-'));
    cpSync(RULES, dir, { recursive: true });
    ({ client } = await LspClient.start(dir));
  }, 60_000);

  afterAll(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  async function renameAt(file: string, find: RegExp, newName: string): Promise<WorkspaceEdit> {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    const uri = pathToFileURL(path).href;
    await client.open(uri, text);
    await client.waitFor((p) => p.uri === uri, 30_000);
    const m = find.exec(text)!;
    const before = text.slice(0, m.index);
    const position = { line: before.split('\n').length - 1, character: m.index - before.lastIndexOf('\n') - 1 };
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName });
    await client.notify('textDocument/didClose', { textDocument: { uri } });
    for (const [u, edits] of Object.entries(edit.changes ?? {})) {
      const p = fileURLToPath(u);
      writeFileSync(p, apply(readFileSync(p, 'utf8'), edits));
    }
    return edit;
  }

  test('renaming a fact and a rule edits the fixtures, and every case still passes', async () => {
    const before = await runTests({ paths: [dir], cwd: dir });
    expect(before.totals.failed + before.totals.errors).toBe(0);

    const fact = await renameAt('facts.vigil', /(?<=^ {2})tpmt(?=:)/m, 'tpmt_phenotype');
    const factFixtures = Object.keys(fact.changes ?? {}).filter((u) => u.endsWith('.yaml'));
    expect(factFixtures.length).toBeGreaterThan(0);

    const rule = await renameAt('pretreatment.vigil', /(?<=^rule )AZA-PRE-02(?= ")/m, 'AZA-PRE-TPMT');
    expect(Object.keys(rule.changes ?? {}).some((u) => u.endsWith('.cases.yaml'))).toBe(true);

    const after = await runTests({ paths: [dir], cwd: dir });
    const problems = after.files.flatMap((f) => [...f.diagnostics.map((d) => d.message), ...f.cases.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.failures[0]?.message ?? c.diagnostics[0]?.message}`)]);
    expect(problems.slice(0, 5)).toEqual([]);
    expect(after.totals.cases).toBe(before.totals.cases);
    // Names, comments and messages that merely contain the old text are untouched.
    const cases = readFileSync(join(dir, 'tests/pretreatment.cases.yaml'), 'utf8');
    expect(cases).toContain('AZA-PRE-TPMT');
    expect(cases).not.toMatch(/rule: AZA-PRE-02\b/);
  }, 120_000);
});
