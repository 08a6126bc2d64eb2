import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseDocument } from '@vigil/core';
import { format, isFormatted } from '../src/index.js';
import { parseShape } from './support.js';

const RULES = join(import.meta.dirname, '../../../rules/azathioprine');
const ruleFiles = existsSync(RULES) ? readdirSync(RULES).filter((f) => f.endsWith('.vigil')).sort() : [];

function fmt(text: string): string {
  const out = format(text, '/t.vigil');
  if (out === undefined) throw new Error(`not formatted:\n${text}`);
  return out;
}

describe('layout', () => {
  test('one canonical layout regardless of input spacing', () => {
    const messy = `ruleset   demo version "1"
import "a.vigil"


import "b.vigil"
facts{ tpmt :enum{low,absent,} "TPMT"
 wbc: quantity 10*9/L   baseline  uln
  meds : set of code}
valueset   xo "XO" { allopurinol rxnorm "519" atc "M04AA01" , febuxostat rxnorm "73689", }
define cytopenia "Cytopenia" = wbc<2.5 10*9/L or (wbc . baseline > 3 10*9/L and not tpmt in {low})
rule R-1 "Absent TPMT" when tpmt in {low,absent} then contraindicate azathioprine because "x" source "s.txt" strength strong
protocol P-1 "Desens" source "s" drug aza target 100 mg over 200 min step 1 mg observe 20 min step 99 mg observe 180 min
`;
    expect(fmt(messy)).toBe(`ruleset demo version "1"

import "a.vigil"
import "b.vigil"

facts {
  tpmt: enum { low, absent } "TPMT"
  wbc: quantity 10*9/L baseline uln
  meds: set of code
}

valueset xo "XO" {
  allopurinol rxnorm "519" atc "M04AA01",
  febuxostat rxnorm "73689"
}

define cytopenia "Cytopenia" = wbc < 2.5 10*9/L or (wbc.baseline > 3 10*9/L and not tpmt in { low })

rule R-1 "Absent TPMT"
  source "s.txt"
  strength strong
  when tpmt in { low, absent }
  then contraindicate azathioprine because "x"

protocol P-1 "Desens"
  source "s"
  drug aza
  target 100 mg over 200 min
  step 1 mg observe 20 min
  step 99 mg observe 180 min
`);
  });

  test('long conditions break at the outermost operator; lists wrap under their first item', () => {
    const long = `rule R-2 "t" source "s" overrides ${Array.from({ length: 14 }, (_, i) => `AZA-DOSE-${i}`).join(', ')}
when starting and medications includes xanthine_oxidase_inhibitors and not (pregnant or planning_pregnancy or breastfeeding_now)
then dose aza 2 mg/kg/d x weight to 3 mg/kg/d * weight
then monitor cbc every 1 wk for 4 wk, then every 1 mo because "m"
then stop { aza, mp } permanently`;
    expect(fmt(long)).toBe(`rule R-2 "t"
  source "s"
  overrides AZA-DOSE-0, AZA-DOSE-1, AZA-DOSE-2, AZA-DOSE-3, AZA-DOSE-4, AZA-DOSE-5, AZA-DOSE-6,
            AZA-DOSE-7, AZA-DOSE-8, AZA-DOSE-9, AZA-DOSE-10, AZA-DOSE-11, AZA-DOSE-12, AZA-DOSE-13
  when starting
    and medications includes xanthine_oxidase_inhibitors
    and not (pregnant or planning_pregnancy or breastfeeding_now)
  then dose aza 2 mg/kg/d x weight to 3 mg/kg/d * weight
  then monitor cbc every 1 wk for 4 wk, then every 1 mo because "m"
  then stop { aza, mp } permanently
`);
  });

  test('comments are kept: own-line, trailing, inside blocks, at the end', () => {
    const text = `// header comment

facts { // trailing after brace
  // about a
  a: boolean // trailing a

  b: boolean /* block */
  // last inside
}
rule R-1 "t" // after title
  /* before when */ when a and // mid condition
  b
  then advise because "x"
// end of file
`;
    const out = fmt(text);
    expect(out).toBe(`// header comment

facts { // trailing after brace
  // about a
  a: boolean // trailing a

  b: boolean /* block */
  // last inside
}

rule R-1 "t" // after title
  /* before when */
  when a and // mid condition
    b
  then advise because "x"
// end of file
`);
    expect(fmt(out)).toBe(out);
  });

  test('files with syntax errors are not formatted', () => {
    expect(format('rule R-1 "t" when', '/x.vigil')).toBeUndefined();
    expect(format('facts { a: }', '/x.vigil')).toBeUndefined();
    expect(isFormatted('rule "', '/x.vigil')).toBe(true);
  });

  test('empty and comment-only files', () => {
    expect(fmt('')).toBe('');
    expect(fmt('\n\n  \n')).toBe('');
    expect(fmt('// only\n\n\n// two   \n')).toBe('// only\n\n// two\n');
  });
});

describe.runIf(ruleFiles.length > 0)('the azathioprine rule set', () => {
  test.each(ruleFiles)('%s: same AST, idempotent', (file) => {
    const text = readFileSync(join(RULES, file), 'utf8');
    const once = fmt(text);
    expect(parseShape(once)).toEqual(parseShape(text));
    expect(fmt(once)).toBe(once);
    for (const line of once.split('\n')) expect(line).toBe(line.trimEnd());
  });
});

// ---------------------------------------------------------------- generated programs

const ident = fc.constantFrom('a', 'wbc', 'tpmt', 'alt', 'meds', 'pregnant', 'drug_x', 'low', 'absent');
const ruleId = fc.constantFrom('AZA-1', 'R-2', 'AZA-PRE-03-B', 'R_1');
const str = fc.constantFrom('"t"', '"a \\"quoted\\" title"', '"x\\ny"', '""');
const quantity = fc.tuple(fc.constantFrom('1', '2.5', '30', '100'), fc.constantFrom('', 'mg', '10*9/L', '%', 'h', 'mg/kg/d', 'wk')).map(([n, u]) => (u ? `${n} ${u}` : n));

/** A random piece of trivia between tokens: spaces, line breaks, comments. */
const gap = fc.constantFrom(' ', ' ', ' ', '\n', '\n\n  ', '  ', ' /* c */ ', ' // note\n', '\n// own line\n');
function joinTokens(tokens: string[], gaps: string[]): string {
  return tokens.map((t, i) => (i === 0 ? t : gaps[i % gaps.length]! + t)).join('');
}
const toks = (...parts: (string | string[])[]): string[] => parts.flat();

const expr: fc.Memo<string[]> = fc.memo((n) => {
  const leaf: fc.Arbitrary<string[]> = fc.oneof(
    ident.map((i) => [i]),
    quantity.map((q) => [q]),
    fc.constantFrom('true', 'false', '"s"', 'alt.baseline', 'uln').map((t) => [t]),
  );
  if (n <= 1) return leaf;
  const sub = expr(n - 1);
  return fc.oneof(
    leaf,
    fc.tuple(sub, fc.constantFrom('and', 'or'), sub).map(([l, op, r]) => toks(l, op, r)),
    fc.tuple(sub, fc.constantFrom('=', '!=', '<', '<=', '>', '>='), sub).map(([l, op, r]) => toks(l, op, r)),
    fc.tuple(sub, fc.constantFrom('+', '-', '*', '/', 'x'), sub).map(([l, op, r]) => toks(l, op, r)),
    sub.map((s) => toks('not', s)),
    sub.map((s) => toks('(', s, ')')),
    sub.map((s) => toks('-', s)),
    fc.tuple(ident, fc.boolean(), fc.array(ident, { minLength: 1, maxLength: 3 })).map(([i, neg, items]) =>
      toks(i, neg ? ['not', 'in'] : ['in'], ['{', items.join(' , '), '}']),
    ),
    fc.tuple(ident, ident).map(([i, v]) => toks(i, 'includes', v)),
    fc.tuple(ident, fc.constantFrom('missing', 'present')).map(([i, m]) => toks(i, 'is', m)),
    fc.tuple(ident, fc.constantFrom('more', 'less'), quantity).map(([i, m, q]) => toks(i, m, 'than', q, 'ago')),
    fc.tuple(ident, quantity).map(([i, q]) => toks(i, 'within', q)),
  );
});

const type: fc.Arbitrary<string[]> = fc.oneof(
  fc.constantFrom('boolean', 'text', 'date', 'datetime', 'code', 'duration', 'quantity mg', 'quantity 10*9/L').map((t) => [t]),
  fc.array(ident, { minLength: 1, maxLength: 3 }).map((m) => toks('enum', '{', m.join(', '), '}')),
  fc.constantFrom('set of code', 'set of enum { a, b }').map((t) => t.split(' ')),
);
const action = fc.oneof(
  fc.tuple(fc.constantFrom('contraindicate', 'caution', 'order', 'recommend'), ident).map(([v, t]) => [v, t]),
  fc.tuple(ident, ident).map(([a, b]) => toks('stop', '{', a, ',', b, '}', 'permanently')),
  fc.tuple(ident, quantity, quantity).map(([t, a, b]) => toks('dose', t, a, 'to', b, 'of', 'standard')),
  fc.tuple(ident, quantity).map(([t, q]) => toks('monitor', t, 'every', q, 'for', q, ',', 'then', 'every', q)),
  ident.map((t) => toks('advise', 'against', t)),
);
const declaration = fc.oneof(
  fc.array(fc.tuple(ident, type, fc.boolean(), fc.boolean()), { minLength: 0, maxLength: 3 }).map((facts) =>
    toks('facts', '{', ...facts.map(([n, t, b, d]) => toks(n, ':', t, b ? ['baseline', 'uln'] : [], d ? ['"desc"'] : [])), '}'),
  ),
  fc.array(fc.tuple(ident, fc.boolean()), { minLength: 1, maxLength: 3 }).map((members) =>
    toks('valueset', 'vs', '"VS"', '{', members.map(([m, c]) => (c ? `${m} rxnorm "1" atc "A"` : m)).join(' , '), '}'),
  ),
  fc.tuple(ident, fc.boolean(), expr(3)).map(([n, t, e]) => toks('define', n, t ? ['"title"'] : [], '=', e)),
  fc.tuple(ruleId, str, fc.option(expr(4)), fc.array(action, { maxLength: 2 }), fc.boolean()).map(([id, title, when, actions, extras]) =>
    toks('rule', id, title, extras ? ['source', '"a"', ',', '"b"', 'strength', 'strong', 'group', 'g', 'otherwise', 'in', 'g', 'overrides', 'R-9', ',', 'R-8'] : [], when ? ['when', ...when] : [], ...actions.map((a) => toks('then', a, extras ? ['because', '"m"'] : [])), extras ? ['unless', 'pregnant'] : []),
  ),
  fc.tuple(ruleId, quantity).map(([id, q]) => toks('protocol', id, '"P"', 'source', '"s"', 'drug', 'aza', 'target', q, 'over', q, 'step', q, 'observe', q)),
);
const program = fc
  .tuple(fc.boolean(), fc.array(declaration, { maxLength: 4 }), fc.array(gap, { minLength: 1, maxLength: 12 }))
  .map(([header, decls, gaps]) => joinTokens(toks(header ? ['ruleset', 'demo', 'version', '"1"', 'import', '"x.vigil"'] : [], ...decls), gaps) + '\n');

describe('generated programs', () => {
  test('format preserves the AST and is idempotent', () => {
    let formatted = 0;
    fc.assert(
      fc.property(program, (text) => {
        if (parseDocument(text, '/t.vigil').diagnostics.length > 0) return;
        formatted++;
        const once = fmt(text);
        expect(parseShape(once)).toEqual(parseShape(text));
        expect(fmt(once)).toBe(once);
      }),
      { numRuns: Number(process.env.FMT_RUNS ?? 400), ...(process.env.FMT_RUNS ? {} : { seed: 20250301 }) },
    );
    expect(formatted).toBeGreaterThan(100);
  });
});

describe('fact ranges', () => {
  test('a range is printed after the type, bounds as written, spacing canonical', () => {
    expect(fmt('facts {\n weight :quantity kg   range  0.3  kg to 400 kg optional "W"\n change: quantity mmol/L range -20 mmol/L to  20 mmol/L\n f: quantity % range 0 % to 100 %\n}\n')).toBe(
      'facts {\n  weight: quantity kg range 0.3 kg to 400 kg optional "W"\n  change: quantity mmol/L range -20 mmol/L to 20 mmol/L\n  f: quantity % range 0% to 100%\n}\n',
    );
  });
});

describe("the author's conventions", () => {
  const MULTI = 'facts {\n  tpmt: enum {\n      normal,   // most\n    intermediate, low,\n    absent\n  } "TPMT"\n  sex: enum { female,\n male }\n  grade: enum { a, b }\n}\n';

  test('keeps an enum written over several lines one value per line, and a one-line enum on its line', () => {
    const out = format(MULTI)!;
    expect(out).toBe('facts {\n  tpmt: enum {\n    normal, // most\n    intermediate,\n    low,\n    absent\n  } "TPMT"\n  sex: enum {\n    female,\n    male\n  }\n  grade: enum { a, b }\n}\n');
    expect(format(out)).toBe(out);
  });

  test('keeps CRLF line breaks', () => {
    const crlf = MULTI.replace(/\n/g, '\r\n');
    const out = format(crlf)!;
    expect(out).toBe(format(MULTI)!.replace(/\n/g, '\r\n'));
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(format(out)).toBe(out);
  });

  test('keeps a byte order mark', () => {
    const out = format('\uFEFFfacts {\n  a: boolean\n}\n')!;
    expect(out).toBe('\uFEFFfacts {\n  a: boolean\n}\n');
    expect(format('\uFEFF' + 'facts {\r\n a: boolean }\r\n')).toBe('\uFEFFfacts {\r\n  a: boolean\r\n}\r\n');
  });
});
