// Kinds of quantity: which unit pairs are commensurable, and by what exact factor.
import { describe, expect, it } from 'vitest';
import { Rational } from './rational.js';
import { commensurable, conversionFactor, dimensionLabel, divideUnits, multiplyUnits, parseUnit, simplifyUnit } from './units.js';

/** [from, to, the exact factor from → to, or undefined when the units are not commensurable]. */
const PAIRS: readonly (readonly [string, string, string | undefined])[] = [
  // a dose per body mass per time is not a frequency
  ['mg/kg/d', '/d', undefined],
  ['/d', 'mg/kg/d', undefined],
  ['mg/kg/d', '/min', undefined],
  ['ug/kg/min', 'mg/kg/d', '36/25'],
  ['mg/kg/h', 'mg/kg/d', '24'],
  ['mg/kg/d', 'mg/d', undefined],
  ['mg/(kg.d)', 'mg/kg/d', '1'],
  ['mg.kg-1.d-1', 'mg/kg/d', '1'],
  ['/min', '/d', '1440'],
  // a mass ratio is not a number nor a percentage, but is any mass ratio
  ['mg/kg', '1', undefined],
  ['mg/kg', '%', undefined],
  ['mg/kg', 'g/g', '1/1000000'],
  ['ug/kg', 'mg/kg', '1/1000'],
  ['mg/g', 'mg/kg', '1000'],
  ['mg/kg', 'kg', undefined],
  // a percentage is a number
  ['%', '1', '1/100'],
  ['1', '%', '100'],
  ['{ratio}', '%', '100'],
  // concentrations: mass and substance kept apart, counts per volume stay counts per volume
  ['mg/dL', 'g/L', '1/100'],
  ['mmol/L', 'mg/dL', undefined],
  ['mmol/mol', '%', undefined],
  ['mmol/mol', 'umol/mol', '1000'],
  ['/uL', '10*9/L', '1/1000'],
  ['10*3/uL', '10*9/L', '1'],
  ['{cells}/uL', '/uL', '1'],
  ['/uL', '/L', '1000000'],
  ['10*9/L', '1', undefined],
  ['U/L', '[iU]/L', undefined],
  ['[iU]/kg/h', '[iU]/kg/d', '24'],
  ['[iU]/kg/h', '[iU]/h', undefined],
  ['mL/min/m2', 'm/s', undefined],
  ['mL/min/m2', 'L/h/m2', '3/50'],
  ['mL/min', 'L/h', '3/50'],
  ['kg/m2', 'g/cm2', '1/10'],
  ['kg', '[lb_av]', '100000000/45359237'],
  ['mg/d', 'g/d', '1/1000'],
];

describe('kinds of quantity: a table of unit pairs', () => {
  it('has at least 30 pairs', () => expect(PAIRS.length).toBeGreaterThanOrEqual(30));
  for (const [from, to, factor] of PAIRS) {
    it(`${from} → ${to}: ${factor === undefined ? 'not commensurable' : `× ${factor}`}`, () => {
      const a = parseUnit(from);
      const b = parseUnit(to);
      expect(a.ok && b.ok).toBe(true);
      expect(commensurable(from, to)).toBe(factor !== undefined);
      const k = conversionFactor(from, to);
      if (factor === undefined) expect(k).toBeUndefined();
      else expect(k?.toExact()).toBe(Rational.parse(factor).toExact());
    });
  }
});

describe('kinds through unit algebra', () => {
  it('a dose per kilogram times a weight is a dose, in kilograms or pounds', () => {
    expect(conversionFactor(multiplyUnits('mg/kg/d', 'kg'), 'mg/d')!.toExact()).toBe('1');
    const lb = multiplyUnits('[iU]/kg/h', '[lb_av]');
    expect(commensurable(lb, '[iU]/h')).toBe(true);
    expect(conversionFactor(lb, '[iU]/h')!.toExact()).toBe(Rational.parse('0.45359237').toExact());
    expect(simplifyUnit(multiplyUnits('mg/kg/d', 'kg')).code).toBe('mg/d');
  });
  it('a dose divided by a weight is a dose per kilogram, not a frequency', () => {
    const u = divideUnits('mg/d', 'kg');
    expect(commensurable(u, 'mg/kg/d')).toBe(true);
    expect(commensurable(u, '/d')).toBe(false);
  });
  it('dividing by a dose per kilogram gives a mass; like by like of one kind gives a number', () => {
    expect(commensurable(divideUnits('mg/d', 'mg/kg/d'), 'kg')).toBe(true);
    expect(commensurable(divideUnits('kg', 'kg'), '1')).toBe(true);
    expect(commensurable(divideUnits('mg/d', 'g/d'), '%')).toBe(true);
  });
  it('a percentage of a dose is a dose', () => {
    expect(commensurable(multiplyUnits('%', multiplyUnits('mg/kg/d', 'kg')), 'mg/d')).toBe(true);
  });
});

describe('kind labels', () => {
  const label = (code: string) => {
    const r = parseUnit(code);
    return r.ok ? dimensionLabel(r.unit.dimension) : r.reason;
  };
  it('names ratios', () => {
    expect(label('mg/kg')).toBe('mass per mass');
    expect(label('mg/kg/d')).toBe('mass per mass per time');
    expect(label('/d')).toBe('rate (per time)');
    expect(label('mL/min/m2')).toBe('speed (area per area)');
  });
});

describe('prefixes on units of time', () => {
  it('refuses a prefixed non-metric time unit (UCUM allows prefixes on metric units only)', () => {
    for (const code of ['mg/dd', 'kh', 'mg/kwk', 'umin']) {
      const r = parseUnit(code);
      expect(r.ok, code).toBe(false);
    }
    const r = parseUnit('mg/dd');
    expect(!r.ok && r.reason).toBe('"mg/dd" is not a valid UCUM unit: dd puts a prefix on a unit of time that takes none (min, h, d, wk, mo, a)');
  });
  it('keeps the units whose codes only look prefixed, and prefixed seconds', () => {
    for (const code of ['cd', 'Pa', 'ph', 'ms', 'mg/d', 'mo', '/min', 'mg/h', 'a']) expect(parseUnit(code).ok, code).toBe(true);
  });
});
