// FHIR actions a card can suggest. Doses: the draft order for the drug, updated with the
// dose the decision carries. What a decision's dose holds (an absolute dose in the drug's
// unit, or a fraction of the standard dose) is read in `doseInstruction` alone, so a change
// in how doses are represented is a change here.
import { isObject } from './json.js';
import { stableUuid } from './uuid.js';

export interface Suggestion {
  readonly label: string;
  readonly uuid: string;
  readonly isRecommended?: boolean;
  readonly actions: readonly { readonly type: 'create' | 'update' | 'delete'; readonly description: string; readonly resource?: unknown; readonly resourceId?: string }[];
}

interface DoseDecision {
  readonly rule: string;
  readonly targets: readonly string[];
  readonly dose?: { readonly low: number; readonly high?: number; readonly highExclusive?: true; readonly unit: string; readonly ofStandard: boolean; readonly calculation?: string };
}

const UCUM = 'http://unitsofmeasure.org';
const n = (x: number) => Number(x.toPrecision(12));

/** A FHIR Dosage for the decision's dose, or undefined when it cannot be stated as one. */
export function doseInstruction(d: DoseDecision): Record<string, unknown> | undefined {
  const dose = d.dose;
  if (!dose || !Number.isFinite(dose.low)) return undefined;
  if (dose.ofStandard) {
    // A fraction of the standard dose names no amount: the prescriber sets it; the text says how.
    const pct = `${n(dose.low * 100)}%${dose.high !== undefined ? `${dose.highExclusive ? ' to below ' : ' to '}${n(dose.high * 100)}%` : ''}`;
    return { text: `${pct} of the standard dose (rule ${d.rule})` };
  }
  const q = (v: number) => ({ value: n(v), unit: dose.unit, system: UCUM, code: dose.unit });
  // A dose resolved for the patient (e.g. a fraction of a weight-based standard) says how.
  const text = `${n(dose.low)}${dose.high !== undefined ? `${dose.highExclusive ? ' to below ' : ' to '}${n(dose.high)}` : ''} ${dose.unit} (rule ${d.rule}${dose.calculation ? `: ${dose.calculation}` : ''})`;
  // FHIR's ranges and maxima include their ends: a dose that must stay below its high end is stated in the text only.
  if (dose.highExclusive) return { text };
  const perDay = /^(.+)\/d$/.exec(dose.unit);
  if (perDay) {
    // A daily amount: the most per day, as FHIR's maxDosePerPeriod states it.
    const amount = (v: number) => ({ value: n(v), unit: perDay[1]!, system: UCUM, code: perDay[1]! });
    return { text, maxDosePerPeriod: { numerator: amount(dose.high ?? dose.low), denominator: { value: 1, unit: 'd', system: UCUM, code: 'd' } } };
  }
  if (dose.unit.includes('/')) return { text };
  return { text, doseAndRate: [dose.high !== undefined ? { doseRange: { low: q(dose.low), high: q(dose.high) } } : { doseQuantity: q(dose.low) }] };
}

function draftRequests(draftOrders: unknown): Record<string, unknown>[] {
  if (!isObject(draftOrders) || !Array.isArray(draftOrders.entry)) return [];
  return draftOrders.entry.map((e) => (isObject(e) ? e.resource : undefined)).filter((r): r is Record<string, unknown> => isObject(r) && r.resourceType === 'MedicationRequest');
}

function names(resource: Record<string, unknown>): string {
  const c = resource.medicationCodeableConcept;
  if (!isObject(c)) return '';
  const codings = Array.isArray(c.coding) ? c.coding.filter(isObject) : [];
  return [typeof c.text === 'string' ? c.text : '', ...codings.map((x) => (typeof x.display === 'string' ? x.display : ''))].join(' ').toLowerCase();
}

/** Update the draft order of the dosed drug (matched by name) with the decision's dose. */
export function doseSuggestion(d: DoseDecision, draftOrders: unknown, cardUuid: string): Suggestion | undefined {
  const dosage = doseInstruction(d);
  if (!dosage) return undefined;
  const target = d.targets[0];
  const order = target !== undefined ? draftRequests(draftOrders).find((r) => names(r).includes(target.replace(/_/g, ' ').toLowerCase())) : undefined;
  if (!order || typeof order.id !== 'string') return undefined;
  return {
    label: `Change the ${target} order: ${String(dosage.text)}`.slice(0, 200),
    uuid: stableUuid(cardUuid, 'dose'),
    isRecommended: true,
    actions: [{ type: 'update', description: `Set the dose of the draft ${target} order`, resource: { ...order, dosageInstruction: [dosage] } }],
  };
}

/** `order cbc` → a draft ServiceRequest per target, named by text (no code is guessed). */
export function orderSuggestion(d: { readonly targets: readonly string[]; readonly rule: string }, patientId: string, cardUuid: string): Suggestion[] {
  if (d.targets.length === 0) return [];
  return [
    {
      label: `Order ${d.targets.join(', ').replace(/_/g, ' ')}`.slice(0, 200),
      uuid: stableUuid(cardUuid, 'order'),
      isRecommended: true,
      actions: d.targets.map((t) => ({
        type: 'create' as const,
        description: `Order ${t.replace(/_/g, ' ')} (rule ${d.rule})`,
        resource: { resourceType: 'ServiceRequest', status: 'draft', intent: 'proposal', subject: { reference: `Patient/${patientId}` }, code: { text: t.replace(/_/g, ' ') } },
      })),
    },
  ];
}
