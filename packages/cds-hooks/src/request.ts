// The body of a CDS Hooks 2.0 call, checked before anything is read from it. A problem is
// a 400 with the field named: the caller is a system whose developers need the detail.
import type { Hook } from '@vigil/fhir';
import { isObject } from './json.js';

export interface HookRequest {
  readonly hook: Hook;
  readonly hookInstance: string;
  readonly context: { readonly patientId: string; readonly userId?: string; readonly draftOrders?: unknown; readonly selections?: readonly string[] } & Record<string, unknown>;
  readonly prefetch: Readonly<Record<string, unknown>>;
  readonly fhirServer?: string;
  readonly fhirAuthorization?: { readonly access_token: string; readonly token_type: 'Bearer'; readonly expires_in: number; readonly scope: string; readonly subject: string };
}

export type Checked<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function checkHookRequest(body: unknown, hook: Hook): Checked<HookRequest> {
  const bad = (field: string, message: string): Checked<HookRequest> => ({ ok: false, field, message });
  if (!isObject(body)) return bad('', 'the request body must be a JSON object');
  if (body.hook !== hook) return bad('hook', `this service answers ${JSON.stringify(hook)}, not ${JSON.stringify(body.hook ?? null)}`);
  if (typeof body.hookInstance !== 'string' || body.hookInstance.trim() === '' || body.hookInstance.length > 200) return bad('hookInstance', 'hookInstance must be a non-empty string (a UUID)');
  const context = body.context;
  if (!isObject(context)) return bad('context', 'context must be an object');
  if (typeof context.patientId !== 'string' || !ID.test(context.patientId)) return bad('context.patientId', 'context.patientId must be a FHIR id');
  if (context.userId !== undefined && typeof context.userId !== 'string') return bad('context.userId', 'context.userId must be a string');
  if (hook === 'order-select' || hook === 'order-sign') {
    const drafts = context.draftOrders;
    if (!isObject(drafts) || drafts.resourceType !== 'Bundle' || (drafts.entry !== undefined && !Array.isArray(drafts.entry))) return bad('context.draftOrders', `${hook} needs context.draftOrders, a FHIR Bundle`);
  }
  if (hook === 'order-select' && (!Array.isArray(context.selections) || !context.selections.every((s) => typeof s === 'string'))) {
    return bad('context.selections', 'order-select needs context.selections, a list of references to the selected draft orders');
  }
  if (body.prefetch !== undefined && body.prefetch !== null && !isObject(body.prefetch)) return bad('prefetch', 'prefetch must be an object of prefetch keys');
  let fhirServer: string | undefined;
  if (body.fhirServer !== undefined) {
    if (typeof body.fhirServer !== 'string' || !/^https?:\/\/[^\s]+$/.test(body.fhirServer)) return bad('fhirServer', 'fhirServer must be an http(s) URL');
    fhirServer = body.fhirServer.replace(/\/+$/, '');
  }
  let fhirAuthorization: HookRequest['fhirAuthorization'];
  if (body.fhirAuthorization !== undefined && body.fhirAuthorization !== null) {
    const a = body.fhirAuthorization;
    if (!isObject(a)) return bad('fhirAuthorization', 'fhirAuthorization must be an object');
    if (fhirServer === undefined) return bad('fhirAuthorization', 'fhirAuthorization comes with fhirServer');
    if (typeof a.access_token !== 'string' || a.access_token === '') return bad('fhirAuthorization.access_token', 'access_token must be a non-empty string');
    if (a.token_type !== 'Bearer') return bad('fhirAuthorization.token_type', 'token_type must be "Bearer"');
    if (typeof a.expires_in !== 'number' || !(a.expires_in > 0)) return bad('fhirAuthorization.expires_in', 'expires_in must be a positive number of seconds');
    if (typeof a.scope !== 'string') return bad('fhirAuthorization.scope', 'scope must be a string');
    if (typeof a.subject !== 'string') return bad('fhirAuthorization.subject', 'subject must be a string');
    fhirAuthorization = { access_token: a.access_token, token_type: 'Bearer', expires_in: a.expires_in, scope: a.scope, subject: a.subject };
  }
  return {
    ok: true,
    value: {
      hook,
      hookInstance: body.hookInstance,
      context: context as HookRequest['context'],
      prefetch: isObject(body.prefetch) ? body.prefetch : {},
      ...(fhirServer !== undefined ? { fhirServer } : {}),
      ...(fhirAuthorization ? { fhirAuthorization } : {}),
    },
  };
}
