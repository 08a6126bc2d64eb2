// Unit facts the checker and lowering ask often, built on the UCUM layer.
import { Rational } from './rational.js';
import { convertExact, parseUnit } from './units.js';
export { dimensionLabel } from './units.js';

let time: string | undefined;
/** The dimension key of time. */
export function timeDimension(): string {
  if (time === undefined) {
    const d = parseUnit('d');
    time = d.ok ? d.unit.dimension : 'T';
  }
  return time;
}

/** A literal `value unit` in days, or undefined when not a time. */
export function toDays(value: string, unit: string): Rational | undefined {
  return convertExact(Rational.parse(value), unit, 'd');
}
