// reparseDocument equals parseDocument: after random edits (insertions, deletions,
// replacements of characters and of fragments, on clean files and on broken ones), the
// incremental parse from the previous result gives the same document, diagnostics and tokens
// as a fresh parse of the new text.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, reparseDocument, type ParseResult } from './parse.js';

const RULES = join(import.meta.dirname, '../../../../rules/azathioprine');
// The decision-table set too: rows, cells and `|` under edits.
const PGX = join(import.meta.dirname, '../../../../rules/azathioprine-pgx');
const files = [RULES, PGX].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.vigil'))
    .map((f) => ({ uri: join(dir, f), text: readFileSync(join(dir, f), 'utf8') })),
);

const generated = (() => {
  const lines = ['ruleset gen version "1"', '', 'facts {', '  wbc: quantity 10*9/L "White cells"', '  tpmt: enum { low, absent } "TPMT"', '}', ''];
  for (let i = 0; i < 30; i++) {
    lines.push(`// rule ${i}`, `rule G-${i} "Rule ${i}"`, '  source "g.txt"', `  when wbc < ${1 + i / 10} 10*9/L and tpmt in { low }`, `  then caution azathioprine because "g ${i}"`, '');
  }
  lines.push('define low_wbc = wbc < 2 10*9/L', '', 'valueset xo { allopurinol rxnorm "519" }', '');
  return { uri: '/memory/generated.vigil', text: lines.join('\n') };
})();

const corpus = [generated, ...files];

const fragments = ['rule', 'rule X-1 "t"\n', 'when', 'then', 'and', ' ', '\n', '\r\n', '"', '/*', '*/', '// c\n', '{', '}', '(', ')', '<', '=', '2.5', 'wbc', 'import "x.vigil"\n', 'ruleset r\n', 'define d = wbc < 1 10*9/L\n', 'x', '9', '.', '|', ' | - ', 'table T-9 "t"\n', '| tpmt | then\n', 'hit first\n'];

const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 4 })) });

function apply(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = e.at % (text.length + 1);
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

/** Everything but the token objects (compared by kind, text and place). */
function shape(r: ParseResult) {
  return { document: r.document, diagnostics: r.diagnostics, tokens: r.tokens.map((t) => [t.tokenType.name, t.image, t.startOffset, t.startLine, t.startColumn]) };
}

describe('reparseDocument', () => {
  it('equals a fresh parse after each of a sequence of random edits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(edit, { minLength: 1, maxLength: 6 }), (file, edits) => {
        let text = file.text;
        let previous = parseDocument(text, file.uri);
        for (const e of edits) {
          text = apply(text, e);
          const incremental = reparseDocument(text, file.uri, previous);
          expect(shape(incremental)).toEqual(shape(parseDocument(text, file.uri)));
          previous = incremental;
        }
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('equals a fresh parse after random edits that mostly keep the file parsing cleanly', () => {
    // Edits at line ends (blank space, line breaks, comments, whole declarations, lines
    // joined) and on digits: the incremental path is taken for many of them.
    const cleanEdit = fc.record({
      at: fc.nat(),
      what: fc.constantFrom(' ', '\n', '\r\n', '\n\n', '// note\n', '/* c */', 'digit', 'delete-space', '\nrule N-1 "n" source "s" when wbc < 1 10*9/L then order cbc\n', '\ndefine dd = wbc < 2 10*9/L\n'),
    });
    let reused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(cleanEdit, { minLength: 1, maxLength: 8 }), (file, edits) => {
        let text = file.text;
        let previous = parseDocument(text, file.uri);
        for (const e of edits) {
          const digits = [...text.matchAll(/[0-9]/g)].map((m) => m.index);
          const spaces = [...text.matchAll(/\n/g)].map((m) => m.index);
          const pick = (xs: number[]) => xs[e.at % Math.max(1, xs.length)];
          if (e.what === 'digit') {
            const at = pick(digits);
            if (at === undefined) continue;
            text = text.slice(0, at) + String((Number(text[at]) + 7) % 10) + text.slice(at + 1);
          } else {
            const at = pick(spaces);
            if (at === undefined) continue;
            text = e.what === 'delete-space' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + e.what + text.slice(at);
          }
          const incremental = reparseDocument(text, file.uri, previous);
          const fresh = parseDocument(text, file.uri);
          expect(shape(incremental)).toEqual(shape(fresh));
          if (previous.diagnostics.length === 0 && fresh.diagnostics.length === 0 && incremental.document.declarations.some((d, i) => d === previous.document.declarations[i])) reused++;
          previous = incremental;
        }
      }),
      { numRuns: 200 },
    );
    expect(reused).toBeGreaterThan(100);
  }, 120_000);

  it('equals a fresh parse after edits that keep the file clean, which it parses in part', () => {
    const text = generated.text;
    const previous = parseDocument(text, generated.uri);
    expect(previous.diagnostics).toEqual([]);
    const cases = [
      text.replace('wbc < 1.5 10*9/L', 'wbc < 1.6 10*9/L'), // same length
      text.replace('wbc < 1.5 10*9/L', 'wbc < 1.55 10*9/L'), // longer
      text.replace('"Rule 12"', '"R12"'), // shorter
      text.replace('rule G-12 "Rule 12"', 'rule G-12 "Rule 12"\n  strength strong'), // more lines
      text.replace('// rule 13\n', ''), // fewer lines, a comment gone
      text.replace('  then caution azathioprine because "g 12"', '  then caution azathioprine because "g 12" rule G-X "x" source "s" when wbc < 1 10*9/L then order cbc'), // a declaration more, on the same line
      text + 'rule G-END "end" source "e" when wbc < 3 10*9/L then order cbc\n', // at the end
    ];
    for (const next of cases) {
      expect(shape(reparseDocument(next, generated.uri, previous))).toEqual(shape(parseDocument(next, generated.uri)));
    }
    // The line the next declaration starts on begins elsewhere, with as many characters and lines as before.
    const head = 'ruleset r\nfacts { wbc: quantity 10*9/L "w" }\nrule A "a" source "s" when wbc < 1 10*9/L then order cbc /*x\ny*/ ';
    const tail = 'rule B "b" source "s" when wbc < 2 10*9/L then order cbc\nrule C "c" source "s" when wbc < 3 10*9/L then order cbc\n';
    const before = parseDocument(head + tail, '/memory/lines.vigil');
    expect(before.diagnostics).toEqual([]);
    const moved = head.replace('< 1 10*9/L then order cbc /*x\ny*/', '< 3 10*9/L then order cbc /*\nxy*/') + tail;
    expect(shape(reparseDocument(moved, '/memory/lines.vigil', before))).toEqual(shape(parseDocument(moved, '/memory/lines.vigil')));
  });

  it('keeps the trees of the declarations before an edit, and of those after it when nothing moved', () => {
    const text = generated.text;
    const previous = parseDocument(text, generated.uri);
    const next = text.replace('wbc < 1.5 10*9/L', 'wbc < 1.6 10*9/L');
    const r = reparseDocument(next, generated.uri, previous);
    const i = r.document.declarations.findIndex((d) => d.kind === 'RuleDecl' && d.id.value === 'G-5');
    expect(i).toBeGreaterThan(0);
    expect(r.document.declarations[i]).not.toBe(previous.document.declarations[i]);
    expect(r.document.declarations[i - 1]).toBe(previous.document.declarations[i - 1]);
    expect(r.document.declarations[i + 1]).toBe(previous.document.declarations[i + 1]);
  });

  it('in a file with a syntax error, keeps the declarations before the edit and parses the rest', () => {
    const broken = generated.text + 'rule G-X "x"\n  source "s"\n  when tpmt = \n';
    const previous = parseDocument(broken, generated.uri);
    expect(previous.diagnostics.map((d) => d.code)).toEqual(['VGL1001']);
    for (const next of [broken.replace('wbc < 1.5 10*9/L', 'wbc < 1.6 10*9/L'), broken.replace('wbc < 1.5 10*9/L', 'wbc < 1.5 10*9/L and'), broken.replace('"Rule 12"', '"R12"')]) {
      const r = reparseDocument(next, generated.uri, previous);
      expect(shape(r)).toEqual(shape(parseDocument(next, generated.uri)));
      const i = r.document.declarations.findIndex((d) => d.kind === 'RuleDecl' && d.id.value === 'G-3');
      expect(r.document.declarations[i]).toBe(previous.document.declarations[i]);
    }
  });

  it('in a file with a syntax error after the edit, parses only the edited declaration and moves the rest with their errors', () => {
    const broken = generated.text + 'rule G-X "x"\n  source "s"\n  when tpmt = \n';
    const previous = parseDocument(broken, generated.uri);
    const i = previous.document.declarations.findIndex((d) => d.kind === 'RuleDecl' && d.id.value === 'G-5');
    for (const next of [broken.replace('wbc < 1.5 10*9/L', 'wbc < 1.55 10*9/L'), broken.replace('"Rule 5"', '"Rule five"'), broken.replace('"g 5"', '"g 5"\n')]) {
      const r = reparseDocument(next, generated.uri, previous);
      expect(shape(r)).toEqual(shape(parseDocument(next, generated.uri)));
      expect(r.diagnostics.map((d) => d.code)).toEqual(['VGL1001']);
      // Before the edit: the same trees; the edited one: parsed again; after it: moved copies.
      expect(r.document.declarations[i - 1]).toBe(previous.document.declarations[i - 1]);
      expect(r.document.declarations[i]).not.toBe(previous.document.declarations[i]);
    }
  });

  it('at the start of a clean file, parses the header, imports and first items again and moves the rest', () => {
    const text = generated.text.replace('ruleset gen version "1"\n', 'ruleset gen version "1"\nimport "a.vigil"\n');
    const previous = parseDocument(text, generated.uri);
    expect(previous.diagnostics).toEqual([]);
    const cases = [
      ' ' + text,
      '\n// top\n' + text,
      text.replace('import "a.vigil"', 'import "ab.vigil"'),
      text.replace('ruleset gen version "1"', 'ruleset gen version "2"'),
      text.replace('ruleset gen version "1"', 'ruleset gen'),
      text.replace('  wbc: quantity 10*9/L "White cells"', '  wbc: quantity 10*9/L "White cells"\n  plt: quantity 10*9/L'),
    ];
    for (const next of cases) {
      const r = reparseDocument(next, generated.uri, previous);
      expect(shape(r)).toEqual(shape(parseDocument(next, generated.uri)));
    }
    const r = reparseDocument(cases[0]!, generated.uri, previous);
    expect(r.document.declarations.at(-1)).not.toBe(previous.document.declarations.at(-1));
    const same = reparseDocument(cases[3]!, generated.uri, previous);
    expect(same.document.declarations.at(-1)).toBe(previous.document.declarations.at(-1));
  });
});
