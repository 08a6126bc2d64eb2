// The boundary: accepted input forms, normalisation, and every kind of rejection.
import { describe, expect, it } from 'vitest';
import { instantiateEngine } from '../load.js';
import { fact, program, rule, T, truth, f } from '@vigil/core/test';

const ir = program({
  facts: [
    fact('wbc', T.quantity('10*9/L'), { description: 'White cell count', units: { '/uL': '0.001', '10*6/L': '0.001' } }),
    fact('alt', T.quantity('U/L'), { baseline: true, uln: true, units: { 'ukat/L': '60' } }),
    fact('tpmt', T.enum('normal', 'intermediate', 'low', 'absent')),
    fact('medications', T.set(T.code)),
    fact('symptoms', T.set(T.enum('rash', 'fever'))),
    fact('drug', T.code),
    fact('pregnant', T.boolean),
    fact('note', T.text),
    fact('born', T.date),
    fact('last_dose', T.datetime),
    fact('course', T.quantity('d'), { units: { wk: '7', h: '1/24' } }),
  ],
  rules: [rule('R', { when: truth(f('pregnant', T.boolean)) })],
});
const e = instantiateEngine(ir);

function issues(input: unknown) {
  const r = e.validateFacts(input);
  if (r.ok) throw new Error('expected issues');
  return r.issues;
}

function ok(input: unknown) {
  const r = e.validateFacts(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.facts as Record<string, unknown>;
}

describe('accepted forms', () => {
  it('treats null and absent as missing, and always returns every key', () => {
    const facts = ok({ wbc: null });
    expect(Object.keys(facts)).toEqual(['wbc', 'alt', 'alt_baseline', 'alt_uln', 'tpmt', 'medications', 'symptoms', 'drug', 'pregnant', 'note', 'born', 'last_dose', 'course']);
    expect(Object.values(facts).every((v) => v === null)).toBe(true);
    expect(ok({ wbc: undefined }).wbc).toBeNull();
  });

  it('accepts quantities as numbers, numeric strings, strings with a unit, and { value, unit }', () => {
    for (const wbc of [2.1, '2.1', ' 2.1 ', '2.1 10*9/L', '2.1 10*9/L', '2100 /uL', '2100/uL', { value: 2100, unit: '/uL' }, { value: '2100', unit: '/uL' }, { value: 2.1 }, '+2.1', '2.10', '21e-1'])
      expect(ok({ wbc }).wbc, JSON.stringify(wbc)).toBe(2.1);
    expect(ok({ course: '2 wk' }).course).toBe(14);
    expect(ok({ course: '36 h' }).course).toBe(1.5);
    expect(ok({ alt: '1 ukat/L', alt_baseline: 40, alt_uln: '45 U/L' })).toMatchObject({ alt: 60, alt_baseline: 40, alt_uln: 45 });
  });

  it('accepts enums by member name, codes by name or system:code (system case-insensitive)', () => {
    expect(ok({ tpmt: 'low' }).tpmt).toBe('low');
    expect(ok({ drug: 'RxNorm:519' }).drug).toBe('rxnorm:519');
    expect(ok({ drug: 'allopurinol' }).drug).toBe('allopurinol');
    expect(ok({ medications: ['allopurinol', 'SNOMED:372574004', 'atc:L04AX01'] }).medications).toEqual(['allopurinol', 'snomed:372574004', 'atc:L04AX01']);
    expect(ok({ symptoms: [] }).symptoms).toEqual([]);
    expect(ok({ symptoms: ['rash'] }).symptoms).toEqual(['rash']);
  });

  it('turns ISO 8601 dates and date-times into epoch milliseconds (UTC unless an offset is given)', () => {
    expect(ok({ born: '2000-02-29' }).born).toBe(Date.UTC(2000, 1, 29));
    expect(ok({ last_dose: '2024-03-01T08:30:00Z' }).last_dose).toBe(Date.UTC(2024, 2, 1, 8, 30));
    expect(ok({ last_dose: '2024-03-01T08:30:00.250+02:00' }).last_dose).toBe(Date.UTC(2024, 2, 1, 6, 30, 0, 250));
    expect(ok({ last_dose: '2024-03-01T08:30' }).last_dose).toBe(Date.UTC(2024, 2, 1, 8, 30));
    expect(ok({ last_dose: new Date(Date.UTC(2024, 0, 1)) }).last_dose).toBe(Date.UTC(2024, 0, 1));
    expect(ok({ born: '0001-01-01' }).born).toBe(Date.UTC(2000, 0, 1) - 730119 * 86400000);
  });

  it('accepts objects without a prototype', () => {
    const input = Object.assign(Object.create(null) as object, { tpmt: 'low' });
    expect(ok(input).tpmt).toBe('low');
  });
});

describe('rejections', () => {
  it('rejects a non-object input', () => {
    for (const input of [null, undefined, 1, 'x', [], true]) expect(issues(input)).toEqual([{ path: '', message: expect.stringContaining('expected an object of facts') }]);
  });

  it('rejects unknown keys, suggesting the nearest name', () => {
    expect(issues({ wbcc: 2 })).toEqual([{ path: 'wbcc', message: 'unknown fact "wbcc"; did you mean "wbc"?' }]);
    expect(issues({ TPMT: 'low' })).toEqual([{ path: 'TPMT', message: 'unknown fact "TPMT"; did you mean "tpmt"?' }]);
    expect(issues({ alt_baselin: 3 })[0]!.message).toContain('did you mean "alt_baseline"?');
    expect(issues({ zzzzzz: 1 })).toEqual([{ path: 'zzzzzz', message: 'unknown fact "zzzzzz"' }]);
    expect(issues({ wbc_baseline: 3 })[0]!.path).toBe('wbc_baseline');
  });

  it('rejects __proto__, constructor and prototype as unknown facts without touching any prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": 1}') as unknown;
    expect(issues(input).map((i) => i.path)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const r = e.validateFacts({ tpmt: 'low' });
    expect(r.ok && Object.getPrototypeOf(r.facts)).toBe(Object.prototype);
    expect(r.ok && (r.facts as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects wrong types with the expected form', () => {
    expect(issues({ pregnant: 'true' })).toEqual([{ path: 'pregnant', message: 'expected true or false, got a string' }]);
    expect(issues({ note: 3 })).toEqual([{ path: 'note', message: 'expected a string, got a number' }]);
    expect(issues({ wbc: true })[0]!.message).toMatch(/^expected a quantity in 10\*9\/L .*got a boolean$/);
    expect(issues({ wbc: [1] })[0]!.message).toContain('got an array');
    expect(issues({ medications: 'allopurinol' })).toEqual([{ path: 'medications', message: 'expected an array, got a string' }]);
    expect(issues({ medications: ['allopurinol', 3, null] })).toEqual([
      { path: 'medications[1]', message: expect.stringContaining('got a number') },
      { path: 'medications[2]', message: expect.stringContaining('got null') },
    ]);
    expect(issues({ drug: '' })[0]!.message).toContain('expected a term name or "system:code"');
  });

  it('rejects NaN, Infinity and numbers out of range', () => {
    expect(issues({ wbc: Number.NaN })).toEqual([{ path: 'wbc', message: 'expected a finite number, got NaN' }]);
    expect(issues({ wbc: Number.POSITIVE_INFINITY })[0]!.message).toBe('expected a finite number, got Infinity');
    expect(issues({ wbc: { value: Number.NEGATIVE_INFINITY, unit: '/uL' } })[0]!.message).toContain('finite');
    expect(issues({ wbc: '1e999' })[0]!.message).toContain('finite');
    expect(issues({ wbc: 'NaN' })[0]!.message).toContain('expected a quantity like');
    expect(issues({ wbc: '1e-999 /uL' })[0]!.message).toContain('out of range');
    // Finite in the unit given, beyond a double in the fact's unit: refused, never Infinity.
    expect(issues({ course: '1e308 wk' })).toEqual([{ path: 'course', message: '"1e308 wk" is beyond the largest quantity the engine holds (about 1.8e308 d)' }]);
    expect(issues({ course: { value: -1.7e308, unit: 'wk' } })[0]!.message).toContain('beyond the largest quantity');
  });

  it('rejects bad enum values, listing the allowed ones', () => {
    expect(issues({ tpmt: 'medium' })).toEqual([{ path: 'tpmt', message: '"medium" is not one of: normal, intermediate, low, absent' }]);
    expect(issues({ tpmt: 'Low' })[0]!.message).toContain('is not one of');
    expect(issues({ symptoms: ['rash', 'cough'] })).toEqual([{ path: 'symptoms[1]', message: '"cough" is not one of: rash, fever' }]);
  });

  it('rejects units that are not accepted, listing the accepted ones', () => {
    expect(issues({ wbc: '2100 g' })).toEqual([{ path: 'wbc', message: 'unit "g" is not accepted; accepted units: 10*9/L, /uL, 10*6/L' }]);
    expect(issues({ wbc: { value: 3, unit: 'kg' } })[0]!.message).toContain('unit "kg" is not accepted');
    expect(issues({ wbc: { value: 3, unit: 5 } })[0]!.message).toBe('expected a string as unit, got a number');
    expect(issues({ wbc: { value: 3, units: '/uL' } })[0]!.message).toContain('unexpected key "units"');
    expect(issues({ wbc: { unit: '/uL' } })[0]!.message).toBe('expected a number as value, got undefined');
  });

  it('rejects malformed dates', () => {
    for (const born of ['2024-02-30', '2023-02-29', '2024-13-01', '24-01-01', '2024-1-1', 'yesterday', '2024-01-01T25:00:00Z', '2024-01-01T10:60', '2024-01-01T10:00:00+24:00', ''])
      expect(issues({ born })[0]!.message, born).toContain('is not a valid ISO 8601 date');
    expect(issues({ last_dose: 1704067200000 })[0]!.message).toBe('expected an ISO 8601 date-time string, got a number');
    expect(issues({ last_dose: new Date(Number.NaN) })[0]!.message).toBe('invalid Date');
  });

  it('does bounded work on huge and deeply nested inputs', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { value: deep };
    expect(issues({ wbc: deep })[0]!.path).toBe('wbc');
    const many = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key${i}`, i]));
    const t = performance.now();
    const list = issues(many);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(list).toHaveLength(101);
    expect(list[100]).toEqual({ path: '', message: 'too many issues; stopped checking' });
    expect(issues({ medications: Array.from({ length: 10_001 }, () => 'x') })[0]!.message).toContain('too many elements');
    expect(issues({ tpmt: 'n'.repeat(1_000_000) })[0]!.message.length).toBeLessThan(200);
    expect(issues({ wbc: `${'1'.repeat(300)} /uL` })[0]!.message).toContain('too long');
  });

  it('collects every issue, and evaluate throws a FactsError carrying them', () => {
    const input = { wbc: 'x', tpmt: 'medium', nope: 1 };
    expect(issues(input).map((i) => i.path)).toEqual(['wbc', 'tpmt', 'nope']);
    let thrown: unknown;
    try {
      e.evaluate(input);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(e.FactsError);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as InstanceType<typeof e.FactsError>).name).toBe('FactsError');
    expect((thrown as InstanceType<typeof e.FactsError>).issues.map((i) => i.path)).toEqual(['wbc', 'tpmt', 'nope']);
    expect((thrown as Error).message).toContain('tpmt: "medium" is not one of');
  });

  it('evaluateValidated treats absent keys as missing', () => {
    expect(e.evaluateValidated({}).notEvaluable.map((n) => n.rule)).toEqual(['R']);
    expect(e.evaluateValidated(Object.create(null) as Record<string, unknown>).notEvaluable.map((n) => n.rule)).toEqual(['R']);
    expect(() => e.evaluateValidated(null as never)).toThrow(TypeError);
    expect(e.evaluateValidated({ pregnant: true }).decisions.map((d) => d.rule)).toEqual(['R']);
  });
});

describe('facts named like Object.prototype members', () => {
  const odd = program({
    facts: [fact('constructor', T.boolean), fact('__proto__', T.boolean), fact('toString', T.enum('a', 'b'))],
    rules: [rule('C', { when: truth(f('constructor', T.boolean)) }), rule('P', { when: truth(f('__proto__', T.boolean)) })],
  });
  const oe = instantiateEngine(odd);

  it('are own properties of the normalised facts and never prototypes', () => {
    const r = oe.validateFacts(JSON.parse('{"__proto__": true, "constructor": false}'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.getPrototypeOf(r.facts)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(r.facts)).toEqual(['constructor', '__proto__', 'toString']);
    expect(oe.evaluateValidated(r.facts).decisions.map((d) => d.rule)).toEqual(['P']);
    expect(oe.evaluate({}).notEvaluable.map((n) => n.rule)).toEqual(['C', 'P']);
    expect(oe.evaluateValidated({}).notEvaluable.map((n) => n.rule)).toEqual(['C', 'P']);
  });
});
