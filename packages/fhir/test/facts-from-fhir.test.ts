import { describe, expect, it } from 'vitest';
import { factsFromFhir } from '../src/index.js';
import { bindings, bundle, FACTS, NOW, observation, patient, PATIENT, qty, rx } from './build.js';

const run = (input: unknown, more: object = {}) => factsFromFhir(input, { bindings: bindings(), facts: FACTS, now: NOW, ...more });

describe('Observations', () => {
  it('takes the latest final, amended or corrected result in the window, ignoring others', () => {
    const r = run(
      bundle(
        patient('1980-05-17'),
        observation('loinc:6690-2', '2026-11-20T08:00:00Z', qty(4.1, '10*9/L')),
        observation('loinc:6690-2', '2026-11-28T08:00:00Z', qty(3.2, '10*9/L'), { status: 'amended' }),
        observation('loinc:6690-2', '2026-11-30T08:00:00Z', qty(9.9, '10*9/L'), { status: 'preliminary' }),
        observation('loinc:6690-2', '2026-11-29T08:00:00Z', qty(8.8, '10*9/L'), { status: 'entered-in-error' }),
        observation('loinc:6690-2', '2026-12-02T08:00:00Z', qty(7.7, '10*9/L')),
      ),
    );
    expect(r.facts.wbc).toEqual({ value: 3.2, unit: '10*9/L' });
    expect(r.facts.last_cbc).toBe('2026-11-28');
  });

  it('says why a lab is missing: nothing final in the look-back window', () => {
    const r = run(bundle(patient(), observation('loinc:6690-2', '2026-10-01', qty(4, '10*9/L')), observation('loinc:6690-2', '2026-11-30', qty(4, '10*9/L'), { status: 'preliminary' })));
    expect(r.facts.wbc).toBeUndefined();
    expect(r.missing.wbc).toBe('no final Observation for LOINC 6690-2 in the last 30 d (ignored: 1 not final, 1 older)');
    expect(run(bundle(patient())).missing.wbc).toBe('no final Observation for LOINC 6690-2 in the last 30 d');
  });

  it('passes UCUM codes through for the engine to convert exactly: /uL and 10*3/uL', () => {
    expect(run(bundle(observation('loinc:6690-2', '2026-11-30', qty(2500, '/uL')))).facts.wbc).toEqual({ value: 2500, unit: '/uL' });
    expect(run(bundle(observation('loinc:6690-2', '2026-11-30', qty(2.5, '10*3/uL', 'x10^3/uL')))).facts.wbc).toEqual({ value: 2.5, unit: '10*3/uL' });
  });

  it('uses the display unit only when it is a UCUM code the fact accepts', () => {
    expect(run(bundle(observation('loinc:6690-2', '2026-11-30', qty(2500, undefined, '/uL')))).facts.wbc).toEqual({ value: 2500, unit: '/uL' });
    const r = run(bundle(observation('loinc:6690-2', '2026-11-30', qty(2.5, undefined, 'x10^9/L'))));
    expect(r.facts.wbc).toBeUndefined();
    expect(r.missing.wbc).toMatch(/^Observation\/obs-\d+ valueQuantity has no UCUM unit code; its display unit "x10\^9\/L" is not a UCUM code for wbc$/);
  });

  it('refuses units that do not convert to the fact unit, and non-UCUM unit systems', () => {
    expect(run(bundle(observation('loinc:6690-2', '2026-11-30', qty(2.5, 'g/L')))).missing.wbc).toMatch(/is in g\/L, which does not convert exactly to 10\*9\/L/);
    const local = run(bundle(observation('loinc:6690-2', '2026-11-30', { valueQuantity: { value: 2.5, system: 'urn:lab:units', code: 'K/uL' } })));
    expect(local.missing.wbc).toMatch(/unit code "K\/uL" is from urn:lab:units, not UCUM/);
  });

  it('makes a value with a comparator unknown, with the bound in the reason', () => {
    const r = run(bundle(observation('loinc:6690-2', '2026-11-30', qty(0.5, '10*9/L', undefined, { comparator: '<' }))));
    expect(r.facts.wbc).toBeUndefined();
    expect(r.missing.wbc).toMatch(/valueQuantity is <0.5 10\*9\/L: a bound \(comparator "<"\), not a value$/);
  });

  it('lets a bound stand for the value only when every rule threshold lies beyond it', () => {
    const b = { ...bindings(), bounds: { wbc: { thresholds: [2, 2.5, 3.5], factors: { '10*9/L': 1, '/uL': 0.001 } } } };
    const at = (comparator: string, value: number, code = '10*9/L') =>
      factsFromFhir(bundle(observation('loinc:6690-2', '2026-11-30', qty(value, code, undefined, { comparator }))), { bindings: b, facts: FACTS, now: NOW });
    const low = at('<', 0.5);
    expect(low.facts.wbc).toEqual({ value: 0.5, unit: '10*9/L' });
    expect(low.bounds.wbc).toBe('reported as <0.5 10*9/L: every rule compares wbc only with values above it, so any value in that range decides alike');
    expect(at('<', 1000, '/uL').facts.wbc).toEqual({ value: 1000, unit: '/uL' });
    expect(at('>', 10).facts.wbc).toEqual({ value: 10, unit: '10*9/L' });
    expect(at('>=', 3.6).facts.wbc).toEqual({ value: 3.6, unit: '10*9/L' });
    for (const [comparator, value] of [['<', 3], ['<', 2], ['<=', 2], ['>', 3.5], ['>', 1]] as const) {
      const r = at(comparator, value);
      expect(r.facts.wbc, `${comparator}${value}`).toBeUndefined();
      expect(r.missing.wbc, `${comparator}${value}`).toMatch(/a bound \(comparator/);
    }
    expect(at('ad', 0.5).facts.wbc).toBeUndefined();
    expect(at('<', 0.5, 'g/L').missing.wbc, 'the unit is checked first').toMatch(/does not convert exactly/);
  });

  it('does not fall back to an older result when the latest cannot be read', () => {
    const r = run(bundle(observation('loinc:6690-2', '2026-11-20', qty(4, '10*9/L')), observation('loinc:6690-2', '2026-11-30', { valueString: 'clotted' })));
    expect(r.facts.wbc).toBeUndefined();
    expect(r.missing.wbc).toMatch(/has no valueQuantity/);
  });

  it('fills uln from the reference range when the bindings say so', () => {
    const r = run(bundle(observation('loinc:1742-6', '2026-11-30', { ...qty(62, 'U/L'), referenceRange: [{ low: { value: 7, code: 'U/L', system: 'http://unitsofmeasure.org' }, high: { value: 35, code: 'U/L', system: 'http://unitsofmeasure.org' } }] })));
    expect(r.facts).toMatchObject({ alt: { value: 62, unit: 'U/L' }, alt_uln: { value: 35, unit: 'U/L' } });
    const none = run(bundle(observation('loinc:1742-6', '2026-11-30', qty(62, 'U/L'))));
    expect(none.facts.alt).toEqual({ value: 62, unit: 'U/L' });
    expect(none.missing.alt_uln).toMatch(/has no referenceRange.high$/);
  });

  it('maps coded and text values to enum members, and refuses unmapped or ambiguous ones', () => {
    const coded = run(bundle(observation('pgx:tpmt', '2025-01-01', { valueCodeableConcept: { coding: [{ system: 'urn:test:pgx', code: 'absent' }] } })));
    expect(coded.facts.tpmt).toBe('absent');
    const text = run(bundle(observation('pgx:tpmt', '2025-01-01', { valueCodeableConcept: { text: ' Normal Metabolizer ' } })));
    expect(text.facts.tpmt).toBe('normal');
    const poor = run(bundle(observation('pgx:tpmt', '2025-01-01', { valueCodeableConcept: { text: 'Poor metabolizer' } })));
    expect(poor.missing.tpmt).toMatch(/value "Poor metabolizer" is not mapped in the bindings/);
    const both = run(bundle(observation('pgx:tpmt', '2025-01-01', { valueCodeableConcept: { coding: [{ system: 'urn:test:pgx', code: 'absent' }], text: 'low' } })));
    expect(both.missing.tpmt).toMatch(/maps to absent and low; refusing to choose/);
  });

  it('reads pregnancy status from coded values', () => {
    const snomed = (code: string) => ({ valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code }] } });
    expect(run(bundle(observation('loinc:82810-3', '2026-11-30', snomed('77386006')))).facts.pregnant).toBe(true);
    expect(run(bundle(observation('loinc:82810-3', '2026-11-30', snomed('60001007')))).facts.pregnant).toBe(false);
  });

  it('skips results about another patient', () => {
    const other = { ...observation('loinc:6690-2', '2026-11-30', qty(1, '10*9/L')), subject: { reference: 'Patient/someone-else' } };
    const r = run(bundle(patient(), observation('loinc:6690-2', '2026-11-29', qty(5, '10*9/L')), other));
    expect(r.facts.wbc).toEqual({ value: 5, unit: '10*9/L' });
  });
});

describe('Patient age', () => {
  it('gives completed years from a full birth date', () => {
    expect(run(bundle(patient('1980-12-01'))).facts.age).toEqual({ value: 46, unit: 'a' });
    expect(run(bundle(patient('1980-12-02'))).facts.age).toEqual({ value: 45, unit: 'a' });
  });

  it('handles partial birth dates: an age only when every possible birthday gives the same one', () => {
    expect(run(bundle(patient('1980-05'))).facts.age).toEqual({ value: 46, unit: 'a' });
    const year = run(bundle(patient('1980')));
    expect(year.facts.age).toBeUndefined();
    expect(year.missing.age).toBe('Patient.birthDate 1980 is partial: the age is 45 or 46 a at 2026-12-01');
    expect(run(bundle(patient('1980-12'))).missing.age).toMatch(/the age is 45 or 46 a/);
    expect(run(bundle(patient('1980'))), 'at new year every birthday in 1980 is past').toBeDefined();
    expect(factsFromFhir(bundle(patient('1980')), { bindings: bindings(), facts: FACTS, now: '2026-12-31T12:00:00Z' }).facts.age).toEqual({ value: 46, unit: 'a' });
  });

  it('refuses malformed, future and missing birth dates', () => {
    expect(run(bundle(patient('80-05-17'))).missing.age).toMatch(/is not a FHIR date/);
    expect(run(bundle(patient('1980-02-30'))).missing.age).toMatch(/is not a valid date/);
    expect(run(bundle(patient('2027-01-01'))).missing.age).toMatch(/is after the evaluation date/);
    expect(run(bundle()).missing.age).toBe('no Patient resource');
    expect(run(bundle(patient('1980-01-01'), patient('1990-01-01', 'p2'))).facts.age, 'patient id picks one').toBeUndefined();
    expect(run(bundle(patient('1980-01-01'), patient('1990-01-01', 'p2')), { patientId: 'p2' }).facts.age).toEqual({ value: 36, unit: 'a' });
  });
});

describe('medications', () => {
  const request = (medication: object, extra: object = {}) => ({ resourceType: 'MedicationRequest', id: `mr-${Math.random().toString(36).slice(2, 8)}`, status: 'active', intent: 'order', subject: { reference: `Patient/${PATIENT}` }, ...medication, ...extra });

  it('collects RxNorm codes of active requests and statements, through contained and bundled Medications', () => {
    const contained = request(
      { medicationReference: { reference: '#med' } },
      { contained: [{ resourceType: 'Medication', id: 'med', code: { text: 'Zyloprim 100 mg' }, ingredient: [{ itemCodeableConcept: rx('519') }] }] },
    );
    const bundled = request({ medicationReference: { reference: 'Medication/aza' } });
    const statement = { resourceType: 'MedicationStatement', id: 'ms1', status: 'active', subject: { reference: `Patient/${PATIENT}` }, medicationCodeableConcept: rx('20610') };
    const stopped = request({ medicationCodeableConcept: rx('6851') }, { status: 'stopped' });
    const r = run(bundle(patient(), contained, bundled, statement, stopped, { resourceType: 'Medication', id: 'aza', code: rx('1256') }));
    expect(r.facts.medications).toEqual(['rxnorm:1256', 'rxnorm:20610', 'rxnorm:519']);
  });

  it('makes the whole list missing when one medication cannot be identified', () => {
    const dangling = request({ medicationReference: { reference: 'Medication/gone' } });
    expect(run(bundle(dangling)).missing.medications).toMatch(/refers to Medication Medication\/gone, which is not in the input/);
    const textOnly = request({ medicationCodeableConcept: { text: 'allopurinol 100 mg' } });
    expect(run(bundle(textOnly)).missing.medications).toMatch(/has no rxnorm code \(text "allopurinol 100 mg"\)/);
  });

  it('reads draft orders for draft-order bindings, from the hook context or the record', () => {
    const draft = request({ medicationCodeableConcept: rx('1256') }, { status: 'draft' });
    expect(run(bundle(patient())).facts.planned).toBe(false);
    expect(run(bundle(patient()), { draftOrders: bundle(draft) }).facts.planned).toBe(true);
    expect(run(bundle(patient(), draft)).facts.planned).toBe(true);
    expect(run(bundle(patient(), draft)).facts.medications, 'a draft is not an active medication').toEqual([]);
  });
});

describe('conditions', () => {
  const condition = (code: object, clinical = 'active', verification = 'confirmed') => ({
    resourceType: 'Condition',
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: clinical }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: verification }] },
    code,
  });
  const snomed = (code: string) => ({ coding: [{ system: 'http://snomed.info/sct', code }] });

  it('reads active, confirmed Conditions by SNOMED CT or ICD-10', () => {
    const r = run(
      bundle(
        condition(snomed('396230008')),
        condition({ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'M32.9' }] }),
        condition(snomed('24079001'), 'resolved'),
        condition(snomed('19943007'), 'active', 'provisional'),
      ),
    );
    expect(r.facts.diagnoses).toEqual(['icd10:M32.9', 'snomed:396230008']);
  });

  it('fills a boolean from a Condition, and leaves it missing otherwise when the bindings say so', () => {
    expect(run(bundle(condition(snomed('197354009')))).facts.hepatic_vod).toBe(true);
    expect(run(bundle()).missing.hepatic_vod).toBe('no active, confirmed Condition with SNOMED CT 197354009');
  });
});

describe('malformed input', () => {
  it('never throws: bad shapes are issues or reasons', () => {
    const r = run({ resourceType: 'Bundle', entry: [null, { resource: 42 }, { resource: { resourceType: 'Observation', code: 'wbc', valueQuantity: 'lots' } }] });
    expect(r.issues.map((i) => i.path)).toEqual(['entry[0]', 'entry[1].resource']);
    expect(r.missing.wbc).toMatch(/^no final Observation/);
    const weird = run(bundle(observation('loinc:6690-2', '2026-11-30', { valueQuantity: { value: '2.5', code: '10*9/L' } })));
    expect(weird.missing.wbc).toMatch(/has no numeric value/);
  });

  it('refuses an invalid evaluation time', () => {
    expect(() => run(bundle(), { now: 'yesterday' })).toThrow(/now "yesterday" is not a valid date/);
  });
});
