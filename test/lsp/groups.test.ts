// Rule groups and a rule set's own strengths in the editor, over the real server: hover on
// a group (its rules and who overrides it) and on a declared strength, completion of
// groups after `group` and `overrides`, of the header's strengths after `strength`, and
// semantic tokens for a strength that is a reserved word elsewhere.
import { describe, expect, test } from 'vitest';
import type { CompletionItem, WorkspaceEdit } from '@vigil/lsp/test';
import { serverInTempDir } from './client.js';

const BASE = `ruleset pgx version "1" strengths { strong, moderate, optional }

facts {
  tpmt: enum { normal, low }
}

groups {
  aza_use "Rules that dose azathioprine"
}

rule D-1 "dose" source "s"
  strength optional
  group aza_use
  when tpmt = normal
  then dose azathioprine 50 mg/d

rule C-1 "contraindication" source "s"
  strength strong
  overrides dose of aza_use
  when tpmt = low
  then contraindicate azathioprine
`;

const server = serverInTempDir('vigil-groups-');

async function open(text: string): Promise<string> {
  return (await server.open(text)).uri;
}

const hoverAt = (word: string, occurrence: number) => server.hoverAt(BASE, word, occurrence);

async function complete(tail: string): Promise<string[]> {
  const text = `${BASE}\n${tail}`;
  const uri = await open(text);
  const lines = text.split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
  const r = await server.client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 2, triggerCharacter: ' ' } });
  return r.map((i) => i.label);
}

describe('groups and strengths in the editor', () => {
  test('hover on a group: its title, its rules and the rules that override it', async () => {
    for (const occurrence of [1, 2]) {
      const h = await hoverAt('aza_use', occurrence);
      expect(h).toContain('**group** `aza_use` — Rules that dose azathioprine');
      expect(h).toContain('1 rule: `D-1`');
      expect(h).toContain('Overridden by `C-1`');
    }
  });

  test("hover on a strength: its place in the rule set's vocabulary", async () => {
    expect(await hoverAt('optional', 1)).toBe("**strength** `optional` (3 of 3 in the rule set's `strengths`)");
    expect(await hoverAt('strong', 1)).toBe("**strength** `strong` (1 of 3, the strongest in the rule set's `strengths`)");
  });

  test('completion offers groups after `group` and `overrides … of`, and the rule ids after `overrides`', async () => {
    expect(await complete('rule R-9 "t" source "s"\n  group ')).toEqual(['aza_use']);
    expect(await complete('rule R-9 "t" source "s"\n  overrides dose of ')).toEqual(expect.arrayContaining(['aza_use', 'D-1', 'C-1']));
    expect(await complete('rule R-9 "t" source "s"\n  overrides aza_use except ')).not.toContain('aza_use');
  });

  test("completion after `strength` offers the rule set's strengths", async () => {
    expect(await complete('rule R-9 "t" source "s"\n  strength ')).toEqual(['strong', 'moderate', 'optional']);
  });

  test('semantic tokens colour a strength that is a reserved word as a strength, a group as a namespace', async () => {
    const uri = await open(BASE);
    const r = await server.client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    const tokens: { line: number; char: number; length: number; type: number }[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < r.data.length; i += 5) {
      line += r.data[i]!;
      char = r.data[i] === 0 ? char + r.data[i + 1]! : r.data[i + 1]!;
      tokens.push({ line, char, length: r.data[i + 2]!, type: r.data[i + 3]! });
    }
    const lines = BASE.split('\n');
    const typeAt = (word: string, occurrence: number) => {
      let seen = 0;
      for (let l = 0; l < lines.length; l++) {
        const at = lines[l]!.indexOf(word);
        if (at >= 0 && seen++ === occurrence) return tokens.find((t) => t.line === l && t.char === at)?.type;
      }
      return undefined;
    };
    // TOKEN_TYPES: … 'namespace' is 11, 'property' 12, 'keyword' 0.
    expect(typeAt('optional', 0)).toBe(12);
    expect(typeAt('optional', 1)).toBe(12);
    expect(typeAt('aza_use', 0)).toBe(11);
    expect(typeAt('aza_use', 2)).toBe(11);
  });

  test('rename a group: its declaration, the group clauses and the overrides; a rule id is taken', async () => {
    const uri = await open(BASE);
    const lines = BASE.split('\n');
    const line = lines.findIndex((l) => l.includes('group aza_use'));
    const position = { line, character: lines[line]!.indexOf('aza_use') + 1 };
    const edit = await server.client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName: 'azathioprine_doses' });
    const edits = edit.changes![uri]!;
    expect(edits).toHaveLength(3);
    expect(edits.every((e) => e.newText === 'azathioprine_doses')).toBe(true);
    expect(edits.map((e) => e.range.start.line).sort((a, b) => a - b)).toEqual([lines.findIndex((l) => l.includes('aza_use "')), line, lines.findIndex((l) => l.includes('of aza_use'))]);
    await expect(server.client.request('textDocument/rename', { textDocument: { uri }, position, newName: 'group' })).rejects.toThrow(/keyword/);
  });
});
