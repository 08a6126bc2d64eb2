// Hostile facts: prototype keys, deep nesting, huge inputs, non-finite numbers, numbers as
// strings, wrong units. Each gives a clear validation error or the right decision; never a
// polluted prototype, a crash, or a decision the valid equivalent would not give.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { checkFiles, collectRuleFiles } from '@vigil/core';
import type { EvaluationResult } from '@vigil/runtime';
import { loadCompiler, RULES_DIR, type TestEngine } from './support.js';

const compiler = await loadCompiler();
const NOW = '2026-11-22T09:00:00Z';

function engine(): TestEngine {
  const { files } = collectRuleFiles([RULES_DIR]);
  return compiler!.instantiateEngine(checkFiles(files).ir!);
}

function notPolluted(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  expect((Array.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
}

/** Either a clear rejection (issues with paths; evaluate throws an Error) or a result. */
function outcome(e: TestEngine, input: unknown): { ok: true; result: EvaluationResult } | { ok: false; paths: string[] } {
  const v = e.validateFacts(input);
  if (!v.ok) {
    expect(v.issues.length).toBeGreaterThan(0);
    for (const i of v.issues) {
      expect(typeof i.path).toBe('string');
      expect(typeof i.message).toBe('string');
      expect(i.message.length).toBeGreaterThan(0);
    }
    let thrown: unknown;
    try {
      e.evaluate(input, { now: NOW });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(TypeError);
    expect(thrown).not.toBeInstanceOf(RangeError);
    return { ok: false, paths: v.issues.map((i) => i.path) };
  }
  return { ok: true, result: e.evaluate(input, { now: NOW }) };
}

const BASE = { tpmt: 'normal', wbc: '6.1 10*9/L', platelets: '248 10*9/L', azathioprine_planned: true, medications: ['azathioprine'] };

describe.skipIf(!compiler)('hostile facts', () => {
  afterEach(notPolluted);

  it.each([
    ['__proto__ (own key from JSON)', '{"__proto__": {"polluted": true}, "tpmt": "normal"}'],
    ['constructor', '{"constructor": {"prototype": {"polluted": true}}}'],
    ['prototype', '{"prototype": {"polluted": true}}'],
    ['nested __proto__ in a set', '{"medications": [{"__proto__": {"polluted": true}}]}'],
    ['__proto__ as a quantity', '{"wbc": {"__proto__": {"polluted": true}, "value": 3, "unit": "10*9/L"}}'],
    ['toString', '{"toString": "x", "valueOf": 1, "hasOwnProperty": null}'],
  ])('rejects %s without polluting any prototype', (_label, json) => {
    const e = engine();
    const input = JSON.parse(json) as unknown;
    const r = outcome(e, input);
    notPolluted();
    if (r.ok) expect(r.result).toBeDefined();
    else expect(r.paths.length).toBeGreaterThan(0);
  });

  it('rejects prototype keys built with Object.defineProperty and null-prototype objects are accepted', () => {
    const e = engine();
    const hostile = Object.create(null) as Record<string, unknown>;
    Object.defineProperty(hostile, '__proto__', { value: { polluted: true }, enumerable: true });
    expect(outcome(e, hostile).ok).toBe(false);
    const plain = Object.assign(Object.create(null) as object, BASE);
    expect(outcome(e, plain)).toMatchObject({ ok: true });
  });

  it('rejects deeply nested and huge inputs with an error, not a stack overflow', () => {
    const e = engine();
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(outcome(e, { medications: deep }).ok).toBe(false);
    let deepObj: unknown = {};
    for (let i = 0; i < 100_000; i++) deepObj = { a: deepObj };
    expect(outcome(e, { wbc: deepObj }).ok).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]));
    expect(outcome(e, many).ok).toBe(false);
    const hugeSet = Array.from({ length: 200_000 }, (_, i) => `rxnorm:${i}`);
    const r = outcome(e, { ...BASE, medications: hugeSet });
    if (r.ok) expect(r.result.decisions).toBeDefined();
    expect(outcome(e, { ...BASE, tpmt: 'n'.repeat(5_000_000) }).ok).toBe(false);
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['NaN with unit', { value: Number.NaN, unit: '10*9/L' }],
    ['Infinity with unit', { value: Number.POSITIVE_INFINITY, unit: '10*9/L' }],
    ['"NaN 10*9/L"', 'NaN 10*9/L'],
    ['"Infinity 10*9/L"', 'Infinity 10*9/L'],
    ['"1e999 10*9/L"', '1e999 10*9/L'],
  ])('rejects the non-finite quantity %s', (_label, value) => {
    const r = outcome(engine(), { ...BASE, wbc: value });
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.paths.some((p) => p.startsWith('wbc'))).toBe(true);
  });

  it.each([
    ['wbc', '2100 g'],
    ['wbc', '3 mg/d'],
    ['wbc', { value: 3, unit: 'kg' }],
    ['wbc', '3 furlongs'],
    ['current_dose', '50 10*9/L'],
    ['age', '40 kg'],
    ['tpmt', 'Normal'],
    ['tpmt', 1],
    ['pregnant', 'true'],
    ['pregnant', 1],
    ['last_dose', 'yesterday'],
    ['last_dose', '2026-13-45T99:00:00Z'],
    ['medications', 'azathioprine'],
    ['medications', [1, 2]],
  ])('rejects %s = %j with an issue on that fact', (key, value) => {
    const r = outcome(engine(), { ...BASE, [key]: value });
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.paths.some((p) => p === key || p.startsWith(`${key}[`) || p.startsWith(`${key}.`))).toBe(true);
  });

  it('numbers as strings either give the same decisions as the number or are rejected', () => {
    const e = engine();
    fc.assert(
      fc.property(fc.constantFrom('wbc', 'platelets', 'neutrophils'), fc.integer({ min: 0, max: 2000 }), (key, tenths) => {
        const value = tenths / 10;
        const reference = outcome(e, { ...BASE, [key]: `${value} 10*9/L` });
        expect(reference.ok).toBe(true);
        for (const variant of [String(value), ` ${value} `, value, { value, unit: '10*9/L' }, `${value * 1000} /uL`]) {
          const r = outcome(e, { ...BASE, [key]: variant });
          if (r.ok && reference.ok) expect(r.result.decisions.map((d) => d.rule)).toEqual(reference.result.decisions.map((d) => d.rule));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('survives arbitrary JSON values for every fact without throwing anything but a validation error', () => {
    const e = engine();
    const { files } = collectRuleFiles([RULES_DIR]);
    const keys = checkFiles(files).ir!.facts.map((f) => f.name);
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.constantFrom(...keys, '__proto__', 'constructor', 'prototype'), fc.string()), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }), (input) => {
        outcome(e, input);
        notPolluted();
      }),
      { numRuns: 200 },
    );
  });
});
