// Property tests: on random text and random token sequences, parseDocument never throws,
// every diagnostic range lies inside the document, every AST range is well formed, and
// there is at most one syntax error per top-level item.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, allNodes } from './test-helpers.js';
import type { ParseResult } from './parse.js';
import { KEYWORDS, TOP_LEVEL_KEYWORDS } from './tokens.js';

function checkInvariants(r: ParseResult): void {
  const n = r.source.text.length;
  for (const d of r.diagnostics) {
    expect(d.range.start.offset).toBeGreaterThanOrEqual(0);
    expect(d.range.end.offset).toBeLessThanOrEqual(n);
    expect(d.range.start.offset).toBeLessThanOrEqual(d.range.end.offset);
    expect(['VGL1001', 'VGL1002']).toContain(d.code);
  }
  for (const node of allNodes(r.document)) {
    expect(node.range.start.offset).toBeGreaterThanOrEqual(0);
    expect(node.range.end.offset).toBeLessThanOrEqual(n);
    expect(node.range.start.offset).toBeLessThanOrEqual(node.range.end.offset);
    expect(Number.isFinite(node.range.start.line) && Number.isFinite(node.range.end.character)).toBe(true);
  }
  // One syntax error per item: count items by top-level keywords (plus the part before the first).
  const items = r.tokens.filter((t) => TOP_LEVEL_KEYWORDS.includes(t.image) && t.tokenType.name.startsWith('Kw')).length + 1;
  expect(r.diagnostics.filter((d) => d.code === 'VGL1001').length).toBeLessThanOrEqual(items);
}

const fragments = [
  ...KEYWORDS,
  '{', '}', '(', ')', ',', ':', '.', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/',
  'tpmt', 'aza', 'wbc', 'AZA-PRE-02', 'low', 'absent', '2', '2.5', '30%', '10*9/L', 'mg/kg/d', 'h', '[iU]/L',
  '"title"', '"a\\"b"', '"open', '// c', '/* c */', '/* open', '\n', ' ', '#', '!', '\\', '"',
];

describe('parseDocument on arbitrary input', () => {
  it('never throws on random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        checkInvariants(parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => {
        checkInvariants(parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random token sequences', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 80 }), fc.constantFrom(' ', '\n', ''), (parts, sep) => {
        checkInvariants(parse(parts.join(sep)));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated valid rules', () => {
    const valid = `facts { tpmt: enum { low, absent } alt: quantity U/L baseline uln }
rule AZA-1 "t" source "s" strength strong when tpmt in { low } and alt >= 5 x baseline
  then dose aza 30% to 70% of standard because "m"
  then monitor cbc every 1 wk for 4 wk, then every 1 mo
protocol P-1 "p" drug aza target 10 mg over 20 min step 10 mg observe 20 min`;
    fc.assert(
      fc.property(fc.nat(valid.length), fc.nat(valid.length), fc.constantFrom(...fragments), (a, b, insert) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        checkInvariants(parse(valid.slice(0, lo) + insert + valid.slice(hi)));
      }),
      { numRuns: 300 },
    );
  });
});
