import { describe, expect, it } from 'vitest';
import { suggestUnits } from './suggest-unit.js';

describe('suggestUnits', () => {
  it('maps clinical spellings to UCUM', () => {
    expect(suggestUnits('mcg')).toEqual(['ug']);
    expect(suggestUnits('mcg/kg/d')).toEqual(['ug/kg/d']);
    expect(suggestUnits('IU/L')).toEqual(['[IU]/L']);
    expect(suggestUnits('mmHg')).toEqual(['mm[Hg]']);
    expect(suggestUnits('µmol/L')).toEqual(['umol/L']);
    expect(suggestUnits('mg/day')).toEqual(['mg/d']);
  });

  it('offers nothing for valid units or for nonsense', () => {
    expect(suggestUnits('10*9/L')).toEqual([]);
    expect(suggestUnits('bogus')).toEqual([]);
  });
});
