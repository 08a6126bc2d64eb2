// Decision tables in the editor, over the real server: hover on a column (its fact) and on
// a value in a cell (the enum value of that column's fact), completion in a cell (the values
// its column takes), semantic tokens for cell values, and the table's rows in the outline.
import { describe, expect, test } from 'vitest';
import type { CompletionItem } from '@vigil/lsp/test';
import { positionOf, serverInTempDir } from './client.js';

const BASE = `ruleset pgx version "1"

facts {
  tpmt: enum { normal, intermediate, poor } "TPMT phenotype"
  pregnant: boolean
  meds: set of code
}

valueset xoi "Xanthine oxidase inhibitors" { allopurinol rxnorm "519" }

table T-1 "By TPMT" source "s" hit first
  | tpmt         | pregnant | meds         | then
  | poor         | -        | -            | contraindicate azathioprine
  | -            | -        | includes xoi | contraindicate azathioprine
  | intermediate | true     | -            | caution azathioprine
  | -            | -        | -            | recommend azathioprine
`;

const server = serverInTempDir('vigil-tables-');

async function open(text: string): Promise<string> {
  return (await server.open(text)).uri;
}


const hoverAt = (word: string, occurrence: number) => server.hoverAt(BASE, word, occurrence);

async function complete(row: string): Promise<string[]> {
  const text = `${BASE}  ${row}`;
  const uri = await open(text);
  const lines = text.split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
  const r = await server.client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 2, triggerCharacter: ' ' } });
  return r.map((i) => i.label);
}

describe('decision tables in the editor', () => {
  test('hover on a column is its fact; on a value in a cell, the enum value of that column', async () => {
    expect(await hoverAt('tpmt', 1)).toContain('**fact** · enum');
    expect(await hoverAt('intermediate', 1)).toContain('**enum value** `intermediate` of fact `tpmt`');
    expect(await hoverAt('xoi', 1)).toContain('**value set** `xoi`');
  });

  test('hover on the table id: a group of its rows; on a row, the row as a rule', async () => {
    expect(await hoverAt('T-1', 0)).toContain('4 rules: `T-1.row1`, `T-1.row2`, `T-1.row3`, `T-1.row4`');
    const h = await hoverAt('| -            | -        | includes', 0);
    expect(h).toContain('**rule** `T-1.row2` — By TPMT (row 2)');
    expect(h).toContain('Row 2 of table `T-1`');
    expect(h).toContain('includes xoi | contraindicate azathioprine');
  });

  test("completion in a cell offers what the cell's column takes", async () => {
    expect(await complete('| ')).toEqual(expect.arrayContaining(['normal', 'intermediate', 'poor', '-', 'missing']));
    expect(await complete('| ')).not.toContain('true');
    expect(await complete('| - | ')).toEqual(expect.arrayContaining(['true', 'false', '-']));
    expect(await complete('| - | - | ')).toEqual(expect.arrayContaining(['includes', '-']));
    expect(await complete('| - | - | includes ')).toEqual(expect.arrayContaining(['xoi', 'allopurinol']));
    expect(await complete('| not ')).toEqual(['normal', 'intermediate', 'poor']);
  });

  test('document symbols list the table with its rows', async () => {
    const uri = await open(BASE);
    const symbols = await server.client.request<{ name: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const t = symbols.find((s) => s.name === 'T-1')!;
    expect(t.children!.map((c) => c.name)).toEqual(['T-1.row1', 'T-1.row2', 'T-1.row3', 'T-1.row4']);
  });

  test('semantic tokens colour a value in a cell as an enum member', async () => {
    const uri = await open(BASE);
    const r = await server.client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    const tokens: { line: number; char: number; type: number }[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < r.data.length; i += 5) {
      line += r.data[i]!;
      char = r.data[i] === 0 ? char + r.data[i + 1]! : r.data[i + 1]!;
      tokens.push({ line, char, type: r.data[i + 3]! });
    }
    const p = positionOf(BASE, 'poor', 1);
    // TOKEN_TYPES: 'enumMember' is 7, 'variable' 4.
    expect(tokens.find((t) => t.line === p.line && t.char === p.character - 1)?.type).toBe(7);
    const c = positionOf(BASE, 'tpmt', 1);
    expect(tokens.find((t) => t.line === c.line && t.char === c.character - 1)?.type).toBe(4);
  });
});
