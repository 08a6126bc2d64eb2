// The service's configuration file (`vigil serve --config FILE`), checked field by field;
// each problem names the field, for the command line to point at its line.
import { isObject } from './json.js';
import type { IssuerConfig } from './jwt.js';

export interface ServiceConfig {
  readonly publicUrl?: string;
  readonly host?: string;
  readonly port?: number;
  readonly feedbackLog?: string;
  readonly cors?: { readonly origins: readonly string[] };
  readonly fhirServers?: readonly string[];
  readonly limits?: { readonly bodyBytes?: number; readonly requestMs?: number; readonly fhirTimeoutMs?: number; readonly maxPages?: number };
  readonly security?: { readonly issuers: readonly (IssuerConfig & { readonly jwksFile?: string })[]; readonly skewSeconds?: number; readonly maxLifetimeSeconds?: number };
}

type Issue = { path: string; message: string };

const URL_RE = /^https?:\/\/[^\s/]+(\/[^\s]*)?$/;

export function checkServiceConfig(data: unknown): { ok: true; config: ServiceConfig } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const issue = (path: string, message: string) => void issues.push({ path, message });
  if (data === null || data === undefined) return { ok: true, config: {} };
  if (!isObject(data)) return { ok: false, issues: [{ path: '', message: 'the configuration is a mapping' }] };
  const known = ['publicUrl', 'host', 'port', 'feedbackLog', 'cors', 'fhirServers', 'limits', 'security'];
  for (const k of Object.keys(data)) if (!known.includes(k)) issue(k, `unknown setting "${k}"; settings: ${known.join(', ')}`);
  if (data.publicUrl !== undefined && (typeof data.publicUrl !== 'string' || !URL_RE.test(data.publicUrl))) issue('publicUrl', 'publicUrl is the http(s) URL clients call, e.g. https://cds.example.org');
  if (data.host !== undefined && typeof data.host !== 'string') issue('host', 'host is an interface address, e.g. 127.0.0.1');
  if (data.port !== undefined && !(Number.isInteger(data.port) && (data.port as number) >= 0 && (data.port as number) < 65536)) issue('port', 'port is a whole number from 0 to 65535');
  if (data.feedbackLog !== undefined && (typeof data.feedbackLog !== 'string' || data.feedbackLog === '')) issue('feedbackLog', 'feedbackLog is a file path');
  if (data.cors !== undefined) {
    const c = data.cors;
    if (!isObject(c) || !Array.isArray(c.origins) || !c.origins.every((o) => typeof o === 'string' && (o === '*' || URL_RE.test(o)))) issue('cors', 'cors is { origins: [ "https://ehr.example.org" ] } (or [ "*" ])');
  }
  if (data.fhirServers !== undefined && (!Array.isArray(data.fhirServers) || !data.fhirServers.every((u) => typeof u === 'string' && URL_RE.test(u)))) {
    issue('fhirServers', 'fhirServers lists the FHIR base URLs the service may fetch from, e.g. [ "https://ehr.example.org/fhir" ]');
  }
  if (data.limits !== undefined) {
    if (!isObject(data.limits)) issue('limits', 'limits is a mapping');
    else
      for (const [k, v] of Object.entries(data.limits)) {
        if (!['bodyBytes', 'requestMs', 'fhirTimeoutMs', 'maxPages'].includes(k)) issue(`limits.${k}`, `unknown limit "${k}"; limits: bodyBytes, requestMs, fhirTimeoutMs, maxPages`);
        else if (!(Number.isInteger(v) && (v as number) > 0)) issue(`limits.${k}`, `${k} is a whole number above 0`);
      }
  }
  if (data.security !== undefined) {
    const s = data.security;
    if (!isObject(s)) issue('security', 'security is { issuers: [...] }');
    else {
      for (const k of Object.keys(s)) if (!['issuers', 'skewSeconds', 'maxLifetimeSeconds'].includes(k)) issue(`security.${k}`, `unknown setting "${k}"`);
      for (const k of ['skewSeconds', 'maxLifetimeSeconds'])
        if (s[k] !== undefined && !(Number.isInteger(s[k]) && (s[k] as number) >= 0 && (s[k] as number) <= 3600)) issue(`security.${k}`, `${k} is a whole number of seconds from 0 to 3600`);
      if (!Array.isArray(s.issuers) || s.issuers.length === 0) issue('security.issuers', 'security.issuers lists the allowed issuers, each with its keys (jwks, jwksFile, jwksUrl or jku)');
      else
        s.issuers.forEach((i, n) => {
          const at = `security.issuers[${n}]`;
          if (!isObject(i)) return issue(at, 'an issuer is { iss, jwks | jwksFile | jwksUrl | jku }');
          for (const k of Object.keys(i)) if (!['iss', 'jwks', 'jwksFile', 'jwksUrl', 'jku'].includes(k)) issue(`${at}.${k}`, `unknown setting "${k}"`);
          if (typeof i.iss !== 'string' || i.iss === '') issue(`${at}.iss`, 'iss is the issuer, as in the tokens');
          if (i.jwks !== undefined && !(isObject(i.jwks) && Array.isArray(i.jwks.keys))) issue(`${at}.jwks`, 'jwks is a JWK set: { keys: [...] }');
          if (i.jwksFile !== undefined && typeof i.jwksFile !== 'string') issue(`${at}.jwksFile`, 'jwksFile is a path to a JWK set file');
          if (i.jwksUrl !== undefined && (typeof i.jwksUrl !== 'string' || !URL_RE.test(i.jwksUrl))) issue(`${at}.jwksUrl`, 'jwksUrl is an http(s) URL');
          if (i.jku !== undefined && (!Array.isArray(i.jku) || !i.jku.every((u) => typeof u === 'string' && URL_RE.test(u)))) issue(`${at}.jku`, 'jku lists the JWKS URLs tokens may name');
          if (i.jwks === undefined && i.jwksFile === undefined && i.jwksUrl === undefined && i.jku === undefined) issue(at, 'an issuer needs its keys: jwks, jwksFile, jwksUrl or jku');
        });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, config: data as ServiceConfig };
}
