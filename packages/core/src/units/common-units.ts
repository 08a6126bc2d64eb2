// A curated list of UCUM units common in clinical data. A compiled engine accepts, at
// its boundary, exactly the units of this list that are commensurable with a fact's unit
// (plus the units named in the rules), each with an exact conversion factor.
import { parseUnit } from './units.js';

export const COMMON_UNITS: readonly string[] = [
  // dimensionless
  '1',
  '%',
  // cell counts (count per volume)
  '10*9/L',
  '10*6/L',
  '10*12/L',
  '10*3/uL',
  '10*6/uL',
  '/uL',
  '/mm3',
  '/mL',
  '/L',
  // mass
  'kg',
  'g',
  'mg',
  'ug',
  'ng',
  'pg',
  '[lb_av]',
  '[oz_av]',
  // volume
  'L',
  'dL',
  'mL',
  'uL',
  'fL',
  // length, area, body measures
  'm',
  'cm',
  'mm',
  '[in_i]',
  'm2',
  'kg/m2',
  // mass concentration
  'g/L',
  'g/dL',
  'mg/dL',
  'mg/L',
  'mg/mL',
  'ug/L',
  'ug/dL',
  'ug/mL',
  'ng/L',
  'ng/dL',
  'ng/mL',
  'pg/mL',
  // substance concentration
  'mol/L',
  'mmol/L',
  'umol/L',
  'nmol/L',
  'pmol/L',
  'meq/L',
  'mosm/kg',
  'mosm/L',
  // catalytic activity per volume
  'U/L',
  'U/mL',
  'kU/L',
  'mU/L',
  'ukat/L',
  'nkat/L',
  // international units (arbitrary: commensurable only with themselves)
  '[iU]',
  '[IU]',
  '[iU]/L',
  '[IU]/L',
  '[iU]/mL',
  '[IU]/mL',
  'm[iU]/L',
  'm[IU]/L',
  'u[IU]/mL',
  'k[IU]/L',
  '[iU]/kg',
  '[IU]/kg',
  // time
  's',
  'min',
  'h',
  'd',
  'wk',
  'mo',
  'a',
  // rates
  '/min',
  '/h',
  '/d',
  'mm/h',
  'mL/min',
  'mL/h',
  'L/min',
  'mL/min/{1.73_m2}',
  // doses and dose rates
  'mg/d',
  'g/d',
  'ug/d',
  'mg/h',
  'mg/kg',
  'ug/kg',
  'mg/kg/d',
  'mg/kg/h',
  'ug/kg/min',
  'mg/m2',
  // ratios
  'mg/g',
  'mg/mmol',
  // pressure
  'mm[Hg]',
];

const byDimension = new Map<string, readonly string[]>();

/** The common units commensurable with `dimension` (a `UnitInfo.dimension` key), in list order. */
export function commonUnitsFor(dimension: string): string[] {
  let units = byDimension.get(dimension);
  if (!units) {
    units = COMMON_UNITS.filter((code) => {
      const r = parseUnit(code);
      return r.ok && r.unit.dimension === dimension;
    });
    byDimension.set(dimension, units);
  }
  return [...units];
}
