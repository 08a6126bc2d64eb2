// A FHIR Quantity as a fact value. The engine converts units exactly, but only from the
// units it accepts for the fact, all of them UCUM codes; so the unit must be the
// Quantity's UCUM `code`, or its display `unit` when that is itself one of those codes.
// Anything else leaves the fact unknown with the reason: a unit is never guessed.
import { isObject } from './resources.js';

const UCUM = 'http://unitsofmeasure.org';

export interface QuantityTarget {
  readonly name: string;
  readonly unit: string;
  readonly acceptedUnits: readonly string[];
}

export type QuantityResult =
  | { readonly ok: true; readonly value: { value: number; unit: string } }
  | { readonly ok: false; readonly reason: string; readonly bound?: { readonly comparator: string; readonly value: number; readonly unit: string } };

/** `what` names the field in reasons: `Observation/abc valueQuantity`. */
export function quantityFact(q: unknown, target: QuantityTarget, what: string): QuantityResult {
  if (!isObject(q)) return { ok: false, reason: `${what} is not a Quantity` };
  const shown = `${typeof q.comparator === 'string' ? q.comparator : ''}${String(q.value)} ${typeof q.code === 'string' ? q.code : typeof q.unit === 'string' ? q.unit : ''}`.trim();
  if (typeof q.value !== 'number' || !Number.isFinite(q.value)) return { ok: false, reason: `${what} has no numeric value` };
  let unit: string;
  if (typeof q.code === 'string' && q.code !== '') {
    if (q.system !== undefined && q.system !== UCUM) return { ok: false, reason: `${what} unit code ${JSON.stringify(q.code)} is from ${String(q.system)}, not UCUM` };
    unit = q.code;
  } else if (typeof q.unit === 'string' && target.acceptedUnits.includes(q.unit)) {
    unit = q.unit;
  } else {
    const display = typeof q.unit === 'string' ? `; its display unit ${JSON.stringify(q.unit)} is not a UCUM code for ${target.name}` : '';
    return { ok: false, reason: `${what} has no UCUM unit code${display}` };
  }
  if (!target.acceptedUnits.includes(unit)) {
    return { ok: false, reason: `${what} is in ${unit}, which does not convert exactly to ${target.unit} (accepted: ${target.acceptedUnits.join(', ')})` };
  }
  if (q.comparator !== undefined) {
    const reason = `${what} is ${shown}: a bound (comparator ${JSON.stringify(q.comparator)}), not a value`;
    return ['<', '<=', '>', '>='].includes(q.comparator as string) ? { ok: false, reason, bound: { comparator: q.comparator as string, value: q.value, unit } } : { ok: false, reason };
  }
  return { ok: true, value: { value: q.value, unit } };
}
