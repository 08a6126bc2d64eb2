// Code actions over the bundled server: the checker's quick fixes (the same ones `vigil
// check` prints as help) and the unit refactoring that rewrites a threshold exactly in
// the unit its fact is recorded in.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LspClient } from '../lsp/client.js';
import { openDocument, type OpenDocument } from './support.js';

const TEXT = `ruleset t version "1"

facts {
  wbc: quantity 10*9/L
  tpmt: enum { normal, low }
}

rule R-1 "Low WBC"
  source "s"
  when wbc < 2500 /uL or wbc < 2
  then stop azathioprine because "low"

rule R-2 "No TPMT"
  source "s"
  when tpmt is missing
  then order tpmt
`;

interface Action {
  title: string;
  kind: string;
  edit?: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> };
}

let doc: OpenDocument;
let client: LspClient;
let uri: string;

beforeAll(async () => {
  doc = await openDocument('vigil-actions-', TEXT);
  ({ client, uri } = doc);
}, 60_000);

afterAll(() => doc.close());

const line = TEXT.split('\n').findIndex((l) => l.includes('wbc < 2500'));
const col = (s: string) => TEXT.split('\n')[line]!.indexOf(s);

async function actionsAt(character: number, endCharacter = character): Promise<Action[]> {
  const diagnostics = client.latest(uri)?.diagnostics ?? [];
  return (await client.request('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character }, end: { line, character: endCharacter } },
    context: { diagnostics },
  })) as Action[];
}

describe('code actions', () => {
  test('rewrites 2500 /uL exactly as 2.5 10*9/L', async () => {
    const actions = await actionsAt(col('2500') + 1);
    const refactor = actions.find((a) => a.kind === 'refactor.rewrite');
    expect(refactor?.title).toBe('Write 2500 /uL as 2.5 10*9/L (the unit wbc is recorded in)');
    expect(refactor!.edit!.changes[uri]).toEqual([{ range: { start: { line, character: col('2500') }, end: { line, character: col('2500') + '2500 /uL'.length } }, newText: '2.5 10*9/L' }]);
  });

  test("offers the checker's quick fix for a bare number: the fact's unit", async () => {
    const at = TEXT.split('\n')[line]!.lastIndexOf('2');
    const actions = await actionsAt(at, at + 1);
    const fix = actions.find((a) => a.kind === 'quickfix');
    expect(fix?.title).toBe('Write 2 10*9/L');
    expect(fix!.edit!.changes[uri]![0]!.newText).toBe(' 10*9/L');
  });

  test('no refactoring where the threshold is in the fact unit already', async () => {
    const other = TEXT.replace('2500 /uL', '2.5 10*9/L');
    await client.replace(uri, 2, other);
    await client.waitFor((p) => p.uri === uri && p.version === 2);
    const actions = await actionsAt(col('2500') + 1);
    expect(actions.filter((a) => a.kind === 'refactor.rewrite')).toEqual([]);
  });
});
