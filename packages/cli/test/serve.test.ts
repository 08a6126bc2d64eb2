// `vigil serve`: the bundled CLI as a process, answering on loopback; configuration errors.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const ROOT = resolve(__dirname, '../../..');
const BUNDLE = join(ROOT, 'packages/cli/dist/vigil.mjs');

/** The service's base URL, once the server prints it; rejects if it exits or stays silent for 20 s. */
function serviceUrl(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\/cds-services\n/.exec(out);
      if (m) resolveUrl(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`no URL in: ${out}`)), 20_000);
  });
}

describe('vigil serve', () => {
  it.skipIf(!existsSync(BUNDLE))('serves discovery and order-select until SIGTERM, then exits 0', async () => {
    const child = spawn(process.execPath, [BUNDLE, 'serve', 'rules/azathioprine', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await serviceUrl(child);
      const discovery = (await (await fetch(`${url}/cds-services`)).json()) as { services: { id: string }[] };
      expect(discovery.services.map((s) => s.id)).toContain('azathioprine-order-select');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(0);
  });

  it.skipIf(!existsSync(BUNDLE))('applies the configuration: JWT issuers with a jwksFile, publicUrl as the audience, the feedback log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-'));
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1' }] }));
    writeFileSync(join(dir, 'cds.yaml'), 'publicUrl: https://cds.example.org\nfeedbackLog: ./feedback.ndjson\nsecurity:\n  issuers:\n    - iss: https://ehr.example.org\n      jwksFile: ./jwks.json\n');
    const child = spawn(process.execPath, [BUNDLE, 'serve', join(ROOT, 'rules/azathioprine'), '--port', '0', '--config', join(dir, 'cds.yaml')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await serviceUrl(child);
      const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const token = (aud: string) => {
        const input = `${enc({ alg: 'ES384', typ: 'JWT', kid: 'k1' })}.${enc({ iss: 'https://ehr.example.org', aud, iat: now, exp: now + 120, jti: `j-${Math.random()}` })}`;
        return `${input}.${sign('sha384', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
      };
      expect((await fetch(`${url}/cds-services`)).status).toBe(401);
      expect((await fetch(`${url}/cds-services`, { headers: { authorization: `Bearer ${token(`${url}/cds-services`)}` } })).status, 'aud is the public URL').toBe(401);
      expect((await fetch(`${url}/cds-services`, { headers: { authorization: `Bearer ${token('https://cds.example.org/cds-services')}` } })).status).toBe(200);
      const feedback = await fetch(`${url}/cds-services/azathioprine-order-select/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token('https://cds.example.org/cds-services/azathioprine-order-select')}` },
        body: JSON.stringify({ feedback: [{ card: '62813863-4a05-8cec-ad7d-c57aea3e724c', outcome: 'accepted', outcomeTimestamp: '2026-12-01T09:00:00Z' }] }),
      });
      expect(feedback.status).toBe(200);
      expect(existsSync(join(dir, 'feedback.ndjson'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('reports configuration errors with file, line and field, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-'));
    writeFileSync(join(dir, 'cds.yaml'), 'port: 3000\nsecurity:\n  issuers:\n    - iss: https://ehr.example.org\n      jwksUrl: not-a-url\n');
    const r = await runCli(['serve', join(ROOT, 'rules/azathioprine'), '--config', 'cds.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cds\.yaml:5:7 - error VGL8003: security\.issuers\[0\]\.jwksUrl: jwksUrl is an http\(s\) URL/);
  });

  it('refuses a bad port as a usage error', async () => {
    const r = await runCli(['serve', join(ROOT, 'rules/azathioprine'), '--port', 'http'], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--port 'http' is not a port number");
  });
});
