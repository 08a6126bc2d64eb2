// Builders for FHIR test inputs: small resources with only what a test needs.
import type { FactInfo } from '../src/index.js';
import { validateBindings, type Bindings } from '../src/index.js';

export const NOW = '2026-12-01T09:00:00Z';

const COUNT_UNITS = ['10*9/L', '10*6/L', '10*3/uL', '/uL', '/mm3', '/L'];

export const FACTS: FactInfo[] = [
  { name: 'tpmt', type: { kind: 'enum', values: ['normal', 'intermediate', 'low', 'absent'] }, uln: false },
  { name: 'wbc', type: { kind: 'quantity', unit: '10*9/L' }, uln: false, acceptedUnits: COUNT_UNITS },
  { name: 'alt', type: { kind: 'quantity', unit: 'U/L' }, uln: true, acceptedUnits: ['U/L', 'kU/L', 'ukat/L'] },
  { name: 'age', type: { kind: 'quantity', unit: 'a' }, uln: false, acceptedUnits: ['a', 'mo', 'd'] },
  { name: 'pregnant', type: { kind: 'boolean' }, uln: false },
  { name: 'hepatic_vod', type: { kind: 'boolean' }, uln: false },
  { name: 'medications', type: { kind: 'set', element: { kind: 'code' } }, uln: false },
  { name: 'diagnoses', type: { kind: 'set', element: { kind: 'code' } }, uln: false },
  { name: 'planned', type: { kind: 'boolean' }, uln: false },
  { name: 'last_cbc', type: { kind: 'date' }, uln: false },
];

export const BINDINGS_DATA = {
  version: 1,
  systems: { pgx: 'urn:test:pgx' },
  facts: {
    tpmt: { observation: { codes: ['pgx:tpmt'], values: { absent: ['pgx:absent', 'absent'], low: ['low'], normal: ['normal', 'normal metabolizer'], intermediate: ['intermediate'] } } },
    wbc: { observation: { codes: ['loinc:6690-2'], within: '30 d' } },
    alt: { observation: { codes: ['loinc:1742-6'], within: '30 d', uln: 'reference-range' } },
    age: { patient: 'age' },
    pregnant: { observation: { codes: ['loinc:82810-3'], values: { true: ['snomed:77386006'], false: ['snomed:60001007'] } } },
    hepatic_vod: { condition: { codes: ['snomed:197354009'], otherwise: 'missing' } },
    medications: { medications: ['rxnorm'] },
    diagnoses: { conditions: ['snomed', 'icd10'] },
    planned: { 'draft-order': { codes: ['rxnorm:1256'], otherwise: 'false' } },
    last_cbc: { 'observation-date': { codes: ['loinc:6690-2'] } },
  },
};

export function bindings(data: unknown = BINDINGS_DATA): Bindings {
  const r = validateBindings(data, FACTS);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.bindings;
}

export const PATIENT = 'p1';

export function bundle(...resources: object[]): object {
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
}

export const patient = (birthDate?: string, id = PATIENT) => ({ resourceType: 'Patient', id, ...(birthDate !== undefined ? { birthDate } : {}) });

let next = 0;
export function observation(code: string, when: string, value: object, extra: object = {}): object {
  const [system, c] = code.startsWith('loinc:') ? ['http://loinc.org', code.slice(6)] : ['urn:test:pgx', code.split(':')[1]!];
  return {
    resourceType: 'Observation',
    id: `obs-${++next}`,
    status: 'final',
    code: { coding: [{ system, code: c }] },
    subject: { reference: `Patient/${PATIENT}` },
    effectiveDateTime: when,
    ...value,
    ...extra,
  };
}

export const qty = (value: number, code?: string, unit?: string, more: object = {}) => ({
  valueQuantity: { value, ...(unit !== undefined ? { unit } : {}), ...(code !== undefined ? { system: 'http://unitsofmeasure.org', code } : {}), ...more },
});

export const rx = (code: string) => ({ coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code }] });
