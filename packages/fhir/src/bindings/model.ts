// The FHIR bindings of a rule set, in their validated form: plain JSON data, so that a
// generated engine package can carry them as they are.

/** A coding written `system:code` in the bindings file, resolved to the FHIR system URI. */
export interface BoundCode {
  /** The name used in the bindings file and in facts (`loinc`, `rxnorm`, …). */
  readonly system: string;
  /** The FHIR `Coding.system` URI(s) that stand for it. */
  readonly uris: readonly string[];
  readonly code: string;
}

/** A FHIR value mapped to a fact value: codings or texts (matched case-insensitively). */
export interface ValueMapping {
  /** The fact value: an enum member, or `true`/`false` for a boolean fact. */
  readonly value: string | boolean;
  readonly codes: readonly BoundCode[];
  readonly texts: readonly string[];
}

/** `30 d`: a look-back window; `ms` is its length in milliseconds (UCUM a and mo). */
export interface Window {
  readonly text: string;
  readonly ms: number;
}

export type FactBinding =
  | {
      /** The latest final Observation with one of `codes`, its value as the fact. */
      readonly kind: 'observation';
      readonly codes: readonly BoundCode[];
      readonly within?: Window;
      /** `reference-range`: the Observation's `referenceRange.high` fills `<fact>_uln`. */
      readonly uln?: 'reference-range';
      /** For enum and boolean facts: how coded or text values map to fact values. */
      readonly values?: readonly ValueMapping[];
    }
  | {
      /** The effective date of the latest final Observation with one of `codes`. */
      readonly kind: 'observation-date';
      readonly codes: readonly BoundCode[];
      readonly within?: Window;
    }
  | { readonly kind: 'patient-age' }
  | {
      /** Active MedicationRequest / MedicationStatement codes (a set of code fact). */
      readonly kind: 'medications';
      readonly systems: readonly string[];
    }
  | {
      /** Active, confirmed Condition codes (a set of code fact). */
      readonly kind: 'conditions';
      readonly systems: readonly string[];
    }
  | {
      /** True when an active, confirmed Condition has one of `codes` (a boolean fact). */
      readonly kind: 'condition';
      readonly codes: readonly BoundCode[];
      readonly otherwise: 'false' | 'missing';
    }
  | {
      /** True when a draft MedicationRequest (a hook's draft order) has one of `codes`. */
      readonly kind: 'draft-order';
      readonly codes: readonly BoundCode[];
      readonly otherwise: 'false' | 'missing';
    };

export type BindingKind = FactBinding['kind'];

/** The CDS Hooks a rule set answers. */
export const HOOKS = ['patient-view', 'order-select', 'order-sign'] as const;
export type Hook = (typeof HOOKS)[number];

/**
 * A quantity fact every rule uses only in comparisons with constants: the constants (in the
 * fact's unit) and the factor of each accepted unit to it. Computed from the rule set, not
 * written in the bindings file; a value reported as a bound beyond every constant decides
 * every rule alike, so the bound can stand for the value.
 */
export interface BoundThresholds {
  readonly thresholds: readonly number[];
  readonly factors: Readonly<Record<string, number>>;
}

export interface Bindings {
  /** Format version of the bindings file. */
  readonly version: 1;
  readonly hooks: readonly Hook[];
  /** Code system names to FHIR URIs (the built-in ones plus the file's own). */
  readonly systems: Readonly<Record<string, readonly string[]>>;
  readonly facts: Readonly<Record<string, FactBinding>>;
  /** Facts a reported bound can decide (from the rule set, see BoundThresholds). */
  readonly bounds?: Readonly<Record<string, BoundThresholds>>;
}

/** The code systems every bindings file knows; a file may add its own under `systems`. */
export const BUILTIN_SYSTEMS: Readonly<Record<string, readonly string[]>> = {
  loinc: ['http://loinc.org'],
  snomed: ['http://snomed.info/sct'],
  rxnorm: ['http://www.nlm.nih.gov/research/umls/rxnorm'],
  icd10: ['http://hl7.org/fhir/sid/icd-10', 'http://hl7.org/fhir/sid/icd-10-cm'],
  atc: ['http://www.whocc.no/atc'],
  ucum: ['http://unitsofmeasure.org'],
};
