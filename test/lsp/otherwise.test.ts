// `otherwise` rules and `complete` groups in the editor, over the real server: hover on the
// keyword, on an otherwise rule (the siblings it negates) and on its group; completion of
// groups after `otherwise in`; a joint gap shown as a diagnostic on the group.
import { describe, expect, test } from 'vitest';
import type { CompletionItem } from '@vigil/lsp/test';
import { serverInTempDir } from './client.js';

const BASE = `ruleset reintro version "1"

facts {
  injurious_dose: quantity mg/d optional
  candidate: boolean optional
}

groups {
  restart_dose "The restart dose"
  split complete
}

rule RE-2 "High" source "s"
  group restart_dose
  when candidate and injurious_dose > 50 mg/d
  then dose azathioprine 50 mg/d

rule RE-2-B "Otherwise" source "s"
  group restart_dose
  otherwise
  when candidate
  then caution azathioprine
`;

const server = serverInTempDir('vigil-otherwise-');

function open(text: string) {
  return server.open(text);
}

const hoverAt = (word: string, occurrence: number) => server.hoverAt(BASE, word, occurrence);

describe('otherwise in the editor', () => {
  test('hover on the keyword, the otherwise rule and its group', async () => {
    expect(await hoverAt('otherwise', 0)).toContain('fires only when no other rule of its group fires');
    expect(await hoverAt('RE-2-B', 0)).toContain('Otherwise: fires only when none of `RE-2` fires (an unknown one leaves it not evaluable)');
    expect(await hoverAt('restart_dose', 0)).toContain('Otherwise: `RE-2-B` fires when no other rule of the group does');
    expect(await hoverAt('complete', 0)).toContain('some rule of it should fire for every patient');
  });

  test('completion offers the groups after `otherwise in`', async () => {
    const text = `${BASE}\nrule R-9 "t" source "s"\n  group restart_dose, split\n  otherwise in `;
    const { uri } = await open(text);
    const lines = text.split('\n');
    const position = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
    const r = await server.client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 2, triggerCharacter: ' ' } });
    expect(r.map((i) => i.label)).toEqual(['restart_dose', 'split']);
  });

  test('semantic tokens colour the group after `otherwise in` as a group (namespace)', async () => {
    const text = `${BASE}\nrule R-9 "t" source "s"\n  group restart_dose, split\n  otherwise in split\n  then advise because "m"\n`;
    const { uri } = await open(text);
    const r = await server.client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    const tokens: { line: number; char: number; type: number }[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < r.data.length; i += 5) {
      line += r.data[i]!;
      char = r.data[i] === 0 ? char + r.data[i + 1]! : r.data[i + 1]!;
      tokens.push({ line, char, type: r.data[i + 3]! });
    }
    const lines = text.split('\n');
    const l = lines.findIndex((x) => x.includes('otherwise in split'));
    // TOKEN_TYPES: 'keyword' is 0, 'namespace' 11.
    expect(tokens.find((t) => t.line === l && t.char === lines[l]!.indexOf('split'))?.type).toBe(11);
    expect(tokens.find((t) => t.line === l && t.char === lines[l]!.indexOf('otherwise'))?.type).toBe(0);
  });

  test('a gap in a complete group is a diagnostic on the group, with its witness', async () => {
    const text = `${BASE}
rule S-1 "a" source "s" group split when injurious_dose > 2 mg/d then advise because "a"
rule S-2 "b" source "s" group split when injurious_dose < 2 mg/d then advise because "b"
`;
    const { published } = await open(text);
    const gap = published.diagnostics.find((d) => d.code === 'VGL5030')!;
    expect(gap.message).toBe("No rule of group 'split' fires for injurious_dose = 2 mg/d, though the group is declared complete; witness: injurious_dose=2 mg/d.");
    expect(gap.range.start).toEqual({ line: 9, character: 2 });
  });
});
