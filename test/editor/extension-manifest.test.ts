// The extension's manifest and snippets: every snippet, expanded with each of its choices
// and its defaults, parses (a snippet that leaves a syntax error behind teaches the wrong
// language); `vigil.server.path` may only be set per machine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ACTIONS, actionLabel, parseDocument, STRENGTH_NAMES } from '@vigil/core';
import { ROOT } from '../lsp/client.js';

interface Snippet {
  readonly prefix: string;
  readonly body: string[];
}
const snippets = JSON.parse(readFileSync(join(ROOT, 'extension/snippets/vigil.json'), 'utf8')) as Record<string, Snippet>;

/** Every expansion of a snippet body: defaults for placeholders, each choice in turn (all choices move together). */
function expansions(body: string): string[] {
  const choices = [...body.matchAll(/\$\{\d+\|([^|]*)\|\}/g)].map((m) => m[1]!.split(/(?<!\\),/).map((c) => c.replace(/\\,/g, ',')));
  const count = Math.max(1, ...choices.map((c) => c.length));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let k = 0;
    const text = body
      .replace(/\$\{\d+\|[^|]*\|\}/g, () => {
        const list = choices[k++]!;
        return list[Math.min(i, list.length - 1)]!;
      })
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\d+/g, '');
    out.push(text);
  }
  return out;
}

/** Where a snippet is typed: action snippets after `then` in a rule, the others at the top level. */
function inContext(prefix: string, text: string): string {
  if (prefix === 'dose' || prefix === 'monitor') return `rule R-1 "t"\n  when true\n  then ${text}\n`;
  return text;
}

describe('snippets', () => {
  test('expanded with their defaults and each choice, every snippet parses', () => {
    const expanded: string[] = [];
    for (const [name, s] of Object.entries(snippets)) {
      for (const text of expansions(s.body.join('\n'))) {
        const parsed = parseDocument(inContext(s.prefix, text), `${name}.vigil`);
        const syntax = parsed.diagnostics.filter((d) => d.code === 'VGL1001' || d.code === 'VGL1002' || d.severity === 'error');
        expect(syntax.map((d) => d.message), `${name}:\n${text}`).toEqual([]);
        expanded.push(text);
      }
    }
    // The dose and monitor actions are among the expansions.
    expect(expanded.some((t) => /then dose azathioprine 30% to 70% of standard/.test(t))).toBe(true);
    expect(expanded.some((t) => /then monitor cbc every 1 wk for 4 wk/.test(t))).toBe(true);
  });
});

describe('snippets and the vocabulary table', () => {
  const choicesAfter = (word: string) =>
    Object.values(snippets).flatMap((s) => [...s.body.join('\n').matchAll(new RegExp(`${word} \\$\\{\\d+\\|([^|]*)\\|\\}`, 'g'))].map((m) => m[1]!.split(',')));

  test('every strength choice lists the strengths of the table', () => {
    const lists = choicesAfter('strength');
    expect(lists.length).toBeGreaterThan(0);
    for (const list of lists) expect(list).toEqual([...STRENGTH_NAMES]);
  });

  test('the rule snippet offers every action that takes only a target', () => {
    const lists = choicesAfter('then');
    expect(lists).toEqual([ACTIONS.filter((a) => a.form === 'plain' || a.form === 'permanently').map((a) => actionLabel(a.verb))]);
  });
});

describe('extension manifest', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'extension/package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { scope?: string }> } } };
  test('vigil.server.path is a machine setting: a workspace cannot choose what runs', () => {
    expect(manifest.contributes.configuration.properties['vigil.server.path']?.scope).toBe('machine');
  });
  test('a changed server path restarts the server without a reload', () => {
    const source = readFileSync(join(ROOT, 'extension/src/extension.ts'), 'utf8');
    expect(source).toMatch(/onDidChangeConfiguration[\s\S]*affectsConfiguration\('vigil\.server\.path'\)[\s\S]*stop\(\)[\s\S]*start\(\)/);
  });
});
