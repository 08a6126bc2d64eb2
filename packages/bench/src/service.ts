// (d) The CDS Hooks service under load on loopback: a bounded number of order-select
// calls at a fixed concurrency, against a bare node:http server answering `{"cards":[]}`
// measured in the same run (the cost of HTTP and JSON alone). Prints p50/p99 latency,
// throughput, errors, lost requests and resident memory before and after.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { checkFiles, collectRuleFiles } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import { createCdsService, type EngineLike } from '@vigil/cds-hooks';
import { loadBindings } from '@vigil/cli';

export interface LoadFigures {
  readonly name: string;
  readonly requests: number;
  readonly ok: number;
  readonly errors: number;
  readonly lost: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly perSecond: number;
  readonly rssBefore: number;
  readonly rssAfter: number;
}

/** A hook request for a patient with absent TPMT and a new azathioprine order, prefetch complete. */
export function orderSelectRequest(root: string): string {
  const bundle = JSON.parse(readFileSync(join(root, 'rules/azathioprine/fhir/tpmt-absent.json'), 'utf8')) as { entry: { resource: { resourceType: string } }[] };
  const of = (type: string) => bundle.entry.filter((e) => e.resource.resourceType === type);
  const searchset = (entries: unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: entries });
  return JSON.stringify({
    hook: 'order-select',
    hookInstance: 'b9d6b2c4-5b4f-4f38-9d0e-6c2f7e0f2a11',
    context: { userId: 'Practitioner/1', patientId: 'pat-tpmt-absent', selections: ['MedicationRequest/aza-order'], draftOrders: { resourceType: 'Bundle', entry: of('MedicationRequest') } },
    prefetch: {
      patient: of('Patient')[0]!.resource,
      observations: searchset(of('Observation')),
      medicationRequests: searchset([]),
      medicationStatements: searchset([]),
      conditions: searchset(of('Condition')),
    },
  });
}

async function load(name: string, url: string, body: string, total: number, concurrency: number): Promise<LoadFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const latencies = new Float64Array(total);
  let sent = 0;
  let ok = 0;
  let errors = 0;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const i = sent++;
      const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let size = 0;
        res.on('data', (c: Buffer) => (size += c.length));
        res.on('end', () => {
          latencies[i] = performance.now() - t0;
          if (res.statusCode === 200 && size > 0) ok++;
          else errors++;
          resolve();
        });
      });
      req.on('error', () => {
        latencies[i] = performance.now() - t0;
        errors++;
        resolve();
      });
      req.end(body);
    });
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  const start = performance.now();
  const workers = Array.from({ length: concurrency }, async () => {
    while (sent < total) await one();
  });
  await Promise.all(workers);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  gc?.();
  const rssAfter = process.memoryUsage().rss;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { name, requests: total, ok, errors, lost: total - ok - errors, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]!, perSecond: total / seconds, rssBefore, rssAfter };
}

export async function serviceLoad(root: string, total: number, concurrency: number): Promise<LoadFigures[]> {
  const { files } = collectRuleFiles([join(root, 'rules/azathioprine')], root);
  const check = checkFiles(files);
  if (!check.ir) throw new Error('the azathioprine rules do not compile');
  const engine = instantiateEngine(check.ir) as unknown as EngineLike;
  const bindings = loadBindings(join(root, 'rules/azathioprine/fhir-bindings.yaml'), root, engine.facts);
  if (!bindings.ok) throw new Error('the azathioprine FHIR bindings have errors');
  const body = orderSelectRequest(root);

  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"cards":[]}');
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  const service = createCdsService({ engine, bindings: bindings.value, now: () => Date.parse('2026-12-01T09:00:00Z') });
  const running = await service.listen();
  try {
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/cds-services/x`;
    const vigilUrl = `${running.url}/cds-services/azathioprine-order-select`;
    // Warm up both (JIT, sockets), then measure.
    await load('warm-up', bareUrl, body, Math.min(2000, total), concurrency);
    await load('warm-up', vigilUrl, body, Math.min(2000, total), concurrency);
    const baseline = await load('bare node:http, {"cards":[]}', bareUrl, body, total, concurrency);
    const vigil = await load('vigil serve, order-select', vigilUrl, body, total, concurrency);
    return [baseline, vigil];
  } finally {
    await running.close();
    await new Promise<void>((r) => (bare.close(() => r()), bare.closeAllConnections()));
  }
}
