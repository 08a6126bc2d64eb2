// Test support: the azathioprine engine and bindings, patients as FHIR, a loopback FHIR
// server stub, and functions for HTTP calls.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { checkFiles, collectRuleFiles } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import { validateBindings, type Bindings } from '@vigil/fhir';
import type { EngineLike } from '../src/index.js';

export const ROOT = resolve(__dirname, '../../..');
export const NOW = Date.parse('2026-12-01T09:00:00Z');

let cached: { engine: EngineLike; bindings: Bindings } | undefined;

export function azathioprine(): { engine: EngineLike; bindings: Bindings } {
  if (cached) return cached;
  const { files } = collectRuleFiles(['rules/azathioprine'], ROOT);
  const check = checkFiles(files);
  if (!check.ir) throw new Error('azathioprine rules do not compile');
  const engine = instantiateEngine(check.ir) as unknown as EngineLike;
  const result = validateBindings(parse(readFileSync(resolve(ROOT, 'rules/azathioprine/fhir-bindings.yaml'), 'utf8')), engine.facts);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  cached = { engine, bindings: result.bindings };
  return cached;
}

export const PATIENT_ID = 'pat-1';
const subject = { reference: `Patient/${PATIENT_ID}` };
const searchset = (resources: object[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });

export function tpmtObservation(phenotype: string): object {
  return {
    resourceType: 'Observation',
    id: 'tpmt',
    status: 'final',
    code: { coding: [{ system: 'urn:vigil:azathioprine:pgx', code: 'tpmt-phenotype' }] },
    subject,
    effectiveDateTime: '2026-10-01',
    valueCodeableConcept: { coding: [{ system: 'urn:vigil:azathioprine:pgx', code: phenotype }] },
  };
}

export function wbcObservation(value: number, code = '10*9/L'): object {
  return { resourceType: 'Observation', id: 'wbc', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '6690-2' }] }, subject, effectiveDateTime: '2026-11-28T08:00:00Z', valueQuantity: { value, system: 'http://unitsofmeasure.org', code } };
}

export function weightObservation(kg: number): object {
  return { resourceType: 'Observation', id: 'weight', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, subject, effectiveDateTime: '2026-11-28T08:00:00Z', valueQuantity: { value: kg, system: 'http://unitsofmeasure.org', code: 'kg' } };
}

export const patient = { resourceType: 'Patient', id: PATIENT_ID, birthDate: '1983-04-17' };

/** The record a FHIR server holds for the patient, by prefetch key. */
export function record(phenotype = 'absent'): Record<string, object> {
  return {
    patient,
    observations: searchset([tpmtObservation(phenotype), wbcObservation(6.1), weightObservation(70)]),
    medicationRequests: searchset([]),
    medicationStatements: searchset([]),
    conditions: searchset([]),
  };
}

export const azathioprineOrder = {
  resourceType: 'MedicationRequest',
  id: 'draft-aza',
  status: 'draft',
  intent: 'order',
  subject,
  medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1256', display: 'azathioprine' }], text: 'azathioprine 50 mg tablet' },
};

export function hookRequest(hook: string, prefetch: Record<string, unknown> | undefined, more: object = {}): Record<string, unknown> {
  const context: Record<string, unknown> = { userId: 'Practitioner/dr-1', patientId: PATIENT_ID };
  if (hook !== 'patient-view') context.draftOrders = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: azathioprineOrder }] };
  if (hook === 'order-select') context.selections = ['MedicationRequest/draft-aza'];
  return { hook, hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea', context, ...(prefetch ? { prefetch } : {}), ...more };
}

export interface Stub {
  readonly url: string;
  readonly requests: { url: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

/** A FHIR server on loopback answering the prefetch queries from `data` (by resource type). */
export async function fhirStub(data: Record<string, object>, options: { status?: number; delayMs?: number } = {}): Promise<Stub> {
  const requests: Stub['requests'] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    const path = (req.url ?? '').replace(/^\/fhir\//, '');
    const key = path.startsWith('Patient/') ? 'patient' : path.startsWith('Observation?') ? 'observations' : path.startsWith('MedicationRequest?') ? 'medicationRequests' : path.startsWith('MedicationStatement?') ? 'medicationStatements' : path.startsWith('Condition?') ? 'conditions' : '';
    const body = data[key];
    if (options.status !== undefined || !body) {
      res.writeHead(options.status ?? 404, { 'content-type': 'application/fhir+json' });
      res.end(JSON.stringify({ resourceType: 'OperationOutcome' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/fhir+json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/fhir`,
    requests,
    close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())),
  };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
}
