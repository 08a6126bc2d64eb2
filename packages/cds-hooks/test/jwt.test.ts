// JWT security. Tokens are signed with jose, an independent JOSE library; the service
// verifies with node:crypto. The clock is fixed. The specification's own ES384 example
// token and key are verified in spec-example.test.ts.
import { createPrivateKey, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCdsService, JwtVerifier } from '../src/index.js';
import { azathioprine, hookRequest, NOW, post, record } from './support.js';

const ISS = 'https://ehr.example.org';
const SERVICE_PATH = '/cds-services/azathioprine-order-select';
const nowS = Math.floor(NOW / 1000);

type Key = Awaited<ReturnType<typeof generateKeyPair>>;
let es: Key, rs: Key, other: Key;
// jose will not sign with an RSA key under 2048 bits, so this one is used with node:crypto directly.
const rsSmall = generateKeyPairSync('rsa', { modulusLength: 1024 });
let jwks: { keys: JWK[] };

beforeAll(async () => {
  es = await generateKeyPair('ES384', { extractable: true });
  rs = await generateKeyPair('RS384', { extractable: true, modulusLength: 2048 });
  other = await generateKeyPair('ES384', { extractable: true });
  jwks = { keys: [{ ...(await exportJWK(es.publicKey)), kid: 'es-1', alg: 'ES384', use: 'sig' }, { ...(await exportJWK(rs.publicKey)), kid: 'rs-1' }, { ...(rsSmall.publicKey.export({ format: 'jwk' }) as JWK), kid: 'rs-small' }] };
});

interface TokenOptions {
  alg?: string;
  kid?: string;
  key?: Parameters<SignJWT['sign']>[0];
  aud?: string;
  iss?: string;
  iat?: number;
  exp?: number;
  jti?: string | null;
  header?: Record<string, unknown>;
}

let counter = 0;
async function token(audience: string, o: TokenOptions = {}): Promise<string> {
  const alg = o.alg ?? 'ES384';
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg, kid: o.kid ?? 'es-1', typ: 'JWT', ...o.header })
    .setIssuer(o.iss ?? ISS)
    .setAudience(o.aud ?? audience)
    .setIssuedAt(o.iat ?? nowS)
    .setExpirationTime(o.exp ?? nowS + 300);
  if (o.jti !== null) jwt.setJti(o.jti ?? `jti-${++counter}`);
  return jwt.sign(o.key ?? (alg === 'RS384' ? rs.privateKey : es.privateKey));
}

function signedWithSmallRsa(audience: string): string {
  const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc({ alg: 'RS384', typ: 'JWT', kid: 'rs-small' })}.${enc({ iss: ISS, aud: audience, iat: nowS, exp: nowS + 300, jti: 'small-1' })}`;
  return `${input}.${cryptoSign('sha384', Buffer.from(input), createPrivateKey(rsSmall.privateKey.export({ format: 'pem', type: 'pkcs8' }))).toString('base64url')}`;
}

function unsigned(audience: string): string {
  const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT', kid: 'es-1' })}.${enc({ iss: ISS, aud: audience, iat: nowS, exp: nowS + 300, jti: 'none-1' })}.`;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function secured(issuer: object = { iss: ISS, jwks }) {
  const { engine, bindings } = azathioprine();
  const refusals: string[] = [];
  const service = createCdsService({ engine, bindings, now: () => NOW, security: { issuers: [issuer as never] }, log: (l) => refusals.push(l) });
  const running = await service.listen();
  closers.push(running.close);
  return { url: running.url, refusals };
}

describe('JWT over HTTP', () => {
  it('accepts ES384 and RS384 tokens for the exact service URL, on discovery and calls', async () => {
    const { url } = await secured();
    const discovery = await fetch(`${url}/cds-services`, { headers: { authorization: `Bearer ${await token(`${url}/cds-services`)}` } });
    expect(discovery.status).toBe(200);
    const es384 = await post(`${url}${SERVICE_PATH}`, hookRequest('order-select', record()), { authorization: `Bearer ${await token(`${url}${SERVICE_PATH}`)}` });
    expect(es384.status).toBe(200);
    const rs384 = await post(`${url}${SERVICE_PATH}`, hookRequest('order-select', record()), { authorization: `Bearer ${await token(`${url}${SERVICE_PATH}`, { alg: 'RS384', kid: 'rs-1' })}` });
    expect(rs384.status).toBe(200);
  });

  it('refuses every bad token with a bare 401', async () => {
    const { url, refusals } = await secured();
    const aud = `${url}${SERVICE_PATH}`;
    const cases: [string, string | undefined][] = [
      ['no token', undefined],
      ['alg none', unsigned(aud)],
      ['HS256', await token(aud, { alg: 'HS256', key: new TextEncoder().encode('a shared secret of thirty-two bytes!') })],
      ['wrong aud', await token(aud, { aud: `${url}/cds-services/azathioprine-order-sign` })],
      ['aud prefix', await token(aud, { aud: url })],
      ['expired', await token(aud, { iat: nowS - 600, exp: nowS - 120 })],
      ['future iat', await token(aud, { iat: nowS + 600, exp: nowS + 700 })],
      ['lifetime too long', await token(aud, { exp: nowS + 3600 })],
      ['unknown kid', await token(aud, { kid: 'es-2' })],
      ['wrong key', await token(aud, { key: other.privateKey })],
      ['unknown issuer', await token(aud, { iss: 'https://evil.example.com' })],
      ['no jti', await token(aud, { jti: null })],
      ['short RSA key', signedWithSmallRsa(aud)],
      ['jku not allowed', await token(aud, { header: { jku: 'https://evil.example.com/jwks' } })],
    ];
    for (const [name, jwt] of cases) {
      const res = await post(`${url}${SERVICE_PATH}`, hookRequest('order-select', record()), jwt !== undefined ? { authorization: `Bearer ${jwt}` } : {});
      expect(res.status, name).toBe(401);
      expect(res.json, name).toEqual({ error: 'unauthorized' });
      expect(res.headers.get('www-authenticate'), name).toBe('Bearer');
    }
    expect(refusals).toHaveLength(cases.length);
    expect(refusals.join('\n')).toMatch(/algorithm "none" not accepted[\s\S]*algorithm "HS256" not accepted[\s\S]*wrong aud[\s\S]*expired[\s\S]*issued in the future/);
  });

  it('refuses a replayed jti', async () => {
    const { url } = await secured();
    const jwt = await token(`${url}${SERVICE_PATH}`, { jti: 'once' });
    expect((await post(`${url}${SERVICE_PATH}`, hookRequest('order-select', record()), { authorization: `Bearer ${jwt}` })).status).toBe(200);
    expect((await post(`${url}${SERVICE_PATH}`, hookRequest('order-select', record()), { authorization: `Bearer ${jwt}` })).status).toBe(401);
  });
});

describe('JWKS from a URL', () => {
  async function jwksServer() {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(jwks));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    closers.push(() => new Promise<void>((r) => server.close(() => r())));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, hits: () => hits };
  }

  it('fetches keys from an allow-listed jku, or from the configured jwksUrl, and caches them', async () => {
    const keys = await jwksServer();
    const aud = 'https://cds.example.org/cds-services/x';
    const verifier = new JwtVerifier({ issuers: [{ iss: ISS, jku: [keys.url] }], now: () => NOW });
    expect(await verifier.verify(`Bearer ${await token(aud, { header: { jku: keys.url } })}`, aud)).toMatchObject({ ok: true });
    expect(await verifier.verify(`Bearer ${await token(aud, { header: { jku: keys.url }, kid: 'rs-1', alg: 'RS384' })}`, aud)).toMatchObject({ ok: true });
    expect(keys.hits()).toBe(1);
    expect(await verifier.verify(`Bearer ${await token(aud)}`, aud), 'no jku and no configured keys').toMatchObject({ ok: false });
    const byUrl = new JwtVerifier({ issuers: [{ iss: ISS, jwksUrl: keys.url }], now: () => NOW });
    expect(await byUrl.verify(`Bearer ${await token(aud)}`, aud)).toMatchObject({ ok: true });
  });
});
