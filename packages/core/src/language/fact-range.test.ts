// The plausible range of a fact: `weight: quantity kg range 0.3 kg to 400 kg`, parsed with
// its exact text and ranges, and recovered from when written wrong.
import { describe, expect, it } from 'vitest';
import { decl, parse, parseOk } from './test-helpers.js';

function factsOf(text: string) {
  return decl(parseOk(`facts {\n${text}\n}`), 'FactsBlock').facts;
}

describe('fact ranges', () => {
  it('parses a range between the type and the options', () => {
    const [f] = factsOf('  weight: quantity kg range 0.3 kg to 400 kg optional "Body weight"');
    expect(f!.plausibleRange).toMatchObject({
      kind: 'FactRange',
      low: { kind: 'RangeBound', negative: false, quantity: { value: '0.3', unit: { text: 'kg' } } },
      high: { kind: 'RangeBound', negative: false, quantity: { value: '400', unit: { text: 'kg' } } },
    });
    expect(f!.options.map((o) => o.value)).toEqual(['optional']);
    expect(f!.description?.value).toBe('Body weight');
  });

  it('keeps negative bounds, bare numbers, glued percent and the exact source range', () => {
    const text = '  change: quantity mmol/L range -20 mmol/L to 20 mmol/L\n  score: quantity {score} range 0 to 10\n  fraction: quantity % range 0% to 100%';
    const [change, score, fraction] = factsOf(text);
    expect(change!.plausibleRange!.low).toMatchObject({ negative: true, quantity: { value: '20' } });
    const full = `facts {\n${text}\n}`;
    const r = change!.plausibleRange!;
    expect(full.slice(r.range.start.offset, r.range.end.offset)).toBe('range -20 mmol/L to 20 mmol/L');
    expect(full.slice(r.low.range.start.offset, r.low.range.end.offset)).toBe('-20 mmol/L');
    expect(score!.plausibleRange!.high.quantity).toMatchObject({ value: '10', unit: undefined });
    expect(fraction!.plausibleRange!.high.quantity.unit?.text).toBe('%');
  });

  it('leaves facts without a range as they were', () => {
    expect(factsOf('  wbc: quantity 10*9/L baseline uln')[0]!.plausibleRange).toBeUndefined();
  });

  it('recovers from a range without its high bound: one error, the fact and the next ones kept', () => {
    const r = parse('facts {\n  weight: quantity kg range 0.3 kg "Body weight"\n  age: quantity a\n}\nrule R-1 "x" when age > 1 a then advise because "y"');
    const errors = r.diagnostics.filter((d) => d.code === 'VGL1001');
    expect(errors.map((d) => d.message)).toEqual(['Expected \'to\' after \'kg\' but found the string "Body weight"']);
    expect(errors[0]!.range.start.line).toBe(1);
    const facts = decl(r.document, 'FactsBlock').facts;
    expect(facts.map((f) => f.name.value)).toEqual(['weight', 'age']);
    expect(facts[0]!.plausibleRange).toBeUndefined();
    expect(decl(r.document, 'RuleDecl').id.value).toBe('R-1');
  });

  it('recovers from a range whose bound is not a number', () => {
    const r = parse('facts {\n  weight: quantity kg range low to 400 kg\n  age: quantity a\n}');
    const errors = r.diagnostics.filter((d) => d.code === 'VGL1001');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain("but found 'low'");
    expect(decl(r.document, 'FactsBlock').facts.map((f) => f.name.value)).toContain('age');
  });
});
