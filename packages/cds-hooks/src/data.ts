// The patient's data for one call: each prefetch template's result from the request when
// the client sent it, else fetched from `fhirServer` with the client's bearer token. When
// some of it can be had neither way the call fails with 412, as the spec says: evaluating
// on part of the record would turn "not fetched" into "not there".
import type { PrefetchTemplate } from '@vigil/fhir';
import { isObject } from './json.js';
import type { HookRequest } from './request.js';

export class PreconditionFailed extends Error {}

export interface DataOptions {
  readonly fetchTimeoutMs: number;
  /** Most pages followed per search (Bundle link `next`). */
  readonly maxPages: number;
  readonly maxBytes: number;
  readonly fetch: typeof fetch;
}

/** The resources for a call: one list of FHIR resources or Bundles, for factsFromFhir. */
export async function gatherData(request: HookRequest, templates: readonly PrefetchTemplate[], options: DataOptions): Promise<{ inputs: unknown[]; fetched: string[] }> {
  const inputs: unknown[] = [];
  const fetched: string[] = [];
  const pending: PrefetchTemplate[] = [];
  for (const t of templates) {
    const given = request.prefetch[t.key];
    if (given === undefined || given === null) {
      pending.push(t);
      continue;
    }
    if (!isObject(given) || typeof given.resourceType !== 'string') throw new BadPrefetch(t.key, 'is not a FHIR resource');
    const expected = t.query.includes('?') ? 'Bundle' : t.resourceType;
    if (given.resourceType !== expected) throw new BadPrefetch(t.key, `is a ${String(given.resourceType)}, expected a ${expected}`);
    inputs.push(given);
  }
  if (pending.length === 0) return { inputs, fetched };
  if (request.fhirServer === undefined) throw new PreconditionFailed(`prefetch ${pending.map((t) => t.key).join(', ')} missing and no fhirServer to fetch it from`);
  const results = await Promise.all(pending.map((t) => fetchQuery(request, t, options)));
  for (const [i, r] of results.entries()) {
    inputs.push(...r);
    fetched.push(pending[i]!.key);
  }
  return { inputs, fetched };
}

export class BadPrefetch extends Error {
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`prefetch.${key} ${problem}`);
  }
}

async function fetchQuery(request: HookRequest, t: PrefetchTemplate, options: DataOptions): Promise<unknown[]> {
  const base = request.fhirServer!;
  let url: string | undefined = `${base}/${t.query.replace(/\{\{context\.patientId\}\}/g, encodeURIComponent(request.context.patientId))}`;
  const out: unknown[] = [];
  for (let page = 0; url !== undefined; page++) {
    if (page >= options.maxPages) throw new PreconditionFailed(`${t.key}: more than ${options.maxPages} pages`);
    const doc = await getJson(url, request, options);
    const expected = t.query.includes('?') ? 'Bundle' : t.resourceType;
    if (!isObject(doc) || doc.resourceType !== expected) throw new PreconditionFailed(`${t.key}: the FHIR server did not return a ${expected}`);
    out.push(doc);
    const next: unknown = Array.isArray(doc.link) ? doc.link.find((l) => isObject(l) && l.relation === 'next') : undefined;
    const nextUrl = isObject(next) && typeof next.url === 'string' ? next.url : undefined;
    // Follow pages only on the same server: the bearer token is never sent elsewhere.
    url = nextUrl !== undefined && nextUrl.startsWith(`${base}/`) ? nextUrl : undefined;
    if (nextUrl !== undefined && url === undefined) throw new PreconditionFailed(`${t.key}: next page outside fhirServer`);
  }
  return out;
}

async function getJson(url: string, request: HookRequest, options: DataOptions): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/fhir+json' };
  if (request.fhirAuthorization) headers.authorization = `Bearer ${request.fhirAuthorization.access_token}`;
  let response: Response;
  try {
    response = await options.fetch(url, { headers, signal: AbortSignal.timeout(options.fetchTimeoutMs), redirect: 'error' });
  } catch (error) {
    throw new PreconditionFailed(`cannot reach the FHIR server: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new PreconditionFailed(`the FHIR server answered HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > options.maxBytes) throw new PreconditionFailed('the FHIR server answer is too large');
  try {
    return JSON.parse(text);
  } catch {
    throw new PreconditionFailed('the FHIR server answer is not JSON');
  }
}
