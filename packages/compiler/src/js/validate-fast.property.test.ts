// The validator generated per rule set (`$validFast`, behind `validateFacts`) against the
// general one (`$validate`, which it hands every input it does not accept): on random and
// adversarial facts, the same result, value for value (0 and -0 told apart) and message for
// message. Run on the azathioprine facts (ranges, unit tables with decimal and non-decimal
// factors, dates, date-times, sets) and on a small set with texts, codes, an open range, the default
// range and facts named like Object.prototype's members.
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { checkFiles, checkText, collectRuleFiles, type IrProgram } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { generateEngine } from './generate.js';

interface Pair {
  readonly fast: (input: unknown) => unknown;
  readonly general: (input: unknown) => unknown;
  readonly validFast: (input: unknown) => unknown;
}

/** The engine's two validators, from its function-flavour text. */
function validators(ir: IrProgram): Pair {
  const js = generateEngine(ir, { flavour: 'function' }).js;
  const body = js.replace(/return \{ ruleset[^}]*\};\s*$/, 'return { fast: validateFacts, validFast: $validFast, general: (i) => $validate(i, $KEYS, $SPECS, $IK, $IK.length, $make) };');
  if (body === js) throw new Error('no export line in the engine text');
  return new Function(body)() as Pair;
}

/** A result with -0 written apart from 0, and every own key in order. */
function canon(r: unknown): string {
  return JSON.stringify(r, (_k, v: unknown) => (Object.is(v, -0) ? '-0' : v));
}

const RULES = fileURLToPath(new URL('../../../../rules/azathioprine', import.meta.url));
const aza = checkFiles(collectRuleFiles([RULES]).files).ir!;

const SMALL = `ruleset t version "1"
facts {
  note: text
  med: code
  meds: set of code
  intake: quantity mg/d
  temp: quantity mmol/L range -50 mmol/L to 60 mmol/L
  count: quantity /uL
  constructor: boolean
  toString: quantity d
  born: date
  seen: datetime
}
rule R "r"
  source "s"
  when note is missing
  then recommend azathioprine
`;
const smallCheck = checkText(SMALL, '/small.vigil');
if (!smallCheck.ir) throw new Error(smallCheck.diagnostics.map((d) => d.message).join('; '));
const small = smallCheck.ir;

const units = ['', ' ', '10*9/L', '/uL', '10*12/L', '10*3/uL', '/L', 'U/L', 'ukat/L', 'nkat/L', 'umol/L', 'mmol/L', 'a', 'd', 'wk', 'h', 'mo', 'kg', 'g', 'mg', '[lb_av]', '[oz_av]', 'kg/m2', 'mg/d', 'g/d', 'mg/h', '{relapses}', '1', '%', 'umol/L', 'mol/L', 'xyz', '10*9 /L'];
const numberText = fc.oneof(
  fc.double({ noNaN: false }).map(String),
  fc.integer({ min: -100000, max: 100000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 99999999 })).map(([a, b]) => `${a}.${b}`),
  fc.constantFrom('0', '-0', '+0', '0.0', '.5', '5.', '.', '-', '+', '1e3', '1E-3', '1e', '2.5e400', '1.2.3', '0500', '500', '500.000', '499.9999999999999', '5000', '0.3', '0.29999', '130', '730.5', '36525', '36525.0000000001', '1461', '1e22', '123456789012345', '1234567890123456', '0.000000000000001', '9007199254740993', '１２'),
  fc.stringMatching(/^[+-]?\d{0,17}(\.\d{0,17})?$/),
);
const space = fc.constantFrom('', ' ', '  ', '\t', '\u00a0', '\n', '\ufeff', '\u2003');
const quantityText = fc.tuple(space, numberText, space, fc.constantFrom(...units), space).map(([a, n, b, u, c]) => a + n + b + u + c);
const isoText = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  fc
    .tuple(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom('T', 't', ' ', 'x'), fc.constantFrom('Z', 'z', '', '+01:00', '-0230', '.5Z', '.123456789z', 'Q'))
    .map(([y, mo, d, h, mi, s, t, z]) => `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}${t}${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}${z}`),
  fc.constantFrom('2024-02-29', '2023-02-29', '1900-02-29', '2000-02-29', '2024-04-31', '2024-1-01', '2024-01-01T', '2024-01-01T08:30', '2024-01-01T08:30:00', '2024-01-01T08:30:00ZZ', '２０２４-01-01', '2024-01-01T08:30:00Z '),
);
const scalar = fc.oneof(
  quantityText,
  isoText,
  fc.double(),
  fc.constantFrom(0, -0, 1, 5, 0.3, 130, 500, 5000, 60, -50, -51, 1e308, Number.MIN_VALUE, NaN, Infinity, -Infinity, 499.99999999999994),
  fc.boolean(),
  fc.constantFrom(null, undefined, 'normal', 'intermediate', 'absent', 'Normal', 'rash', 'jaundice', 'allopurinol', 'RxNorm:519', 'atc:L04AX01', '1bad', 'a:', ':b', '', 'x'.repeat(70)),
  fc.string({ maxLength: 12 }),
  fc.constant(new Date(Date.UTC(2024, 0, 1))),
  fc.constant(new Date(NaN)),
);
const quantityObject = fc.record(
  { value: fc.oneof(fc.double(), fc.constantFrom(0, -0, 2.1, 2100, 130, 1e22, NaN, Infinity), numberText, fc.constant(null), fc.boolean()), unit: fc.oneof(fc.constantFrom(...units), fc.constantFrom(null, undefined, 5, ' mg/d', 'mg/d ')), extra: fc.constantFrom(1, 'x') },
  { requiredKeys: [] },
);
const value = fc.oneof({ weight: 6, arbitrary: scalar }, { weight: 2, arbitrary: quantityObject }, { weight: 2, arbitrary: fc.array(fc.oneof(scalar, quantityObject), { maxLength: 4 }) }, { weight: 1, arbitrary: fc.constantFrom({}, [], [[]], { value: { value: 1 } }) });

function factsOf(ir: IrProgram): fc.Arbitrary<Record<string, unknown>> {
  const keys: string[] = [];
  for (const f of ir.facts) {
    keys.push(f.name);
    if (f.baseline) keys.push(`${f.name}_baseline`);
    if (f.uln) keys.push(`${f.name}_uln`);
  }
  const key = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: fc.constantFrom('unknown', 'WBC', 'wbcc', '__proto__', 'hasOwnProperty', 'valueOf', '') });
  return fc.array(fc.tuple(key, value), { maxLength: 12 }).map((entries) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    return o;
  });
}

/** A valid patient value per key for the small set, to reach the accepting paths often. */
function agree(pair: Pair, input: unknown): void {
  expect(canon(pair.fast(input)), canon(input)).toBe(canon(pair.general(input)));
}

describe.each([
  ['azathioprine', aza],
  ['small', small],
] as const)('the generated validator of %s and the general one', (_name, ir) => {
  const pair = validators(ir);

  it('agree on random facts', () => {
    fc.assert(fc.property(factsOf(ir), (input) => agree(pair, input)), { numRuns: 1500 });
  });

  it('agree on single random values of every fact, and accept most good ones without the general path', () => {
    fc.assert(
      fc.property(factsOf(ir), (input) => {
        for (const k of Object.keys(input)) agree(pair, { [k]: input[k] });
      }),
      { numRuns: 1500 },
    );
  });

  it('agree on adversarial inputs', () => {
    const inherited = Object.create({ wbc: 3, note: 'x' }) as Record<string, unknown>;
    inherited.tpmt = 'normal';
    const nullProto = Object.assign(Object.create(null) as object, { wbc: '2.1', tpmt: 'low' });
    const getter = { get wbc() { return '2100 /uL'; }, tpmt: 'low' };
    const sparse: unknown[] = [];
    sparse[2] = 'allopurinol';
    for (const input of [null, undefined, 1, 'x', [], [{}], {}, inherited, nullProto, getter, { medications: sparse, meds: sparse }, { wbc: undefined }, { note: 'a'.repeat(100001) }, { toString: '2 wk', constructor: true }, { toString: { value: 36, unit: 'h' } }, { temp: '-50 mmol/L' }, { temp: '-49.9 mmol/L' }, { temp: '-50000 umol/L' }, { temp: -0 }, { count: '1 /uL' }, { count: 1.0000000000000002 }, { age: '130 a' }, { age: '1 mo' }, { age: '47482.5 d' }, { weight: '0.3 kg' }, { weight: '300 g' }, { weight: '299.99 g' }, { wbc: '0 /uL' }, { wbc: '-0 /uL' }, { bmi: { value: 5, unit: 'kg/m2' } }, { bmi: { value: 5.000000001 } }, { injurious_dose: '-1.797693134862316e+305g/d' }, { injurious_dose: '1e306 g/d' }, { injurious_dose: { value: 1e306, unit: 'g/d' } }, { weight: '1e308 [lb_av]' }, { intake: '1e306 g/d' }, ...['2024-01-01T08:30:60Z', '2024-01-01T24:00:00Z', '2024-01-01T23:60:00Z', '2024-01-01T23:59:59z', '2024-01-01 23:59:59Z', '2024-13-01', '2024-00-10', '2024-01-00', '2023-02-29', '2024-02-30', '2100-02-29', '0000-01-01', '1970-01-01T00:00:00Z', '2024-06-31'].flatMap((d) => [{ last_dose: d }, { seen: d }, { azathioprine_start: d }, { born: d }])])
      agree(pair, input);
  });
});

describe('the generated validator', () => {
  it('accepts the common forms itself, without the general validator', () => {
    const pair = validators(aza);
    const patient = { tpmt: 'normal', wbc: '2400 /uL', platelets: '49 10*9/L', neutrophils: '0.0565062 10*12/L', alt: 499, bilirubin: { value: 83.0992, unit: 'umol/L' }, age: '57.6208 a', weight: '37340700 mg', medications: ['atc:L04AX01', 'rxnorm:32385'], symptoms: [], azathioprine_start: '2026-11-03', last_dose: '2026-11-20T05:00:00Z', pregnant: false };
    const r = pair.validFast(patient) as { ok: true; facts: Record<string, unknown> } | null;
    expect(r).not.toBeNull();
    expect(canon(r)).toBe(canon(pair.general(patient)));
    expect(r!.facts.wbc).toBe(2.4);
    // An unknown key or a value to refuse: the general validator decides and writes the message.
    for (const p of [{ wbcc: 1 }, { wbc: '-1 /uL' }, { wbc: '2.4 kg' }, { tpmt: 'poor' }, { medications: ['1x'] }]) expect(pair.validFast(p)).toBeNull();
  });
});
