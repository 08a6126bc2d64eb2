// createCdsService: a CDS Hooks 2.0 service for one rule set — discovery, one endpoint per
// hook the bindings list, and feedback — as a plain node:http handler that a team can
// mount in its own server, or run with `listen` (what `vigil serve` does).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { factsFromFhir, prefetchTemplates, type Bindings, type FactInfo, type Hook, type PrefetchTemplate } from '@vigil/fhir';
import { cardsFor, DEFAULT_OVERRIDE_REASONS, type Card, type Coding, type ResultLike } from './cards.js';
import { BadPrefetch, gatherData, PreconditionFailed } from './data.js';
import { checkFeedback, FeedbackLog } from './feedback.js';
import { isObject } from './json.js';
import { JwtVerifier, type IssuerConfig } from './jwt.js';
import { checkHookRequest } from './request.js';

/** What the service needs of a generated engine (its exports fit). */
export interface EngineLike {
  readonly ruleset: { readonly name: string; readonly version?: string };
  readonly rules: readonly { readonly id: string; readonly sources: readonly string[] }[];
  readonly facts: readonly FactInfo[];
  validateFacts(input: unknown): { readonly ok: true; readonly facts: unknown } | { readonly ok: false; readonly issues: readonly { readonly path: string; readonly message: string }[] };
  evaluateValidated(facts: never, options?: { readonly now?: Date | string | number }): ResultLike;
}

export interface CdsServiceOptions {
  readonly engine: EngineLike;
  readonly bindings: Bindings;
  /** The URL clients call, without `/cds-services` (e.g. `https://cds.example.org`): JWT `aud` is checked against it. Default: from the Host header. */
  readonly publicUrl?: string;
  /** JWT security; when set, every call (discovery included) must carry a valid token. */
  readonly security?: { readonly issuers: readonly IssuerConfig[]; readonly skewSeconds?: number; readonly maxLifetimeSeconds?: number; readonly fetchJwks?: (url: string) => Promise<unknown> };
  /** File that feedback is appended to (JSON lines). Without it, feedback is refused with 404. */
  readonly feedbackLog?: string;
  /**
   * FHIR servers the service may fetch from (URL prefixes). Default: any, since only
   * trusted clients call when JWT security is on; set it so that a client cannot make the
   * service send requests elsewhere.
   */
  readonly fhirServers?: readonly string[];
  /** Origins allowed to call from a browser; `*` for any. Default: no CORS headers. */
  readonly cors?: { readonly origins: readonly string[] };
  readonly limits?: { readonly bodyBytes?: number; readonly requestMs?: number; readonly fhirTimeoutMs?: number; readonly maxPages?: number };
  readonly overrideReasons?: readonly Coding[];
  /** Clock (epoch ms): evaluation time and token times. */
  readonly now?: () => number;
  /** For fhirServer requests (default: global fetch). */
  readonly fetch?: typeof fetch;
  /** Receives one line per refused or failed call, with the reason the caller is not told. */
  readonly log?: (line: string) => void;
}

export interface CdsService {
  readonly discovery: { readonly services: readonly ServiceDescription[] };
  /** The request handler: `http.createServer(service.handle)` or a route in an existing server. */
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** Starts a server on `host:port` (default 127.0.0.1, port 0: any free one). */
  listen(options?: { port?: number; host?: string }): Promise<{ server: Server; url: string; close(): Promise<void> }>;
}

export interface ServiceDescription {
  readonly hook: Hook;
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly prefetch: Readonly<Record<string, string>>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error));
  }
}

const HOOK_TEXT: Readonly<Record<Hook, string>> = {
  'patient-view': "Reviews the patient's record when the chart is opened.",
  'order-select': 'Checks a medication order as it is selected.',
  'order-sign': 'Checks medication orders before they are signed.',
};

export function createCdsService(options: CdsServiceOptions): CdsService {
  const { engine, bindings } = options;
  const now = options.now ?? Date.now;
  const limits = { bodyBytes: 1_000_000, requestMs: 10_000, fhirTimeoutMs: 5_000, maxPages: 10, ...options.limits };
  const templates: PrefetchTemplate[] = prefetchTemplates(bindings);
  const label = `${engine.ruleset.name}${engine.ruleset.version ? ` ${engine.ruleset.version}` : ''}`;
  const sourceCount = new Set(engine.rules.flatMap((r) => r.sources)).size;
  const services: ServiceDescription[] = bindings.hooks.map((hook) => ({
    hook,
    id: `${engine.ruleset.name}-${hook}`,
    title: `${label}: ${hook}`,
    description: `Vigil rule set ${label}: ${engine.rules.length} rules citing ${sourceCount} sources. ${HOOK_TEXT[hook]}`,
    prefetch: Object.fromEntries(templates.map((t) => [t.key, t.query])),
  }));
  const byId = new Map(services.map((s) => [s.id, s]));
  const verifier = options.security ? new JwtVerifier({ ...options.security, now }) : undefined;
  const feedback = options.feedbackLog !== undefined ? new FeedbackLog(options.feedbackLog) : undefined;
  const log = options.log ?? (() => {});
  const overrideReasons = options.overrideReasons ?? DEFAULT_OVERRIDE_REASONS;

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    const allowed = options.cors?.origins;
    if (!allowed || origin === undefined) return {};
    if (!allowed.includes('*') && !allowed.includes(origin)) return {};
    return {
      'access-control-allow-origin': allowed.includes('*') ? '*' : origin,
      'access-control-allow-headers': 'authorization, content-type',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-max-age': '600',
      vary: 'Origin',
    };
  }

  function send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
    if (res.headersSent) return;
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { ...(text !== '' ? { 'content-type': 'application/json; charset=utf-8' } : {}), 'cache-control': 'no-store', ...corsHeaders(req), ...extra });
    res.end(text);
  }

  function baseUrl(req: IncomingMessage): string {
    return (options.publicUrl ?? `http://${req.headers.host ?? 'localhost'}`).replace(/\/+$/, '');
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/(fhir\+)?json\s*(;|$)/i.test(type)) throw new HttpError(415, { error: 'send application/json' });
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limits.bodyBytes) throw new HttpError(413, { error: `the body is over ${limits.bodyBytes} bytes` });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limits.bodyBytes) throw new HttpError(413, { error: `the body is over ${limits.bodyBytes} bytes` });
      chunks.push(chunk);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new HttpError(400, { error: 'the body is not valid JSON' });
    }
  }

  async function authorize(req: IncomingMessage, audience: string): Promise<void> {
    if (!verifier) return;
    const result = await verifier.verify(req.headers.authorization, audience);
    if (!result.ok) {
      log(`401 ${req.method} ${req.url}: ${result.reason}`);
      // The caller learns nothing of why: that would help a forger.
      throw new HttpError(401, { error: 'unauthorized' });
    }
  }

  async function callService(req: IncomingMessage, service: ServiceDescription): Promise<{ cards: Card[] }> {
    const body = await readJson(req);
    const checked = checkHookRequest(body, service.hook);
    if (!checked.ok) throw new HttpError(400, { error: checked.message, field: checked.field });
    const request = checked.value;
    const allowed = options.fhirServers;
    if (allowed && request.fhirServer !== undefined && !allowed.some((prefix) => `${request.fhirServer}/`.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`))) {
      throw new HttpError(400, { error: 'fhirServer is not one this service may fetch from', field: 'fhirServer' });
    }
    let data: { inputs: unknown[] };
    try {
      data = await gatherData(request, templates, { fetchTimeoutMs: limits.fhirTimeoutMs, maxPages: limits.maxPages, maxBytes: 20_000_000, fetch: options.fetch ?? fetch });
    } catch (error) {
      if (error instanceof BadPrefetch) throw new HttpError(400, { error: error.message, field: `prefetch.${error.key}` });
      if (error instanceof PreconditionFailed) {
        log(`412 ${service.id} ${request.hookInstance}: ${error.message}`);
        throw new HttpError(412, { error: `cannot get the patient's data: ${error.message}` });
      }
      throw error;
    }
    const at = now();
    const fhir = factsFromFhir(data.inputs, { bindings, facts: engine.facts, now: at, patientId: request.context.patientId, ...(request.context.draftOrders !== undefined ? { draftOrders: request.context.draftOrders } : {}) });
    const validated = engine.validateFacts(fhir.facts);
    if (!validated.ok) {
      // The bindings only produce values the engine accepts: this is a bug, never a guess.
      log(`500 ${service.id}: facts from FHIR refused: ${validated.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
      throw new HttpError(500, { error: 'internal error' });
    }
    const result = engine.evaluateValidated(validated.facts as never, { now: at });
    return {
      cards: cardsFor(result, {
        serviceId: service.id,
        rulesetLabel: label,
        patientId: request.context.patientId,
        facts: fhir.facts,
        // A bound that stands for a value says so wherever the value is shown.
        from: { ...fhir.from, ...Object.fromEntries(Object.entries(fhir.bounds).map(([k, note]) => [k, `${fhir.from[k] ?? 'FHIR'}, ${note}`])) },
        missing: fhir.missing,
        draftOrders: request.context.draftOrders,
        overrideReasons,
      }),
    };
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://service');
    const path = url.pathname.replace(/\/+$/, '');
    if (req.method === 'OPTIONS') return send(req, res, 204, undefined);
    if (path === '/cds-services') {
      if (req.method !== 'GET') throw new HttpError(405, { error: 'use GET' });
      await authorize(req, `${baseUrl(req)}/cds-services`);
      return send(req, res, 200, { services });
    }
    const m = /^\/cds-services\/([^/]+)(\/feedback)?$/.exec(path);
    const service = m ? byId.get(decodeURIComponent(m[1]!)) : undefined;
    if (!m || !service) throw new HttpError(404, { error: 'no such service' });
    if (req.method !== 'POST') throw new HttpError(405, { error: 'use POST' });
    await authorize(req, `${baseUrl(req)}/cds-services/${service.id}`);
    if (m[2]) {
      if (!feedback) throw new HttpError(404, { error: 'feedback is not recorded by this service' });
      const checked = checkFeedback(await readJson(req));
      if (!checked.ok) throw new HttpError(400, { error: checked.message, field: checked.field });
      feedback.append(service.id, checked.value, new Date(now()).toISOString());
      return send(req, res, 200, {});
    }
    return send(req, res, 200, await callService(req, service));
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const timer = setTimeout(() => {
      log(`503 ${req.method} ${req.url}: over ${limits.requestMs} ms`);
      send(req, res, 503, { error: 'timed out' });
    }, limits.requestMs);
    route(req, res)
      .catch((error: unknown) => {
        if (error instanceof HttpError) {
          send(req, res, error.status, error.body, error.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
          if (error.status === 413) req.destroy();
          return;
        }
        log(`500 ${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
        send(req, res, 500, { error: 'internal error' });
      })
      .finally(() => clearTimeout(timer));
  };

  return {
    discovery: { services },
    handle,
    async listen({ port = 0, host = '127.0.0.1' } = {}) {
      const server = createServer(handle);
      server.requestTimeout = limits.requestMs + 1000;
      server.headersTimeout = Math.min(limits.requestMs, 60_000);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return {
        server,
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      };
    },
  };
}
