// CDS Hooks prefetch templates derived from the bindings: one FHIR query per kind of
// resource the bound facts read, asking only for the codes they name.
import type { Bindings } from './bindings/model.js';

export interface PrefetchTemplate {
  /** The prefetch key. */
  readonly key: string;
  /** The FHIR query, with `{{context.patientId}}` for the patient. */
  readonly query: string;
  /** The resource type it returns (a search returns a Bundle of these). */
  readonly resourceType: string;
}

const PATIENT = '{{context.patientId}}';

/** In a fixed order, so that discovery documents are stable. */
export function prefetchTemplates(bindings: Bindings): PrefetchTemplate[] {
  const kinds = new Set(Object.values(bindings.facts).map((b) => b.kind));
  const out: PrefetchTemplate[] = [];
  if (kinds.has('patient-age')) out.push({ key: 'patient', query: `Patient/${PATIENT}`, resourceType: 'Patient' });
  const codes = new Set<string>();
  for (const b of Object.values(bindings.facts)) {
    if (b.kind === 'observation' || b.kind === 'observation-date') for (const c of b.codes) codes.add(`${c.uris[0]}|${c.code}`);
  }
  if (codes.size > 0) out.push({ key: 'observations', query: `Observation?patient=${PATIENT}&code=${[...codes].sort().join(',')}`, resourceType: 'Observation' });
  if (kinds.has('medications') || kinds.has('draft-order')) {
    const statuses = [...(kinds.has('medications') ? ['active'] : []), ...(kinds.has('draft-order') ? ['draft'] : [])].join(',');
    out.push({ key: 'medicationRequests', query: `MedicationRequest?patient=${PATIENT}&status=${statuses}&_include=MedicationRequest:medication`, resourceType: 'MedicationRequest' });
  }
  if (kinds.has('medications')) {
    out.push({ key: 'medicationStatements', query: `MedicationStatement?patient=${PATIENT}&status=active&_include=MedicationStatement:medication`, resourceType: 'MedicationStatement' });
  }
  if (kinds.has('conditions') || kinds.has('condition')) {
    out.push({ key: 'conditions', query: `Condition?patient=${PATIENT}&clinical-status=active&verification-status=confirmed`, resourceType: 'Condition' });
  }
  return out;
}

/**
 * The bindings of the facts some rule reads (`read`: fact names), so that prefetch asks
 * only for what the rules use. A `_uln`/`_baseline` input counts as its fact.
 */
export function pruneBindings(bindings: Bindings, read: Iterable<string>): Bindings {
  const names = new Set(read);
  return { ...bindings, facts: Object.fromEntries(Object.entries(bindings.facts).filter(([name]) => names.has(name))) };
}
