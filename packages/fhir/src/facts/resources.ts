// The resources of a FHIR input (a Bundle, a list of resources or one resource), indexed
// for reference lookups. Nothing here trusts the input's shape: every field is checked
// where it is read.
import type { CodeableConcept, Coding, FhirResource, Reference } from 'fhir/r4';
import type { BoundCode } from '../bindings/model.js';

export type AnyResource = FhirResource & Record<string, unknown>;

export interface FhirIssue {
  /** Where in the input: `entry[3].resource.valueQuantity.value`. */
  readonly path: string;
  readonly message: string;
}

export interface IndexedResource {
  readonly resource: AnyResource;
  /** Its path in the input, for issues. */
  readonly path: string;
  /** `Observation/abc` (or the resource type with its position when it has no id). */
  readonly ref: string;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class ResourceIndex {
  readonly all: IndexedResource[] = [];
  private readonly byRef = new Map<string, IndexedResource>();
  readonly issues: FhirIssue[] = [];

  /** Adds a Bundle's entries, a list of resources, or one resource; `base` is its path. */
  add(input: unknown, base = ''): void {
    const at = (p: string) => (base === '' ? p : `${base}.${p}`);
    if (Array.isArray(input)) {
      input.forEach((r, i) => this.add(r, base === '' ? `[${i}]` : `${base}[${i}]`));
      return;
    }
    if (!isObject(input) || typeof input.resourceType !== 'string') {
      this.issues.push({ path: base, message: 'expected a FHIR resource (an object with a resourceType)' });
      return;
    }
    if (input.resourceType === 'Bundle') {
      const entries = input.entry;
      if (entries === undefined) return;
      if (!Array.isArray(entries)) {
        this.issues.push({ path: at('entry'), message: 'Bundle.entry must be a list' });
        return;
      }
      entries.forEach((entry, i) => {
        const p = at(`entry[${i}]`);
        if (!isObject(entry) || entry.resource === undefined) {
          this.issues.push({ path: p, message: 'a Bundle entry without a resource is ignored' });
          return;
        }
        const fullUrl = typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined;
        this.add(entry.resource, `${p}.resource`);
        const added = this.all[this.all.length - 1];
        if (fullUrl && added && added.resource === entry.resource) this.byRef.set(fullUrl, added);
      });
      return;
    }
    const resource = input as AnyResource;
    const id = typeof resource.id === 'string' ? resource.id : undefined;
    const indexed: IndexedResource = { resource, path: base, ref: id !== undefined ? `${resource.resourceType}/${id}` : `${resource.resourceType} at ${base || 'the top'}` };
    this.all.push(indexed);
    if (id !== undefined) this.byRef.set(`${resource.resourceType}/${id}`, indexed);
  }

  ofType(type: string): IndexedResource[] {
    return this.all.filter((r) => r.resource.resourceType === type);
  }

  /** Resolves a reference from `from`: `#id` among its contained resources, else `Type/id` or a fullUrl. */
  resolve(from: IndexedResource, reference: unknown): { resource: AnyResource; ref: string } | undefined {
    if (!isObject(reference) || typeof reference.reference !== 'string') return undefined;
    const r = reference.reference;
    if (r.startsWith('#')) {
      const contained = from.resource.contained;
      if (!Array.isArray(contained)) return undefined;
      const found = contained.find((c) => isObject(c) && c.id === r.slice(1));
      return isObject(found) && typeof found.resourceType === 'string' ? { resource: found as AnyResource, ref: `${from.ref}${r}` } : undefined;
    }
    const direct = this.byRef.get(r);
    if (direct) return { resource: direct.resource, ref: direct.ref };
    // An absolute URL ending in Type/id resolves to the bundled Type/id.
    const m = /([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(r);
    const byTail = m ? this.byRef.get(m[1]!) : undefined;
    return byTail ? { resource: byTail.resource, ref: byTail.ref } : undefined;
  }
}

export function codingsOf(concept: unknown): Coding[] {
  if (!isObject(concept) || !Array.isArray(concept.coding)) return [];
  return concept.coding.filter((c): c is Coding => isObject(c) && typeof c.system === 'string' && typeof c.code === 'string');
}

export function matchesAny(concept: CodeableConcept | unknown, codes: readonly BoundCode[]): boolean {
  return codingsOf(concept).some((c) => codes.some((b) => b.code === c.code && b.uris.includes(c.system!)));
}

/** Status-like code of a CodeableConcept (`clinicalStatus`), from any of its codings. */
export function conceptCodes(concept: unknown): string[] {
  return codingsOf(concept).map((c) => c.code!);
}

/** `Patient/123` (or a URL ending in it) names patient `id`. */
export function refersToPatient(reference: Reference | unknown, patientId: string): boolean {
  if (!isObject(reference) || typeof reference.reference !== 'string') return false;
  return reference.reference === `Patient/${patientId}` || reference.reference.endsWith(`/Patient/${patientId}`);
}

const SYSTEM_LABEL: Readonly<Record<string, string>> = { loinc: 'LOINC', snomed: 'SNOMED CT', rxnorm: 'RxNorm', icd10: 'ICD-10', atc: 'ATC' };

/** `LOINC 6690-2`, `LOINC 1742-6 or 1920-8`, `RxNorm 1256`. */
export function describeCodes(codes: readonly BoundCode[]): string {
  const bySystem = new Map<string, string[]>();
  for (const c of codes) bySystem.set(c.system, [...(bySystem.get(c.system) ?? []), c.code]);
  return [...bySystem].map(([s, list]) => `${SYSTEM_LABEL[s] ?? s} ${list.join(' or ')}`).join(' or ');
}
