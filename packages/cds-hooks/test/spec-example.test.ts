// The CDS Hooks specification's own example: its ES384 JWT, signed with the example key
// pair the specification publishes ("Trusting CDS Clients"), verified with a fixed clock
// inside the token's life and its JWK Set served for the `jku` the token names.
import { describe, expect, it } from 'vitest';
import { JwtVerifier } from '../src/index.js';

const SPEC_TOKEN =
  'eyJhbGciOiJFUzM4NCIsInR5cCI6IkpXVCIsImtpZCI6ImV4YW1wbGUta2lkIiwiamt1IjoiaHR0cHM6Ly9maGlyLWVoci5leGFtcGxlLmNvbS9qd2tfdXJpIn0' +
  '.eyJpc3MiOiJodHRwczovL2ZoaXItZWhyLmV4YW1wbGUuY29tLyIsInN1YiI6ImNsaWVudF9pZCIsImF1ZCI6Imh0dHBzOi8vY2RzLmV4YW1wbGUub3JnL2Nkcy1zZXJ2aWNlcy9zb21lLXNlcnZpY2UiLCJleHAiOjE0MjI1Njg4NjAsImlhdCI6MTMxMTI4MDk3MCwianRpIjoiZWUyMmIwMjEtZTFiNy00NjExLWJhNWItOGVlYzZhMzNhYzFlIiwidGVuYW50IjoiMmRkZDZjM2EtOGU5YS00NGM2LWEzMDUtNTIxMTFhZDMwMmEyIn0' +
  '.CUFPkplnWd6YGIvzoHolWCQBDsCL8QtTWKGg_QFpS169WrqDGzktRi-_we6-6rVzbjerU27ZKww_SW0-b9RTz-dPJNcqsueMio8r6EqXUXhbLm_ch3XFSbDlGHDl_tqo';
const SPEC_JWKS = {
  keys: [
    {
      kty: 'EC',
      use: 'sig',
      crv: 'P-384',
      kid: 'example-kid',
      x: '46SDH7Znh821wblCBglA61sNE9ZrHYKKt3qRtRTmSXyOI_FIGBLWrWa0GPUkDCEk',
      y: 'XMcRuuoGW7CXjQdy-F5i3FeBE0x9hPLdeFdSoDd3ELmx404tLX0VRRcqzAsPhXcI',
      alg: 'ES384',
    },
  ],
};
const ISS = 'https://fhir-ehr.example.com/';
const JKU = 'https://fhir-ehr.example.com/jwk_uri';
const AUD = 'https://cds.example.org/cds-services/some-service';
const EXP_MS = 1422568860 * 1000;

function verifier(nowMs: number): { v: JwtVerifier; fetched: string[] } {
  const fetched: string[] = [];
  const v = new JwtVerifier({
    issuers: [{ iss: ISS, jku: [JKU] }],
    now: () => nowMs,
    fetchJwks: async (url) => {
      fetched.push(url);
      return SPEC_JWKS;
    },
  });
  return { v, fetched };
}

describe("the specification's example JWT", () => {
  it('is accepted with the clock inside its life, keys taken from its jku', async () => {
    const { v, fetched } = verifier(EXP_MS - 100_000);
    const r = await v.verify(`Bearer ${SPEC_TOKEN}`, AUD);
    expect(r).toMatchObject({ ok: true, claims: { iss: ISS, sub: 'client_id', jti: 'ee22b021-e1b7-4611-ba5b-8eec6a33ac1e' } });
    expect(fetched).toEqual([JKU]);
  });

  it('is refused once replayed, once expired, for another audience, or with one signature byte changed', async () => {
    const { v } = verifier(EXP_MS - 100_000);
    expect(await v.verify(`Bearer ${SPEC_TOKEN}`, AUD)).toMatchObject({ ok: true });
    expect(await v.verify(`Bearer ${SPEC_TOKEN}`, AUD)).toEqual({ ok: false, reason: 'jti replayed' });
    expect(await verifier(EXP_MS + 120_000).v.verify(`Bearer ${SPEC_TOKEN}`, AUD)).toEqual({ ok: false, reason: 'expired' });
    expect(await verifier(EXP_MS - 100_000).v.verify(`Bearer ${SPEC_TOKEN}`, 'https://cds.example.org/cds-services/other')).toEqual({ ok: false, reason: 'wrong aud' });
    const last = SPEC_TOKEN.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${SPEC_TOKEN.slice(0, -2)}${last}${SPEC_TOKEN.slice(-1)}`;
    expect(await verifier(EXP_MS - 100_000).v.verify(`Bearer ${tampered}`, AUD)).toEqual({ ok: false, reason: 'bad signature' });
  });
});
