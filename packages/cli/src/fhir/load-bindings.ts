// The FHIR bindings file of a rule set (`fhir-bindings.yaml` beside its rules, or
// --bindings FILE), validated against the engine's facts; every problem is VGL8001 at the
// line of the field at fault.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { codes, createDiagnostic } from '@vigil/core';
import type { Diagnostic, DiagnosticCode, SourceText } from '@vigil/core';
import { factsFromFhir, validateBindings, type Bindings, type FactInfo, type FhirFacts } from '@vigil/fhir';
import { locateFactPath, parseFacts, type LoadedFacts } from '../facts/load-facts.js';
import { readInputFile, UsageError } from '../io.js';

export const BINDINGS_FILE = 'fhir-bindings.yaml';

/** The bindings file for a rule set: the given one, else `fhir-bindings.yaml` in the rule set's directory. */
export function findBindingsFile(paths: readonly string[], cwd: string, explicit?: string): string {
  if (explicit !== undefined) return explicit;
  const first = resolve(cwd, paths[0] ?? '.');
  const dir = existsSync(first) && statSync(first).isDirectory() ? first : dirname(first);
  const candidate = join(dir, BINDINGS_FILE);
  if (!existsSync(candidate)) throw new UsageError(`no FHIR bindings: ${BINDINGS_FILE} is not in ${dir} (give one with --bindings FILE)`);
  return candidate;
}

export type Loaded<T> = { ok: true; value: T; file: LoadedFacts } | { ok: false; diagnostics: Diagnostic[]; source: SourceText };

/** A diagnostic at the field `path` names; an issue of the whole file names `whole` as its field. */
function located(file: LoadedFacts, path: string, code: DiagnosticCode, problem: string, whole: string): Diagnostic {
  const { start, end } = locateFactPath(file.document, file.source, path);
  return createDiagnostic(code, { uri: file.uri, range: file.source.rangeAt(start, end) }, { field: path === '' ? whole : path, problem }, { data: { field: path } });
}

export function loadBindings(path: string, cwd: string, facts: readonly FactInfo[]): Loaded<Bindings> {
  const text = readInputFile(path, cwd);
  const parsed = parseFacts(text.text, text.path);
  if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics, source: parsed.source };
  const result = validateBindings(parsed.facts.data, facts);
  if (!result.ok) {
    return { ok: false, diagnostics: result.issues.map((i) => located(parsed.facts, i.path, codes.invalidBindings, i.message, 'bindings')), source: parsed.facts.source };
  }
  return { ok: true, value: result.bindings, file: parsed.facts };
}

export interface LoadedFhirFacts {
  readonly fhir: FhirFacts;
  /** Malformed parts of the input, as VGL8002 warnings at their line. */
  readonly warnings: Diagnostic[];
  readonly file: LoadedFacts;
}

/**
 * The engine's refusal of facts read from FHIR (the bindings let through a value the fact
 * schema does not accept), as VGL7001 errors at the resource each fact was read from.
 */
export function refusedFhirFacts(issues: readonly { readonly path: string; readonly message: string }[], loaded: LoadedFhirFacts): Diagnostic[] {
  return issues.map((issue) => {
    const from = loaded.fhir.from[issue.path];
    const path = from === undefined ? '' : resourcePath(loaded.file.data, from);
    const { start, end } = locateFactPath(loaded.file.document, loaded.file.source, path);
    const problem = `${issue.message} (read from ${from ?? 'the FHIR input'})`;
    return createDiagnostic(codes.invalidFacts, { uri: loaded.file.uri, range: loaded.file.source.rangeAt(start, end) }, { fact: issue.path === '' ? 'facts' : issue.path, problem }, { data: { path: issue.path } });
  });
}

/** Where `Type/id` (the first of a list) sits in a Bundle or single resource: `entry[3].resource`, or '' for the whole input. */
function resourcePath(data: Record<string, unknown>, from: string): string {
  const [type, id] = (from.split(/[,\s]+/)[0] ?? '').split('/');
  const entries = Array.isArray(data.entry) ? data.entry : [];
  const index = entries.findIndex((e) => {
    const r = (e as { resource?: { resourceType?: unknown; id?: unknown } } | null)?.resource;
    return r?.resourceType === type && r?.id === id;
  });
  return index >= 0 ? `entry[${index}].resource` : '';
}

/** Reads a FHIR JSON file (a Bundle or one resource) and fills the facts its bindings name. */
export function loadFhirFacts(path: string, cwd: string, bindings: Bindings, facts: readonly FactInfo[], now: string | undefined, patientId?: string): Loaded<LoadedFhirFacts> {
  const text = readInputFile(path, cwd);
  const parsed = parseFacts(text.text, text.path);
  if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics, source: parsed.source };
  const data = parsed.facts.data;
  if (typeof data.resourceType !== 'string') {
    return { ok: false, diagnostics: [createDiagnostic(codes.notFhirResource, { uri: parsed.facts.uri, range: parsed.facts.source.rangeAt(0, 0) }, {})], source: parsed.facts.source };
  }
  const fhir = factsFromFhir(data, { bindings, facts, ...(now !== undefined ? { now } : {}), ...(patientId !== undefined ? { patientId } : {}) });
  const warnings = fhir.issues.map((i) => located(parsed.facts, i.path, codes.fhirInput, i.message, 'resource'));
  return { ok: true, value: { fhir, warnings, file: parsed.facts }, file: parsed.facts };
}
