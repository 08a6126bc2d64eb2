// JWT verification for CDS Hooks 2.0 calls, with node:crypto only (the engine package
// that embeds this stays dependency-free). What the spec asks and nothing looser:
// ES384 or RS384 (never `none`, never HMAC), an allow-listed `iss` whose keys come from a
// configured JWKS or an allow-listed `jku`, a `kid` that names one of them, `aud` equal to
// the service URL, `exp` and `iat` within a bounded clock skew, and each `jti` used once.
import { createPublicKey, verify as cryptoVerify, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface IssuerConfig {
  readonly iss: string;
  /** Inline JWKS: `{ keys: [...] }`. */
  readonly jwks?: { readonly keys: readonly JsonWebKey[] };
  /** Where to fetch the issuer's JWKS when the token has no `jku`. */
  readonly jwksUrl?: string;
  /** The `jku` URLs this issuer may name in a token header (exact match). */
  readonly jku?: readonly string[];
}

export interface JwtOptions {
  readonly issuers: readonly IssuerConfig[];
  /** Allowed clock difference, seconds (default 60). */
  readonly skewSeconds?: number;
  /** Longest accepted token life from now, seconds (the spec: 5 minutes; default 300). */
  readonly maxLifetimeSeconds?: number;
  /** Clock, epoch milliseconds (tests fix it). */
  readonly now?: () => number;
  /** Fetches a JWKS document (default: `fetch` with a 5 s timeout and a 256 kB limit). */
  readonly fetchJwks?: (url: string) => Promise<unknown>;
}

export type JwtResult = { readonly ok: true; readonly claims: Record<string, unknown> } | { readonly ok: false; readonly reason: string };

const ALGS: Readonly<Record<string, { kty: string; crv?: string; dsaEncoding?: 'ieee-p1363' }>> = {
  ES384: { kty: 'EC', crv: 'P-384', dsaEncoding: 'ieee-p1363' },
  RS384: { kty: 'RSA' },
};
const JWKS_TTL_MS = 300_000;
const REFETCH_MS = 60_000;
const MAX_REPLAY_ENTRIES = 1_000_000;

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function defaultFetchJwks(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { accept: 'application/json' }, redirect: 'error' });
  if (!response.ok) throw new Error(`JWKS ${url}: HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > 256_000) throw new Error(`JWKS ${url}: too large`);
  return JSON.parse(text);
}

export class JwtVerifier {
  private readonly issuers: Map<string, IssuerConfig>;
  private readonly skewMs: number;
  private readonly maxLifetimeMs: number;
  private readonly now: () => number;
  private readonly fetchJwks: (url: string) => Promise<unknown>;
  private readonly jwksCache = new Map<string, { keys: JsonWebKey[]; fetchedAt: number }>();
  private readonly seen = new Map<string, number>();

  constructor(options: JwtOptions) {
    this.issuers = new Map(options.issuers.map((i) => [i.iss, i]));
    this.skewMs = (options.skewSeconds ?? 60) * 1000;
    this.maxLifetimeMs = (options.maxLifetimeSeconds ?? 300) * 1000;
    this.now = options.now ?? Date.now;
    this.fetchJwks = options.fetchJwks ?? defaultFetchJwks;
  }

  /** Verifies `Authorization: Bearer <jwt>` for a call to `audience` (the service URL). */
  async verify(authorization: string | undefined, audience: string): Promise<JwtResult> {
    const fail = (reason: string): JwtResult => ({ ok: false, reason });
    const m = authorization !== undefined ? /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/.exec(authorization) : null;
    if (!m) return fail('no bearer JWT');
    const [, h, p, s] = m as unknown as [string, string, string, string];
    const header = decodeSegment(h);
    const claims = decodeSegment(p);
    if (!header || !claims) return fail('malformed JWT');
    const alg = typeof header.alg === 'string' ? header.alg : '';
    const spec = Object.hasOwn(ALGS, alg) ? ALGS[alg]! : undefined;
    if (!spec) return fail(`algorithm ${JSON.stringify(header.alg)} not accepted`);
    if (header.typ !== undefined && header.typ !== 'JWT') return fail('typ is not JWT');
    if (Array.isArray(header.crit)) return fail('critical header parameters not supported');
    if (typeof header.kid !== 'string' || header.kid === '') return fail('no kid');
    const iss = typeof claims.iss === 'string' ? claims.iss : undefined;
    const issuer = iss !== undefined ? this.issuers.get(iss) : undefined;
    if (!issuer) return fail('issuer not allowed');

    let keys: JsonWebKey[];
    try {
      keys = await this.keysFor(issuer, header.jku, header.kid);
    } catch (error) {
      return fail(`JWKS unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const jwk = keys.find((k) => k.kid === header.kid);
    if (!jwk) return fail('unknown kid');
    if (jwk.kty !== spec.kty || (spec.crv !== undefined && jwk.crv !== spec.crv)) return fail('key type does not match alg');
    if (jwk.alg !== undefined && jwk.alg !== alg) return fail('key is for another alg');
    if (jwk.use !== undefined && jwk.use !== 'sig') return fail('key is not a signing key');
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk, format: 'jwk' });
    } catch {
      return fail('unusable key');
    }
    if (spec.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return fail('RSA key shorter than 2048 bits');
    const signature = Buffer.from(s, 'base64url');
    const valid = cryptoVerify('sha384', Buffer.from(`${h}.${p}`), spec.dsaEncoding ? { key, dsaEncoding: spec.dsaEncoding } : key, signature);
    if (!valid) return fail('bad signature');

    const now = this.now();
    const aud = claims.aud;
    if (!(aud === audience || (Array.isArray(aud) && aud.includes(audience)))) return fail('wrong aud');
    if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return fail('no exp');
    if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) return fail('no iat');
    if (claims.exp * 1000 + this.skewMs <= now) return fail('expired');
    if (claims.iat * 1000 - this.skewMs > now) return fail('issued in the future');
    if (claims.exp * 1000 - now > this.maxLifetimeMs + this.skewMs) return fail('lifetime too long');
    if (typeof claims.jti !== 'string' || claims.jti === '') return fail('no jti');
    this.prune(now);
    const replayKey = `${iss}\u0000${claims.jti}`;
    if (this.seen.has(replayKey)) return fail('jti replayed');
    // Fail closed rather than forget a jti that could still be replayed.
    if (this.seen.size >= MAX_REPLAY_ENTRIES) return fail('replay cache full');
    this.seen.set(replayKey, claims.exp * 1000 + this.skewMs);
    return { ok: true, claims };
  }

  private prune(now: number): void {
    if (this.seen.size < 1024) return;
    for (const [k, until] of this.seen) if (until <= now) this.seen.delete(k);
  }

  private async keysFor(issuer: IssuerConfig, jku: unknown, kid: string): Promise<JsonWebKey[]> {
    if (jku !== undefined) {
      if (typeof jku !== 'string' || !(issuer.jku ?? []).includes(jku)) throw new Error('jku not allowed for this issuer');
      return this.fetched(jku, kid);
    }
    if (issuer.jwks) return [...issuer.jwks.keys];
    if (issuer.jwksUrl) return this.fetched(issuer.jwksUrl, kid);
    throw new Error('no keys configured for this issuer');
  }

  private async fetched(url: string, kid: string): Promise<JsonWebKey[]> {
    const now = this.now();
    const cached = this.jwksCache.get(url);
    if (cached) {
      const age = now - cached.fetchedAt;
      // Fetched within the minute: never hammer the issuer. Within the TTL: fetch again only
      // for a kid the cache does not hold (a rotated key).
      if (age < REFETCH_MS) return cached.keys;
      if (age < JWKS_TTL_MS && cached.keys.some((k) => k.kid === kid)) return cached.keys;
    }
    const doc = await this.fetchJwks(url);
    const keys = typeof doc === 'object' && doc !== null && Array.isArray((doc as { keys?: unknown }).keys) ? ((doc as { keys: unknown[] }).keys.filter((k) => typeof k === 'object' && k !== null) as JsonWebKey[]) : undefined;
    if (!keys) throw new Error(`${url} is not a JWKS`);
    this.jwksCache.set(url, { keys, fetchedAt: now });
    return keys;
  }
}
