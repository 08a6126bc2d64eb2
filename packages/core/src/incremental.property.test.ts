// Incremental checking equals a fresh check: a rule set edited at random, one edit after the
// other, and checked after each through the pipeline's caches (what the editor does), gives
// exactly the diagnostics of a check that parses every file from scratch.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTexts, clearParseCache, type CheckResult } from './pipeline.js';

const RULES = join(import.meta.dirname, '../../../rules/azathioprine');
const files = new Map(
  readdirSync(RULES)
    .filter((f) => f.endsWith('.vigil'))
    .sort()
    .map((f) => [join(RULES, f), readFileSync(join(RULES, f), 'utf8')] as const),
);
const paths = [...files.keys()];

/** Edits an author makes: thresholds and values retyped, clauses and lines added or removed, and stray text. */
const fragments = ['1', '2.5', '0', ' ', '\n', 'and ', 'or ', 'not ', '"', '// note\n', 'wbc', 'tpmt = low', 'x', '{', '}', '(', ')', 'then advise because "x"\n', 'rule X-1 "t"\n', 'otherwise\n', ' complete', 'group restart_dose\n', 'group withdrawal_decision\n'];
const edit = fc.record({
  file: fc.nat({ max: paths.length - 1 }),
  at: fc.nat(),
  kind: fc.constantFrom('digit', 'fragment', 'delete-line', 'duplicate-line'),
  remove: fc.nat({ max: 6 }),
  insert: fc.constantFrom(...fragments),
  digit: fc.integer({ min: 1, max: 9 }),
});

interface Edit {
  readonly at: number;
  readonly kind: string;
  readonly remove: number;
  readonly insert: string;
  readonly digit: number;
}

function apply(text: string, e: Edit): string {
  const at = e.at % (text.length + 1);
  switch (e.kind) {
    case 'digit': {
      // The next number after `at` gets one digit changed: the rule set usually stays valid, so the logic checks run.
      const m = /\d/.exec(text.slice(at));
      if (!m) return text;
      const i = at + m.index;
      return text.slice(0, i) + String(e.digit) + text.slice(i + 1);
    }
    case 'delete-line':
    case 'duplicate-line': {
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const end = text.indexOf('\n', at);
      const stop = end < 0 ? text.length : end + 1;
      const line = text.slice(start, stop);
      return e.kind === 'delete-line' ? text.slice(0, start) + text.slice(stop) : text.slice(0, stop) + line + text.slice(stop);
    }
    default:
      return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
  }
}

/** Everything a front end shows: diagnostics, the files' texts and declarations, and whether there is IR. */
function seen(r: CheckResult) {
  return {
    diagnostics: r.diagnostics,
    files: r.files.map((f) => ({ uri: f.uri, declarations: f.document.declarations })),
    ir: r.ir !== undefined,
  };
}

/** Edits that keep a rule set valid, so the logic checks run and their remembered results are reused: thresholds retyped, declarations moved. */
const validEdit = fc.record({
  file: fc.nat({ max: paths.length - 1 }),
  kind: fc.constantFrom('digit', 'move'),
  at: fc.nat(),
  to: fc.nat(),
  digit: fc.integer({ min: 1, max: 9 }),
});

function applyValid(text: string, e: { at: number; to: number; kind: string; digit: number }): string {
  if (e.kind === 'digit') return apply(text, { at: e.at, kind: 'digit', remove: 0, insert: '', digit: e.digit });
  // A block (a declaration with its comments) moved to another place in its file, after the header.
  const blocks = text.split('\n\n');
  if (blocks.length < 3) return text;
  const from = 1 + (e.at % (blocks.length - 1));
  const [block] = blocks.splice(from, 1);
  blocks.splice(1 + (e.to % blocks.length), 0, block!);
  return blocks.join('\n\n');
}

describe('incremental checking', () => {
  it('gives the logic diagnostics of a fresh check after edits that keep the rule set valid', () => {
    fc.assert(
      fc.property(fc.array(validEdit, { minLength: 1, maxLength: 4 }), (edits) => {
        const texts = new Map(files);
        clearParseCache();
        checkTexts(texts);
        for (const e of edits) {
          const path = paths[e.file]!;
          texts.set(path, applyValid(texts.get(path)!, e));
          // Through the parse cache and the remembered logic results …
          const incremental = checkTexts(texts);
          clearParseCache();
          // … and from scratch.
          const fresh = checkTexts(texts);
          expect(incremental.diagnostics).toEqual(fresh.diagnostics);
          expect(incremental.ir !== undefined).toBe(fresh.ir !== undefined);
          // Declarations lowered earlier and kept (renumbered when atoms moved) give the IR of a fresh lowering.
          expect(incremental.ir).toEqual(fresh.ir);
        }
      }),
      { numRuns: 10 },
    );
  }, 180_000);


  it('gives the diagnostics of a fresh check after every edit of a real rule set', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const texts = new Map(files);
        clearParseCache();
        checkTexts(texts); // warm: the caches hold the unedited rule set
        for (const e of edits) {
          const path = paths[e.file]!;
          texts.set(path, apply(texts.get(path)!, e));
          // Through the caches of the check before the edit, as in the editor …
          const incremental = seen(checkTexts(texts));
          clearParseCache();
          // … and from scratch.
          const fresh = seen(checkTexts(texts));
          expect(incremental).toEqual(fresh);
        }
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});
