// The parser and checker never throw, whatever the text, and every diagnostic range lies
// inside its document: random text, random token sequences, mutated real rule files.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkText, checkTexts, parseDocument } from '@vigil/core';
import { rangeProblems, ruleSetTexts } from './support.js';
import { tokenText } from './rule-text-arbitraries.js';

const URI = '/memory/robust.vigil';

function checkOne(text: string): void {
  const parsed = parseDocument(text, URI);
  const texts = new Map([[URI, text]]);
  for (const d of parsed.diagnostics) expect(rangeProblems(d, texts)).toEqual([]);
  const result = checkText(text, URI, { readFile: () => undefined });
  for (const d of result.diagnostics) expect(rangeProblems(d, texts)).toEqual([]);
}

describe('front end on arbitrary input', () => {
  it('never throws on random text and keeps ranges inside the document', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), checkOne), { numRuns: 300 });
  });

  it('never throws on random grapheme-ish text with line breaks of every kind', () => {
    const piece = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('\r\n', '\r', '\n', '\u2028', '\uFEFF', '\0', '"', '/*'));
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }).map((p) => p.join('')), checkOne), { numRuns: 200 });
  });

  it('never throws on random token sequences', () => {
    fc.assert(fc.property(tokenText, checkOne), { numRuns: 400 });
  });

  it('never throws on token sequences after a valid header and facts block', () => {
    const prefix = 'ruleset r version "1"\nfacts {\n  wbc: quantity 10*9/L\n  tpmt: enum { normal, low }\n  meds: set of code\n  d: date\n  b: boolean\n}\nrule R-1 "t" source "s" when ';
    fc.assert(fc.property(tokenText, (t) => checkOne(prefix + t)), { numRuns: 300 });
  });
});

type Mutation = { kind: 'delete' | 'duplicate' | 'swap'; file: number; a: number; b: number; c: number; d: number };

function mutate(text: string, m: Mutation): string {
  const n = text.length;
  const pos = (x: number) => Math.floor(x * (n + 1)) % (n + 1);
  let [s, e] = [pos(m.a), pos(m.b)].sort((x, y) => x - y) as [number, number];
  e = Math.min(e, s + 400);
  switch (m.kind) {
    case 'delete':
      return text.slice(0, s) + text.slice(e);
    case 'duplicate':
      return text.slice(0, e) + text.slice(s, e) + text.slice(e);
    case 'swap': {
      let [s2, e2] = [pos(m.c), pos(m.d)].sort((x, y) => x - y) as [number, number];
      e2 = Math.min(e2, s2 + 400);
      if (s2 < e) return text.slice(0, s) + text.slice(s2, e2) + text.slice(e); // overlapping: replace instead
      return text.slice(0, s) + text.slice(s2, e2) + text.slice(e, s2) + text.slice(s, e) + text.slice(e2);
    }
  }
}

describe('front end on mutated rule files', () => {
  const texts = ruleSetTexts();
  const uris = [...texts.keys()];
  const unit = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    kind: fc.constantFrom('delete', 'duplicate', 'swap'),
    file: fc.nat(uris.length - 1),
    a: unit,
    b: unit,
    c: unit,
    d: unit,
  });

  it('checks the whole rule set after deleting, duplicating or swapping slices of one file', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        const changed = new Map(texts);
        for (const m of ms) {
          const uri = uris[m.file]!;
          changed.set(uri, mutate(changed.get(uri)!, m));
        }
        const result = checkTexts(changed, { readFile: () => undefined });
        for (const d of result.diagnostics) expect(rangeProblems(d, changed)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('parses each mutated file alone without throwing', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const uri = uris[m.file]!;
        checkOne(mutate(texts.get(uri)!, m));
      }),
      { numRuns: 80 },
    );
  });
});
