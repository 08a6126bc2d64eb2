// Tests for UCUM units: exact factors (checked against UCUM's definitions and against
// ucum-lhc's doubles), dimensions, rejection of special and invalid units, unit algebra,
// simplification, names and the common clinical unit list.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
// @ts-ignore -- no type declarations are published for @lhncbc/ucum-lhc
import * as ucumModule from '@lhncbc/ucum-lhc';
import { Rational } from './rational.js';
import {
  DIMENSIONLESS,
  commensurable,
  conversionFactor,
  convertExact,
  describeUnit,
  dimensionLabel,
  divideUnits,
  exactFactorFromDouble,
  multiplyUnits,
  parseUnit,
  powerUnit,
  simplifyUnit,
  type UnitInfo,
} from './units.js';
import { COMMON_UNITS, commonUnitsFor } from './common-units.js';

const R = (s: string) => Rational.parse(s);

function unit(code: string): UnitInfo {
  const r = parseUnit(code);
  if (!r.ok) throw new Error(r.reason);
  return r.unit;
}

function factor(from: string, to: string): string | undefined {
  return conversionFactor(from, to)?.toExact();
}

/** Factors to the coherent base (g, m, s, mol, [iU]), worked out by hand from UCUM's definitions. */
const EXPECTED: Readonly<Record<string, string>> = {
  '1': '1',
  '%': '0.01',
  '10*9/L': '1e12',
  '10*6/L': '1e9',
  '10*12/L': '1e15',
  '10*3/uL': '1e12',
  '10*6/uL': '1e15',
  '/uL': '1e9',
  '/mm3': '1e9',
  '/mL': '1e6',
  '/L': '1000',
  kg: '1000',
  g: '1',
  mg: '0.001',
  ug: '1e-6',
  ng: '1e-9',
  pg: '1e-12',
  '[lb_av]': '453.59237',
  '[oz_av]': '28.349523125',
  L: '0.001',
  dL: '0.0001',
  mL: '1e-6',
  uL: '1e-9',
  fL: '1e-18',
  m: '1',
  cm: '0.01',
  mm: '0.001',
  '[in_i]': '0.0254',
  m2: '1',
  'kg/m2': '1000',
  'g/L': '1000',
  'g/dL': '10000',
  'mg/dL': '10',
  'mg/L': '1',
  'mg/mL': '1000',
  'ug/L': '0.001',
  'ug/dL': '0.01',
  'ug/mL': '1',
  'ng/L': '1e-6',
  'ng/dL': '1e-5',
  'ng/mL': '0.001',
  'pg/mL': '1e-6',
  'mol/L': '1000',
  'mmol/L': '1',
  'umol/L': '0.001',
  'nmol/L': '1e-6',
  'pmol/L': '1e-9',
  'meq/L': '1',
  'mosm/kg': '1e-6',
  'mosm/L': '1',
  'U/L': '1/60000',
  'U/mL': '1/60',
  'kU/L': '1/60',
  'mU/L': '1/60000000',
  'ukat/L': '0.001',
  'nkat/L': '1e-6',
  '[iU]': '1',
  '[IU]': '1',
  '[iU]/L': '1000',
  '[IU]/L': '1000',
  '[iU]/mL': '1e6',
  '[IU]/mL': '1e6',
  'm[iU]/L': '1',
  'm[IU]/L': '1',
  'u[IU]/mL': '1',
  'k[IU]/L': '1e6',
  '[iU]/kg': '0.001',
  '[IU]/kg': '0.001',
  s: '1',
  min: '60',
  h: '3600',
  d: '86400',
  wk: '604800',
  mo: '2629800',
  a: '31557600',
  '/min': '1/60',
  '/h': '1/3600',
  '/d': '1/86400',
  'mm/h': '1/3600000',
  'mL/min': '1/60000000',
  'mL/h': '1/3600000000',
  'L/min': '1/60000',
  'mL/min/{1.73_m2}': '1/60000000',
  'mg/d': '1/86400000',
  'g/d': '1/86400',
  'ug/d': '1/86400000000',
  'mg/h': '1/3600000',
  'mg/kg': '1e-6',
  'ug/kg': '1e-9',
  'mg/kg/d': '1/86400000000',
  'mg/kg/h': '1/3600000000',
  'ug/kg/min': '1/60000000000',
  'mg/m2': '0.001',
  'mg/g': '0.001',
  'mg/mmol': '1',
  'mm[Hg]': '133322',
};

interface UcumUnitLike {
  magnitude_: number;
  moleExp_: number;
  equivalentExp_: number;
}

function ucumMagnitude(code: string): number {
  const ns = ucumModule as unknown as { UcumLhcUtils?: unknown; default?: unknown };
  const pkg = (ns.UcumLhcUtils ? ns : ns.default) as {
    UcumLhcUtils: { getInstance(): { getSpecifiedUnit(c: string, m: string, s: boolean): { unit: UcumUnitLike } } };
  };
  const u = pkg.UcumLhcUtils.getInstance().getSpecifiedUnit(code, 'validate', false).unit;
  return u.magnitude_ / 6.0221367e23 ** (u.moleExp_ + u.equivalentExp_);
}

describe('exact factors', () => {
  it('covers every common unit', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...COMMON_UNITS].sort());
  });

  it.each(Object.entries(EXPECTED))('%s has the factor UCUM defines, close to ucum-lhc’s double', (code, expected) => {
    const u = unit(code);
    expect(u.factor.toExact()).toBe(R(expected).toExact());
    const magnitude = ucumMagnitude(code);
    expect(Math.abs(u.factor.toNumber() - magnitude) / magnitude).toBeLessThanOrEqual(1e-12);
  });

  it('converts cell counts exactly', () => {
    expect(factor('/uL', '10*9/L')).toBe('0.001');
    expect(R('2500').mul(conversionFactor('/uL', '10*9/L')!).eq(R('5/2'))).toBe(true);
    expect(convertExact(R('2.1'), '10*9/L', '/uL')!.toExact()).toBe('2100');
    expect(convertExact(R('2100'), '/uL', '10*9/L')!.toExact()).toBe('2.1');
    expect(factor('10*3/uL', '10*9/L')).toBe('1');
    expect(factor('/mm3', '/uL')).toBe('1');
  });

  it('converts times exactly', () => {
    expect(factor('mo', 'd')).toBe('30.4375');
    expect(factor('a', 'd')).toBe('365.25');
    expect(factor('wk', 'd')).toBe('7');
    expect(convertExact(R('48'), 'h', 'd')!.toExact()).toBe('2');
    expect(factor('min', 'h')).toBe('1/60');
    expect(factor('d', 'mo')).toBe('16/487');
  });

  it('converts other clinical units exactly', () => {
    expect(factor('mg/dL', 'g/L')).toBe('0.01');
    expect(factor('[lb_av]', 'kg')).toBe('0.45359237');
    expect(factor('U/L', 'ukat/L')).toBe('1/60');
    expect(factor('ukat/L', 'U/L')).toBe('60');
    expect(factor('%', '1')).toBe('0.01');
    expect(factor('mL/min/{1.73_m2}', 'mL/min')).toBe('1');
    expect(factor('[IU]/L', '[iU]/L')).toBe('1');
    expect(factor('[iU]/L', 'm[iU]/mL')).toBe('1');
  });

  it('recovers exact values from ucum-lhc doubles', () => {
    expect(exactFactorFromDouble(999999999.9999999)!.toExact()).toBe('1000000000');
    expect(exactFactorFromDouble(999999999999.9999)!.toExact()).toBe('1000000000000');
    expect(exactFactorFromDouble(1.6666666666666667e-8)!.toExact()).toBe('1/60000000');
    expect(exactFactorFromDouble(0.5555555555555556)!.toExact()).toBe('5/9');
    expect(exactFactorFromDouble(1 / 7)!.toExact()).toBe('1/7');
    expect(exactFactorFromDouble(453.59237)!.toExact()).toBe('453.59237');
    expect(exactFactorFromDouble(1.478676478125e-5)!.toExact()).toBe('0.00001478676478125');
    expect(exactFactorFromDouble(-2.5)!.toExact()).toBe('-2.5');
    expect(exactFactorFromDouble(Math.PI)).toBeUndefined();
    expect(exactFactorFromDouble(0)).toBeUndefined();
    expect(exactFactorFromDouble(NaN)).toBeUndefined();
  });

  it('recovers small fractions and short decimals from their doubles', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: -20, max: 20 }), (p, q, e) => {
        const exact = Rational.of(p, q).mul(Rational.of(10n).pow(e));
        expect(exactFactorFromDouble(exact.toNumber())!.eq(exact)).toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: -20, max: 20 }), (m, e) => {
        const exact = Rational.of(m).mul(Rational.of(10n).pow(e));
        expect(exactFactorFromDouble(exact.toNumber())!.eq(exact)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('dimensions', () => {
  it('uses canonical keys', () => {
    expect(unit('10*9/L').dimension).toBe('L-3');
    expect(unit('mg').dimension).toBe('M1');
    expect(unit('mg/d').dimension).toBe('M1.T-1');
    expect(unit('mg/dL').dimension).toBe('M1.L-3');
    expect(unit('mmol/L').dimension).toBe('L-3.N1');
    expect(unit('U/L').dimension).toBe('L-3.T-1.N1');
    expect(unit('meq/L').dimension).toBe('L-3.EQ1');
    expect(unit('[iU]/L').dimension).toBe('L-3.[iU]1');
    expect(unit('%').dimension).toBe(DIMENSIONLESS);
    expect(unit('1').dimension).toBe(DIMENSIONLESS);
    // An amount per amount is a ratio, not a number (kinds.ts).
    expect(unit('mmol/mol').dimension).toBe('(N1/N1)');
    expect(unit('mg/L').vector).toEqual([-3, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('keeps incommensurable units apart', () => {
    expect(conversionFactor('mg', '10*9/L')).toBeUndefined();
    expect(commensurable('mg', '10*9/L')).toBe(false);
    expect(conversionFactor('mmol/L', '10*9/L')).toBeUndefined();
    expect(conversionFactor('meq/L', 'mmol/L')).toBeUndefined();
    expect(conversionFactor('U/L', '[iU]/L')).toBeUndefined();
    expect(conversionFactor('[iU]/L', '[CFU]/L')).toBeUndefined();
    expect(conversionFactor('[iU]/L', '/L')).toBeUndefined();
    expect(conversionFactor('weight', 'kg')).toBeUndefined();
    expect(commensurable('U/L', 'ukat/L')).toBe(true);
  });

  it('marks arbitrary units', () => {
    expect(unit('[iU]/L').arbitrary).toBe(true);
    expect(unit('m[IU]/L').arbitrary).toBe(true);
    expect(unit('U/L').arbitrary).toBe(false);
  });

  it('labels dimensions', () => {
    expect(dimensionLabel('L-3')).toBe('count per volume');
    expect(dimensionLabel('M1')).toBe('mass');
    expect(dimensionLabel('T1')).toBe('time');
    expect(dimensionLabel('1')).toBe('dimensionless');
    expect(dimensionLabel(unit('U/L').dimension)).toBe('catalytic activity per volume');
    expect(dimensionLabel(unit('mg/dL').dimension)).toBe('mass per volume');
    expect(dimensionLabel(unit('[iU]/L').dimension)).toBe('[iU] units per volume');
    expect(dimensionLabel(unit('mg/kg/h').dimension)).toBe('mass per mass per time');
    expect(dimensionLabel(unit('/h').dimension)).toBe('rate (per time)');
    expect(dimensionLabel('M1.L-3.T-1')).toBe('mass per volume per time');
  });
});

describe('rejections', () => {
  it('rejects invalid codes with a reason', () => {
    for (const code of ['weight', 'mg//L', 'mg/', '(', 'Gauss', '2mg', 'mgs']) {
      const r = parseUnit(code);
      expect(r.ok, code).toBe(false);
      if (!r.ok) expect(r.reason, code).toMatch(/\S/);
    }
    const w = parseUnit('weight');
    expect(!w.ok && w.reason).toContain('weight');
    expect(parseUnit('').ok).toBe(false);
    const spaced = parseUnit('mg L');
    expect(!spaced.ok && spaced.reason).toContain('space');
  });

  it('rejects special units with a reason', () => {
    for (const code of ['Cel', '[degF]', '[pH]', 'dB', 'Cel/h']) {
      const r = parseUnit(code);
      expect(r.ok, code).toBe(false);
    }
    const cel = parseUnit('Cel');
    expect(!cel.ok && cel.reason).toMatch(/special unit/);
  });

  it('rejects units without an exact factor', () => {
    const deg = parseUnit('deg');
    expect(deg.ok).toBe(false);
    expect(!deg.ok && deg.reason).toMatch(/no exact conversion factor/);
  });

  it('rejects a zero factor instead of dividing by it', () => {
    for (const code of ['/0', '0', 'mg/0', '0.mg']) {
      const r = parseUnit(code);
      expect(r.ok, code).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/\S/);
    }
  });

  it('caps exponents and code length before any analysis (10*100000000 took 29 s and 630 MB)', () => {
    for (const code of ['10*1000000000000/L', '10*100000000/L', '10^100/L', 'm100', 's-100', `10*${'9'.repeat(500)}/L`]) {
      const r = parseUnit(code);
      expect(r.ok, code).toBe(false);
      if (!r.ok) expect(r.reason, code).toMatch(/over the limit of (99|100)/);
    }
    const long = parseUnit('mg/'.repeat(40) + 'L');
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.reason).toMatch(/characters long, over the limit of 100/);
    expect(parseUnit('10*12/L').ok).toBe(true);
    expect(parseUnit('mm99').ok).toBe(true);
  });

  it('never throws on arbitrary text', () => {
    const chars = [...'mgLdkuU/.*()[]{}%10923-_iIe '];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 10 }).map((a) => a.join('')), (code) => {
        const r = parseUnit(code);
        if (r.ok) expect(Math.abs(r.unit.factor.toNumber() - ucumMagnitude(code)) / ucumMagnitude(code)).toBeLessThanOrEqual(1e-12);
        else expect(r.reason).toMatch(/\S/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('unit algebra', () => {
  it('multiplies with a valid UCUM code and the exact product factor', () => {
    const p = multiplyUnits('mg/kg/d', 'kg');
    expect(p.code).toBe('(mg/kg/d).kg');
    expect(p.dimension).toBe('M1.T-1');
    expect(p.factor.eq(unit('mg/kg/d').factor.mul(unit('kg').factor))).toBe(true);
    expect(multiplyUnits('mg', '1').code).toBe('mg');
    expect(multiplyUnits('mL', '/cm3').code).toBe('mL.(1/cm3)');
  });

  it('divides', () => {
    const q = divideUnits('mg/dL', 'mg/L');
    expect(q.code).toBe('(mg/dL)/(mg/L)');
    expect(q.dimension).toBe(DIMENSIONLESS);
    expect(q.factor.toExact()).toBe('10');
    expect(divideUnits('1', 'h').code).toBe('1/h');
    expect(() => divideUnits('mg', 'weight')).toThrow(/weight/);
  });

  it('raises to integer powers', () => {
    expect(powerUnit('m', 2).code).toBe('m2');
    expect(powerUnit('cm', 3).factor.toExact()).toBe('0.000001');
    expect(powerUnit('mm', -1).code).toBe('/mm');
    expect(powerUnit('mg/L', 2).dimension).toBe('M2.L-6');
    expect(powerUnit('mg/L', 0).code).toBe('1');
  });

  it('simplifies by cancelling atoms', () => {
    expect(simplifyUnit(multiplyUnits('mg/kg/d', 'kg')).code).toBe('mg/d');
    expect(simplifyUnit(multiplyUnits('mg/dL', 'dL')).code).toBe('mg');
    expect(simplifyUnit(divideUnits('10*9/L', '10*9/L')).code).toBe('1');
    expect(simplifyUnit(multiplyUnits('mL', '/cm3')).code).toBe('1');
    expect(simplifyUnit(multiplyUnits('[IU]/L', '/[iU]')).code).toBe('/L');
    expect(simplifyUnit(multiplyUnits('ug/kg/min', 'kg')).code).toBe('ug/min');
  });

  it('prefers a hint of the same magnitude', () => {
    const p = multiplyUnits('mg/kg/d', 'kg');
    expect(simplifyUnit(p, ['g/d', 'mg/d']).code).toBe('mg/d');
    expect(simplifyUnit(multiplyUnits('g/L', 'mL'), ['mg']).code).toBe('mg');
    // No same-magnitude spelling: kept as is.
    expect(simplifyUnit(multiplyUnits('g/L', 'mL')).code).toBe('(g/L).mL');
  });

  it('keeps the magnitude when simplifying', () => {
    const atoms = ['mg', 'kg', 'd', 'h', 'L', 'dL', 'mL', '10*9/L', '/uL', '[iU]', 'U/L', 'mmol/L', '%'];
    fc.assert(
      fc.property(fc.constantFrom(...atoms), fc.constantFrom(...atoms), fc.boolean(), (a, b, divide) => {
        const u = divide ? divideUnits(a, b) : multiplyUnits(a, b);
        const s = simplifyUnit(u);
        expect(s.dimension).toBe(u.dimension);
        expect(s.factor.eq(u.factor)).toBe(true);
        expect(parseUnit(s.code).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('names', () => {
  it('describes units for hovers', () => {
    expect(describeUnit('10*9/L')).toBe('billion per liter');
    expect(describeUnit('/uL')).toBe('per microliter');
    expect(describeUnit('mg/kg/d')).toBe('milligram per kilogram per day');
    expect(describeUnit('L')).toBe('liter');
    expect(describeUnit('%')).toBe('percent');
    expect(describeUnit('U/L')).toBe('enzyme unit per liter');
    expect(describeUnit('[iU]/L')).toBe('international unit per liter');
    expect(describeUnit('kg/m2')).toBe('kilogram per square meter');
    expect(describeUnit('mo')).toBe('month');
    expect(describeUnit('weight')).toBe('weight');
    for (const code of COMMON_UNITS) expect(describeUnit(code), code).toMatch(/^[a-z0-9 ._]+$/i);
  });
});

describe('common units', () => {
  it('are all valid', () => {
    for (const code of COMMON_UNITS) expect(parseUnit(code).ok, code).toBe(true);
  });

  it('are grouped by dimension', () => {
    const counts = commonUnitsFor('L-3');
    expect(counts).toContain('10*9/L');
    expect(counts).toContain('/uL');
    expect(counts).not.toContain('mmol/L');
    expect(commonUnitsFor(unit('U/L').dimension)).toEqual(['U/L', 'U/mL', 'kU/L', 'mU/L', 'ukat/L', 'nkat/L']);
    expect(commonUnitsFor(unit('[IU]/L').dimension)).toEqual(['[iU]/L', '[IU]/L', '[iU]/mL', '[IU]/mL', 'm[iU]/L', 'm[IU]/L', 'u[IU]/mL', 'k[IU]/L']);
    expect(commonUnitsFor('T1')).toEqual(['s', 'min', 'h', 'd', 'wk', 'mo', 'a']);
    expect(commonUnitsFor('M9')).toEqual([]);
  });

  it('caches parse results', () => {
    expect(parseUnit('mg/dL')).toBe(parseUnit('mg/dL'));
  });
});
