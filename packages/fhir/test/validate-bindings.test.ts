import { describe, expect, it } from 'vitest';
import { prefetchTemplates, validateBindings } from '../src/index.js';
import { BINDINGS_DATA, bindings, FACTS } from './build.js';

const issues = (facts: object, more: object = {}) => {
  const r = validateBindings({ version: 1, ...more, facts }, FACTS);
  return r.ok ? [] : r.issues;
};

describe('validateBindings', () => {
  it('accepts the test bindings and resolves code systems to FHIR URIs', () => {
    const b = bindings();
    expect(b.hooks).toEqual(['patient-view', 'order-select', 'order-sign']);
    expect(b.facts.wbc).toEqual({ kind: 'observation', codes: [{ system: 'loinc', uris: ['http://loinc.org'], code: '6690-2' }], within: { text: '30 d', ms: 30 * 86_400_000 } });
  });

  it('names the field at fault, with a suggestion', () => {
    expect(issues({ wbcc: { observation: { codes: ['loinc:6690-2'] } } })).toEqual([{ path: 'facts.wbcc', message: 'the rule set has no fact "wbcc"; did you mean "wbc"?' }]);
    expect(issues({ wbc: { observation: { codes: ['loinc:6690-2'], whithin: '30 d' } } })[0]).toEqual({ path: 'facts.wbc.observation.whithin', message: 'unknown key "whithin"; did you mean "within"?' });
    expect(issues({ wbc: { observation: { codes: ['loinc:6690-2'], within: '30 days' } } })[0]!.path).toBe('facts.wbc.observation.within');
    expect(issues({ wbc: { observation: { codes: ['lonic:6690-2'] } } })[0]).toEqual({ path: 'facts.wbc.observation.codes[0]', message: 'unknown code system "lonic"; did you mean "loinc"? (add it under "systems")' });
    expect(issues({ wbc: { observation: { codes: ['loinc:6690-2'], uln: 'reference-range' } } })[0]!.message).toMatch(/wbc has no uln part/);
    expect(issues({ tpmt: { observation: { codes: ['loinc:1'] } } })[0]!.message).toMatch(/an enum fact needs "values"/);
    expect(issues({ tpmt: { observation: { codes: ['loinc:1'], values: { absnt: ['x'] } } } })[0]).toEqual({ path: 'facts.tpmt.observation.values.absnt', message: '"absnt" is not a value of tpmt; did you mean "absent"?' });
    expect(issues({ tpmt: { observation: { codes: ['loinc:1'], values: { absent: ['gone'], low: ['Gone'] } } } })[0]!.message).toBe('"Gone" already means absent');
    expect(issues({ medications: { observation: { codes: ['loinc:1'] } } })[0]!.message).toBe('"observation" binds a quantity, enum or boolean fact; medications is set of code');
    expect(issues({ hepatic_vod: { condition: { codes: ['snomed:1'] } } })[0]!.message).toBe('otherwise is required');
    expect(issues({ age: { patient: 'birthDate' } })[0]!.message).toMatch(/patient binds "age"/);
    expect(issues({ wbc: { observation: { codes: ['loinc:1'] }, patient: 'age' } })[0]!.message).toMatch(/exactly one of/);
    expect(issues({}, { hooks: ['order-sgin'] })[0]).toEqual({ path: 'hooks[0]', message: '"order-sgin" is not a supported hook; did you mean "order-sign"?' });
    expect(validateBindings([], FACTS)).toMatchObject({ ok: false, issues: [{ path: '' }] });
    expect(issues({}, { version: 2 })[0]!.path).toBe('version');
  });

  it('refuses to redefine a built-in code system', () => {
    expect(issues({}, { systems: { loinc: 'http://example.org' } })[0]!.path).toBe('systems.loinc');
  });
});

describe('prefetchTemplates', () => {
  it('asks only for the codes and resource types the bindings read', () => {
    const keys = prefetchTemplates(bindings()).map((t) => [t.key, t.query]);
    expect(keys).toEqual([
      ['patient', 'Patient/{{context.patientId}}'],
      ['observations', 'Observation?patient={{context.patientId}}&code=http://loinc.org|1742-6,http://loinc.org|6690-2,http://loinc.org|82810-3,urn:test:pgx|tpmt'],
      ['medicationRequests', 'MedicationRequest?patient={{context.patientId}}&status=active,draft&_include=MedicationRequest:medication'],
      ['medicationStatements', 'MedicationStatement?patient={{context.patientId}}&status=active&_include=MedicationStatement:medication'],
      ['conditions', 'Condition?patient={{context.patientId}}&clinical-status=active&verification-status=confirmed'],
    ]);
    const labsOnly = validateBindings({ version: 1, facts: { wbc: BINDINGS_DATA.facts.wbc } }, FACTS);
    expect(labsOnly.ok && prefetchTemplates(labsOnly.bindings).map((t) => t.key)).toEqual(['observations']);
  });
});
