// Completion in the places authors reported as empty or wrong, over the real server: after
// a space inside `{ … }`, after `overrides X, `, inside a rule id being typed, after `5 x `,
// units ranked by the fact's dimension, and enum values only after `tpmt in {`.
import { describe, expect, test } from 'vitest';
import type { CompletionItem } from '@vigil/lsp/test';
import { serverInTempDir } from './client.js';

const BASE = `facts {
  tpmt: enum { normal, intermediate, low, absent } "TPMT"
  wbc: quantity 10*9/L
  alt: quantity U/L baseline uln
  meds: set of code
}

valueset thiopurines "Thiopurines" { azathioprine rxnorm "1256", mercaptopurine rxnorm "103" }

rule AZA-PRE-01 "a" source "s"
  when tpmt = low
  then stop azathioprine

rule AZA-PRE-02 "b" source "s"
  when tpmt = absent
  then stop azathioprine

rule AZA-TOX-01 "c" source "s"
  when wbc < 2 10*9/L
  then stop azathioprine
`;

const server = serverInTempDir('vigil-completion-');

/** Completion at the end of `tail`, appended to the base rule set as a new rule. */
async function complete(tail: string, trigger?: string): Promise<CompletionItem[]> {
  const text = `${BASE}\n${tail}`;
  const { uri } = await server.open(text);
  const lines = text.split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
  const r = await server.client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position, ...(trigger ? { context: { triggerKind: 2, triggerCharacter: trigger } } : {}) });
  await server.client.notify('textDocument/didClose', { textDocument: { uri } });
  return r;
}
const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const ranked = (items: CompletionItem[]) => [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);

describe('completion contexts', () => {
  test('after a space inside { … }: the remaining enum values', async () => {
    const items = await complete('rule R-9 "t" source "s"\n  when tpmt in { low, ', ' ');
    expect(labels(items)).toEqual(expect.arrayContaining(['normal', 'intermediate', 'absent']));
  });

  test('after `tpmt in {`: enum values only, no drug value sets', async () => {
    for (const tail of ['rule R-9 "t" source "s"\n  when tpmt in {', 'rule R-9 "t" source "s"\n  when tpmt in { ']) {
      const items = await complete(tail, tail.endsWith(' ') ? ' ' : '{');
      expect(labels(items).sort()).toEqual(['absent', 'intermediate', 'low', 'normal']);
    }
  });

  test('`includes {` still offers value sets and members', async () => {
    const items = await complete('rule R-9 "t" source "s"\n  when meds includes { ', ' ');
    expect(labels(items)).toEqual(expect.arrayContaining(['thiopurines', 'azathioprine']));
  });

  test('after `overrides X, `: rule ids', async () => {
    const items = await complete('rule R-9 "t" source "s" overrides AZA-PRE-01, ', ' ');
    expect(labels(items)).toEqual(expect.arrayContaining(['AZA-PRE-02', 'AZA-TOX-01']));
  });

  test('after `overrides AZA-PRE-`: rule ids, replacing the whole id typed so far', async () => {
    const tail = 'rule R-9 "t" source "s" overrides AZA-PRE-';
    const items = await complete(tail, '-');
    expect(labels(items)).toEqual(expect.arrayContaining(['AZA-PRE-01', 'AZA-PRE-02']));
    const edit = items.find((i) => i.label === 'AZA-PRE-02')!.textEdit as { range: { start: { character: number } } };
    expect(edit.range.start.character).toBe(tail.indexOf('AZA-PRE-'));
  });

  test('after `5 x `: baseline and uln', async () => {
    const items = await complete('rule R-9 "t" source "s"\n  when alt >= 5 x ', ' ');
    expect(labels(items)).toEqual(expect.arrayContaining(['baseline', 'uln']));
  });

  test("after `wbc < 2 `: the fact's unit first, then units of its dimension", async () => {
    const items = ranked(await complete('rule R-9 "t" source "s"\n  when wbc < 2 ', ' '));
    expect(items[0]).toBe('10*9/L');
    const mg = items.indexOf('mg');
    const perUl = items.indexOf('/uL');
    if (perUl >= 0 && mg >= 0) expect(perUl).toBeLessThan(mg);
    const alt = ranked(await complete('rule R-9 "t" source "s"\n  when alt > 40 ', ' '));
    expect(alt[0]).toBe('U/L');
  });
});
