// The CDS Hooks service over real HTTP on loopback.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { createCdsService, type CdsServiceOptions } from '../src/index.js';
import { azathioprine, fhirStub, hookRequest, NOW, post, record, type Stub } from './support.js';

const schema = JSON.parse(readFileSync(resolve(__dirname, '../schema/cds-hooks-response.schema.json'), 'utf8'));
const validateResponse = new Ajv({ allErrors: true, validateFormats: false }).compile(schema);

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

async function start(options: Partial<CdsServiceOptions> = {}) {
  const { engine, bindings } = azathioprine();
  const service = createCdsService({ engine, bindings, now: () => NOW, ...options });
  const running = await service.listen();
  open.push(running);
  return { service, url: running.url };
}

async function stub(data: Record<string, object>, options?: { status?: number }): Promise<Stub> {
  const s = await fhirStub(data, options);
  open.push(s);
  return s;
}

function expectValid(body: unknown): void {
  const ok = validateResponse(body);
  expect(validateResponse.errors ?? [], JSON.stringify(validateResponse.errors)).toEqual([]);
  expect(ok).toBe(true);
}

describe('discovery', () => {
  it('lists one service per hook, with prefetch derived from the bindings', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/cds-services`);
    expect(res.status).toBe(200);
    const { services } = (await res.json()) as { services: any[] };
    expect(services.map((s: { id: string; hook: string }) => [s.id, s.hook])).toEqual([
      ['azathioprine-patient-view', 'patient-view'],
      ['azathioprine-order-select', 'order-select'],
      ['azathioprine-order-sign', 'order-sign'],
    ]);
    const s = services[1];
    expect(s.title).toBe('azathioprine 1.0.0: order-select');
    expect(s.description).toMatch(/^Vigil rule set azathioprine 1.0.0: 107 rules citing \d+ sources\./);
    expect(Object.keys(s.prefetch)).toEqual(['patient', 'observations', 'medicationRequests', 'medicationStatements', 'conditions']);
    expect(s.prefetch.observations).toContain('http://loinc.org|6690-2');
    expect(s.prefetch.observations).not.toContain('8480-6');
  });
});

describe('hooks', () => {
  it('order-select with complete prefetch: TPMT absent gives a critical card citing its source', async () => {
    const { url } = await start();
    const res = await post(`${url}/cds-services/azathioprine-order-select`, hookRequest('order-select', record('absent')));
    expect(res.status).toBe(200);
    expectValid(res.json);
    const critical = res.json.cards.find((c: { indicator: string }) => c.indicator === 'critical');
    expect(critical.summary).toBe('Contraindicated azathioprine: Very low or absent TPMT activity');
    expect(critical.source.label).toBe('002_905f97d69bf3a083.txt (strong)');
    expect(critical.detail).toContain('- tpmt: absent (Observation/tpmt)');
    expect(critical.overrideReasons.length).toBeGreaterThan(0);
    expect(res.json.cards[0]).toBe(res.json.cards.find((c: { indicator: string }) => c.indicator === 'critical'));
  });

  it('answers the README example request (rules/azathioprine/fhir/order-select-tpmt-absent.json) with the card the README shows', async () => {
    const { url } = await start();
    const example = readFileSync(resolve(__dirname, '../../../rules/azathioprine/fhir/order-select-tpmt-absent.json'), 'utf8');
    const res = await post(`${url}/cds-services/azathioprine-order-select`, example);
    expect(res.status).toBe(200);
    expectValid(res.json);
    expect(res.json.cards[0]).toMatchObject({
      uuid: '62813863-4a05-8cec-ad7d-c57aea3e724c',
      summary: 'Contraindicated azathioprine: Very low or absent TPMT activity',
      indicator: 'critical',
      source: { label: '002_905f97d69bf3a083.txt (strong)' },
    });
  });

  it('gives the same card uuids for the same request', async () => {
    const { url } = await start();
    const a = await post(`${url}/cds-services/azathioprine-order-select`, hookRequest('order-select', record('absent')));
    const b = await post(`${url}/cds-services/azathioprine-order-select`, hookRequest('order-select', record('absent')));
    expect(a.json.cards.map((c: { uuid: string }) => c.uuid)).toEqual(b.json.cards.map((c: { uuid: string }) => c.uuid));
    expect(new Set(a.json.cards.map((c: { uuid: string }) => c.uuid)).size).toBe(a.json.cards.length);
  });

  it('order-sign: intermediate TPMT gives a dose warning that suggests updating the draft order', async () => {
    const { url } = await start();
    const res = await post(`${url}/cds-services/azathioprine-order-sign`, hookRequest('order-sign', record('intermediate')));
    expect(res.status).toBe(200);
    expectValid(res.json);
    const dose = res.json.cards.find((c: { summary: string }) => c.summary.startsWith('Dose azathioprine 42 to 98 mg/d'));
    expect(dose.indicator).toBe('warning');
    expect(dose.selectionBehavior).toBe('at-most-one');
    const action = dose.suggestions[0].actions[0];
    expect(action.type).toBe('update');
    expect(dose.detail).toContain('**Dose**: standard azathioprine = 2 mg/kg/d x weight 70 kg = 140 mg/d; 30% to 70% of standard → 42 to 98 mg/d');
    expect(action.resource).toMatchObject({
      resourceType: 'MedicationRequest',
      id: 'draft-aza',
      dosageInstruction: [
        {
          text: '42 to 98 mg/d (rule AZA-PRE-03: standard azathioprine = 2 mg/kg/d x weight 70 kg = 140 mg/d; 30% to 70% of standard → 42 to 98 mg/d)',
          maxDosePerPeriod: { numerator: { value: 98, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' }, denominator: { value: 1, unit: 'd' } },
        },
      ],
    });
  });

  it('patient-view: rules that cannot be evaluated become an info card naming the missing data and why', async () => {
    const { url } = await start();
    const res = await post(`${url}/cds-services/azathioprine-patient-view`, hookRequest('patient-view', record('normal')));
    expect(res.status).toBe(200);
    expectValid(res.json);
    const info = res.json.cards.find((c: { summary: string }) => /rules? not evaluated/.test(c.summary));
    expect(info.indicator).toBe('info');
    expect(info.detail).toContain('- azathioprine\\_planned: no draft MedicationRequest for RxNorm 1256');
  });

  it('fetches what the prefetch lacks from fhirServer with the bearer token (partial and absent prefetch)', async () => {
    const { url } = await start();
    const fhir = await stub(record('absent'));
    const auth = { fhirServer: fhir.url, fhirAuthorization: { access_token: 'tok-123', token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'cds-service' } };
    const { patient } = record('absent');
    const partial = await post(`${url}/cds-services/azathioprine-order-select`, hookRequest('order-select', { patient }, auth));
    expect(partial.status).toBe(200);
    expect(fhir.requests.map((r) => r.url.split('?')[0])).toEqual(['/fhir/Observation', '/fhir/MedicationRequest', '/fhir/MedicationStatement', '/fhir/Condition']);
    expect(fhir.requests.every((r) => r.authorization === 'Bearer tok-123')).toBe(true);
    expect(fhir.requests[0]!.url).toContain(`patient=pat-1&code=`);
    expect(partial.json.cards[0].indicator).toBe('critical');
    fhir.requests.length = 0;
    const absent = await post(`${url}/cds-services/azathioprine-order-select`, hookRequest('order-select', undefined, auth));
    expect(absent.status).toBe(200);
    expect(fhir.requests).toHaveLength(5);
    expect(absent.json.cards.map((c: { uuid: string }) => c.uuid)).toEqual(partial.json.cards.map((c: { uuid: string }) => c.uuid));
  });

  it('fetches only from allowed FHIR servers when the list is configured', async () => {
    const fhir = await stub(record('absent'));
    const { url } = await start({ fhirServers: [fhir.url] });
    const ok = await post(`${url}/cds-services/azathioprine-order-select`, hookRequest('order-select', undefined, { fhirServer: fhir.url }));
    expect(ok.status).toBe(200);
    const other = await post(`${url}/cds-services/azathioprine-order-select`, hookRequest('order-select', undefined, { fhirServer: `${fhir.url}-evil` }));
    expect(other).toMatchObject({ status: 400, json: { field: 'fhirServer' } });
    expect(fhir.requests.every((r) => r.url.startsWith('/fhir/'))).toBe(true);
  });

  it('answers 412 when the data can be had neither from prefetch nor from fhirServer', async () => {
    const { url } = await start();
    const none = await post(`${url}/cds-services/azathioprine-order-select`, hookRequest('order-select', { patient: record().patient }));
    expect(none.status).toBe(412);
    expect(none.json.error).toMatch(/prefetch observations, medicationRequests, medicationStatements, conditions missing and no fhirServer/);
    const failing = await stub({}, { status: 500 });
    const down = await post(`${url}/cds-services/azathioprine-order-select`, hookRequest('order-select', undefined, { fhirServer: failing.url }));
    expect(down.status).toBe(412);
    const unreachable = await post(`${url}/cds-services/azathioprine-order-select`, hookRequest('order-select', undefined, { fhirServer: 'http://127.0.0.1:1/fhir' }));
    expect(unreachable.status).toBe(412);
  });

  it('keeps a card uuid when other decisions come and go', async () => {
    const { url } = await start();
    const uuids = async (more: object[]) => {
      const r = record('absent');
      const observations = r.observations as { entry: { resource: object }[] };
      observations.entry.push(...more.map((resource) => ({ resource })));
      const res = await post(`${url}/cds-services/azathioprine-order-select`, hookRequest('order-select', r));
      return new Map<string, string>(res.json.cards.map((c: { summary: string; uuid: string }) => [c.summary, c.uuid]));
    };
    const platelets = (value: number) => ({ resourceType: 'Observation', id: 'plt', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '777-3' }] }, subject: { reference: 'Patient/pat-1' }, effectiveDateTime: '2026-11-30T08:00:00Z', valueQuantity: { value, system: 'http://unitsofmeasure.org', code: '10*9/L' } });
    const before = await uuids([platelets(250)]);
    const after = await uuids([platelets(40)]);
    const added = [...after.keys()].filter((k) => !before.has(k));
    expect(added, 'a low platelet count adds a contraindication').toContain('Contraindicated azathioprine: Severe pre-treatment cytopenia');
    for (const [summary, uuid] of before) if (after.has(summary)) expect(after.get(summary), summary).toBe(uuid);
  });

  it('answers 503 when a call takes longer than the time limit', async () => {
    const { url } = await start({ limits: { requestMs: 300, fhirTimeoutMs: 5000 } });
    const slow = await fhirStub(record(), { delayMs: 2000 });
    open.push(slow);
    const res = await post(`${url}/cds-services/azathioprine-order-select`, hookRequest('order-select', undefined, { fhirServer: slow.url }));
    expect(res).toMatchObject({ status: 503, json: { error: 'timed out' } });
  });

  it('refuses malformed requests with 400 naming the field, and oversized bodies with 413', async () => {
    const { url } = await start({ limits: { bodyBytes: 50_000 } });
    const call = (body: unknown) => post(`${url}/cds-services/azathioprine-order-select`, body);
    expect((await call(hookRequest('patient-view', record()))).json).toMatchObject({ field: 'hook' });
    const noPatient = hookRequest('order-select', record());
    delete (noPatient.context as Record<string, unknown>).patientId;
    expect(await call(noPatient)).toMatchObject({ status: 400, json: { field: 'context.patientId' } });
    const noDrafts = hookRequest('order-select', record());
    delete (noDrafts.context as Record<string, unknown>).draftOrders;
    expect(await call(noDrafts)).toMatchObject({ status: 400, json: { field: 'context.draftOrders' } });
    expect(await call({ ...hookRequest('order-select', record()), fhirAuthorization: { access_token: 'x' } })).toMatchObject({ status: 400, json: { field: 'fhirAuthorization' } });
    expect(await call({ ...hookRequest('order-select', { ...record(), observations: { resourceType: 'Observation' } }) })).toMatchObject({ status: 400, json: { field: 'prefetch.observations' } });
    expect((await call('{"hook": ')).status).toBe(400);
    expect((await call({ ...hookRequest('order-select', record()), padding: 'x'.repeat(60_000) })).status).toBe(413);
    expect((await post(`${url}/cds-services/nope`, {})).status).toBe(404);
    expect((await fetch(`${url}/cds-services/azathioprine-order-select`)).status).toBe(405);
  });

  it('sends CORS headers to allowed origins only', async () => {
    const { url } = await start({ cors: { origins: ['https://ehr.example.org'] } });
    const allowed = await fetch(`${url}/cds-services`, { headers: { origin: 'https://ehr.example.org' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ehr.example.org');
    const other = await fetch(`${url}/cds-services`, { headers: { origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${url}/cds-services/azathioprine-order-select`, { method: 'OPTIONS', headers: { origin: 'https://ehr.example.org' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});

describe('feedback', () => {
  it('is appended to a log that survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-feedback-'));
    const log = join(dir, 'feedback.ndjson');
    const first = await start({ feedbackLog: log });
    const cards = (await post(`${first.url}/cds-services/azathioprine-order-select`, hookRequest('order-select', record('absent')))).json.cards;
    const item = (outcome: string, extra: object = {}) => ({ feedback: [{ card: cards[0].uuid, outcome, outcomeTimestamp: '2026-12-01T09:01:00Z', ...extra }] });
    expect((await post(`${first.url}/cds-services/azathioprine-order-select/feedback`, item('overridden', { overrideReason: { reason: cards[0].overrideReasons[0], userComment: 'discussed' } }))).status).toBe(200);
    await open.pop()!.close();
    const second = await start({ feedbackLog: log });
    expect((await post(`${second.url}/cds-services/azathioprine-order-select/feedback`, item('accepted'))).status).toBe(200);
    expect((await post(`${second.url}/cds-services/azathioprine-order-select/feedback`, item('ignored'))).json).toMatchObject({ field: 'feedback[0].outcome' });
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ service: 'azathioprine-order-select', card: cards[0].uuid, outcome: 'overridden', overrideReason: { userComment: 'discussed' } });
    expect(lines[1]).toMatchObject({ outcome: 'accepted', receivedAt: '2026-12-01T09:00:00.000Z' });
  });
});

describe('doseInstruction', () => {
  it('states a fraction of an undeclared standard as text, a plain amount as a dose quantity', async () => {
    const { doseInstruction } = await import('../src/index.js');
    expect(doseInstruction({ rule: 'R', targets: ['x'], dose: { low: 0.3, high: 0.7, unit: '1', ofStandard: true } })).toEqual({ text: '30% to 70% of the standard dose (rule R)' });
    expect(doseInstruction({ rule: 'R', targets: ['x'], dose: { low: 40, unit: 'mg', ofStandard: false } })).toEqual({
      text: '40 mg (rule R)',
      doseAndRate: [{ doseQuantity: { value: 40, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
    });
    expect(doseInstruction({ rule: 'R', targets: ['x'], dose: { low: 1, unit: 'mg/kg', ofStandard: false } })).toEqual({ text: '1 mg/kg (rule R)' });
  });
});
