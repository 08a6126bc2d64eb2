// factsFromFhir: a patient's FHIR R4 resources to the facts a rule set reads, following
// its bindings. A fact the bindings could not fill is left out of `facts` and listed in
// `missing` with the reason, so that a rule depending on it is reported not evaluable
// with that reason, never decided on a guess.
import type { BoundCode, Bindings, FactBinding, ValueMapping } from '../bindings/model.js';
import type { FactInfo } from '../bindings/validate-bindings.js';
import { ageAt, effectiveOf } from './dates.js';
import { quantityFact } from './quantity.js';
import {
  codingsOf,
  conceptCodes,
  describeCodes,
  isObject,
  matchesAny,
  refersToPatient,
  ResourceIndex,
  type AnyResource,
  type FhirIssue,
  type IndexedResource,
} from './resources.js';

export interface FactsFromFhirOptions {
  readonly bindings: Bindings;
  /** The engine's `facts` (name, type, uln, accepted units). */
  readonly facts: readonly FactInfo[];
  /** Evaluation time: look-back windows and ages count back from it. Default: the current time. */
  readonly now?: Date | string | number;
  /** The patient to read (others' resources are skipped); default: the input's only Patient. */
  readonly patientId?: string;
  /** Draft orders (a CDS Hooks `draftOrders` Bundle), read by `draft-order` bindings. */
  readonly draftOrders?: unknown;
}

export interface FhirFacts {
  /** Engine input: fact (and `_uln`) keys with values; what could not be filled is absent. */
  readonly facts: Record<string, unknown>;
  /** Input key → why it is missing (`no final Observation for LOINC 6690-2 in the last 30 d`). */
  readonly missing: Record<string, string>;
  /** Input key → the resource(s) it was read from (`Observation/abc`). */
  readonly from: Record<string, string>;
  /** Malformed parts of the input, which were skipped. */
  readonly issues: readonly FhirIssue[];
  /**
   * Input key → note, for a value reported as a bound (`<0.5 10*9/L`) that stands for the
   * value because every rule decides alike for any value beyond it.
   */
  readonly bounds: Record<string, string>;
}

const FINAL = ['final', 'amended', 'corrected'];

function nowMs(now: FactsFromFhirOptions['now']): number {
  const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(ms)) throw new RangeError(`now ${JSON.stringify(now)} is not a valid date`);
  return ms;
}

export function factsFromFhir(input: unknown, options: FactsFromFhirOptions): FhirFacts {
  const now = nowMs(options.now);
  const index = new ResourceIndex();
  index.add(input);
  const drafts = new ResourceIndex();
  if (options.draftOrders !== undefined) drafts.add(options.draftOrders, 'draftOrders');

  const out: FhirFacts = { facts: {}, missing: {}, from: {}, issues: [...index.issues, ...drafts.issues], bounds: {} };
  const patients = index.ofType('Patient');
  const patientId = options.patientId ?? (patients.length === 1 && typeof patients[0]!.resource.id === 'string' ? patients[0]!.resource.id : undefined);
  // Resources about another patient are never read for this one.
  const ours = (r: IndexedResource) => {
    if (patientId === undefined) return true;
    const subject = r.resource.subject ?? r.resource.patient;
    return subject === undefined || refersToPatient(subject, patientId);
  };
  const ctx: Ctx = { index, drafts, now, ours, patientId, patients, out, systems: options.bindings.systems, bounds: options.bindings.bounds ?? {} };
  const factInfo = new Map(options.facts.map((f) => [f.name, f]));
  for (const [name, binding] of Object.entries(options.bindings.facts)) {
    const fact = factInfo.get(name);
    if (!fact) continue;
    try {
      bind(name, fact, binding, ctx);
    } catch (error) {
      // A shape no check above foresaw: the fact is missing, never decided on a guess.
      setMissing(out, name, `could not be read from FHIR: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return out;
}

interface Ctx {
  readonly index: ResourceIndex;
  readonly drafts: ResourceIndex;
  readonly now: number;
  readonly ours: (r: IndexedResource) => boolean;
  readonly patientId: string | undefined;
  readonly patients: readonly IndexedResource[];
  readonly out: FhirFacts;
  readonly systems: Bindings['systems'];
  readonly bounds: NonNullable<Bindings['bounds']>;
}

function setMissing(out: FhirFacts, key: string, reason: string): void {
  delete out.facts[key];
  out.missing[key] = reason;
}

function setFact(out: FhirFacts, key: string, value: unknown, from: string): void {
  out.facts[key] = value;
  out.from[key] = from;
  delete out.missing[key];
}

function bind(name: string, fact: FactInfo, binding: FactBinding, ctx: Ctx): void {
  const { out } = ctx;
  switch (binding.kind) {
    case 'observation':
    case 'observation-date': {
      const found = latestObservation(binding.codes, binding.within, ctx);
      if (!found.ok) {
        setMissing(out, name, found.reason);
        if (binding.kind === 'observation' && binding.uln) setMissing(out, `${name}_uln`, found.reason);
        return;
      }
      const { obs, effective } = found;
      if (binding.kind === 'observation-date') {
        setFact(out, name, fact.type.kind === 'date' ? effective.slice(0, 10) : effective, obs.ref);
        return;
      }
      readObservationValue(name, fact, binding.values, obs, ctx);
      if (binding.uln) readUln(name, fact, obs, out);
      return;
    }
    case 'patient-age': {
      const candidates = ctx.patientId !== undefined ? ctx.patients.filter((p) => p.resource.id === ctx.patientId) : ctx.patients;
      if (candidates.length !== 1) {
        setMissing(out, name, candidates.length === 0 ? 'no Patient resource' : `${candidates.length} Patient resources; cannot tell whose age to use`);
        return;
      }
      const patient = candidates[0]!;
      const age = ageAt(patient.resource.birthDate, ctx.now);
      if (age.ok) setFact(out, name, { value: age.years, unit: 'a' }, patient.ref);
      else setMissing(out, name, age.reason);
      return;
    }
    case 'medications':
      readCodeSet(name, binding.systems, medicationRecords(ctx), ctx);
      return;
    case 'conditions':
      readCodeSet(name, binding.systems, conditionRecords(ctx), ctx);
      return;
    case 'condition': {
      const hit = conditionRecords(ctx).find((c) => matchesAny(c.concept, binding.codes));
      if (hit) setFact(out, name, true, hit.ref);
      else if (binding.otherwise === 'false') setFact(out, name, false, 'no matching Condition');
      else setMissing(out, name, `no active, confirmed Condition with ${describeCodes(binding.codes)}`);
      return;
    }
    case 'draft-order': {
      // The hook's draft orders, and draft MedicationRequests in the patient's record.
      const records = [
        ...ctx.drafts.ofType('MedicationRequest').flatMap((r) => medicationConcepts(r, ctx.drafts, ctx.index)),
        ...ctx.index.ofType('MedicationRequest').filter((r) => r.resource.status === 'draft' && ctx.ours(r)).flatMap((r) => medicationConcepts(r, ctx.index, ctx.index)),
      ];
      const hit = records.find((m) => m.concepts.some((c) => matchesAny(c, binding.codes)));
      if (hit) setFact(out, name, true, hit.ref);
      else if (binding.otherwise === 'false') setFact(out, name, false, 'no matching draft order');
      else setMissing(out, name, `no draft MedicationRequest for ${describeCodes(binding.codes)}`);
      return;
    }
  }
}

type Latest = { ok: true; obs: IndexedResource; effective: string } | { ok: false; reason: string };

/** The latest final/amended/corrected Observation with one of `codes` in the window. */
function latestObservation(codes: readonly BoundCode[], within: { text: string; ms: number } | undefined, ctx: Ctx): Latest {
  let best: { obs: IndexedResource; ms: number; text: string } | undefined;
  const skipped = { status: 0, old: 0, future: 0, undated: 0 };
  for (const obs of ctx.index.ofType('Observation')) {
    if (!ctx.ours(obs) || !matchesAny(obs.resource.code, codes)) continue;
    if (!FINAL.includes(obs.resource.status as string)) {
      skipped.status++;
      continue;
    }
    const effective = effectiveOf(obs.resource);
    if (!effective) {
      skipped.undated++;
      continue;
    }
    if (effective.ms > ctx.now) {
      skipped.future++;
      continue;
    }
    if (within && effective.ms < ctx.now - within.ms) {
      skipped.old++;
      continue;
    }
    // Two results at the same time: the later in the input wins only if it agrees; see below.
    if (!best || effective.ms > best.ms) best = { obs, ms: effective.ms, text: effective.text };
  }
  if (best) return { ok: true, obs: best.obs, effective: best.text };
  const notes = [
    skipped.status > 0 ? `${skipped.status} not final` : '',
    skipped.old > 0 ? `${skipped.old} older` : '',
    skipped.future > 0 ? `${skipped.future} dated after the evaluation time` : '',
    skipped.undated > 0 ? `${skipped.undated} without a full effective date` : '',
  ].filter((s) => s !== '');
  const window = within ? ` in the last ${within.text}` : '';
  return { ok: false, reason: `no final Observation for ${describeCodes(codes)}${window}${notes.length > 0 ? ` (ignored: ${notes.join(', ')})` : ''}` };
}

function readObservationValue(name: string, fact: FactInfo, values: readonly ValueMapping[] | undefined, obs: IndexedResource, ctx: Ctx): void {
  const { out } = ctx;
  const r = obs.resource;
  const kind = fact.type.kind;
  if (kind === 'quantity') {
    if (r.valueQuantity === undefined) {
      setMissing(out, name, `${obs.ref} has no valueQuantity${r.dataAbsentReason !== undefined ? ` (dataAbsentReason ${conceptCodes(r.dataAbsentReason).join(', ') || 'given'})` : ''}`);
      return;
    }
    const q = quantityFact(r.valueQuantity, { name, unit: fact.type.unit ?? '', acceptedUnits: fact.acceptedUnits ?? [] }, `${obs.ref} valueQuantity`);
    if (q.ok) setFact(out, name, q.value, obs.ref);
    else if (q.bound && boundDecides(q.bound, ctx.bounds[name])) {
      setFact(out, name, { value: q.bound.value, unit: q.bound.unit }, obs.ref);
      out.bounds[name] = `reported as ${q.bound.comparator}${q.bound.value} ${q.bound.unit}: every rule compares ${name} only with values ${q.bound.comparator.startsWith('<') ? 'above' : 'below'} it, so any value in that range decides alike`;
    } else setMissing(out, name, q.reason);
    return;
  }
  if (kind === 'boolean' && typeof r.valueBoolean === 'boolean' && !values) {
    setFact(out, name, r.valueBoolean, obs.ref);
    return;
  }
  const mapped = mapValue(r, values ?? []);
  if (mapped.ok) setFact(out, name, mapped.value, obs.ref);
  else setMissing(out, name, `${obs.ref}: ${mapped.reason}`);
}

/**
 * True when every threshold the rules compare the fact with lies strictly beyond the bound
 * (above it for `<`/`<=`, below for `>`/`>=`): then each comparison has one outcome over
 * the whole range, and the bound itself falls in the same place.
 */
function boundDecides(bound: { comparator: string; value: number; unit: string }, info: { thresholds: readonly number[]; factors: Readonly<Record<string, number>> } | undefined): boolean {
  const factor = info?.factors[bound.unit];
  if (!info || factor === undefined) return false;
  const v = bound.value * factor;
  // A threshold within rounding of the bound is treated as on it: not decided.
  const margin = 1e-9 * Math.max(1, Math.abs(v));
  return bound.comparator.startsWith('<') ? info.thresholds.every((t) => t > v + margin) : info.thresholds.every((t) => t < v - margin);
}

function mapValue(r: AnyResource, values: readonly ValueMapping[]): { ok: true; value: string | boolean } | { ok: false; reason: string } {
  const texts: string[] = [];
  let shown: string;
  const hits = new Set<string | boolean>();
  if (isObject(r.valueCodeableConcept)) {
    const cc = r.valueCodeableConcept;
    const codings = codingsOf(cc);
    for (const v of values) if (codings.some((c) => v.codes.some((b) => b.code === c.code && b.uris.includes(c.system!)))) hits.add(v.value);
    if (typeof cc.text === 'string') texts.push(cc.text);
    for (const c of Array.isArray(cc.coding) ? cc.coding : []) if (isObject(c) && typeof c.display === 'string') texts.push(c.display);
    shown = [...codings.map((c) => `${c.system}|${c.code}`), ...texts.map((t) => JSON.stringify(t))].join(', ') || 'an empty CodeableConcept';
  } else if (typeof r.valueString === 'string') {
    texts.push(r.valueString);
    shown = JSON.stringify(r.valueString);
  } else if (typeof r.valueBoolean === 'boolean') {
    for (const v of values) if (v.texts.includes(String(r.valueBoolean))) hits.add(v.value);
    shown = String(r.valueBoolean);
  } else {
    return { ok: false, reason: 'no coded or text value' };
  }
  for (const t of texts) {
    const key = t.trim().toLowerCase();
    for (const v of values) if (v.texts.includes(key)) hits.add(v.value);
  }
  if (hits.size === 1) return { ok: true, value: [...hits][0]! };
  if (hits.size === 0) return { ok: false, reason: `value ${shown} is not mapped in the bindings` };
  return { ok: false, reason: `value ${shown} maps to ${[...hits].join(' and ')}; refusing to choose` };
}

function readUln(name: string, fact: FactInfo, obs: IndexedResource, out: FhirFacts): void {
  const key = `${name}_uln`;
  const ranges = Array.isArray(obs.resource.referenceRange) ? obs.resource.referenceRange : [];
  // The normal range: an entry with no type, or typed `normal`.
  const range = ranges.find((rr) => isObject(rr) && rr.high !== undefined && (rr.type === undefined || conceptCodes(rr.type).includes('normal')));
  if (!isObject(range)) {
    setMissing(out, key, `${obs.ref} has no referenceRange.high`);
    return;
  }
  const q = quantityFact(range.high, { name: key, unit: fact.type.unit ?? '', acceptedUnits: fact.acceptedUnits ?? [] }, `${obs.ref} referenceRange.high`);
  if (q.ok) setFact(out, key, q.value, obs.ref);
  else setMissing(out, key, q.reason);
}

// ---------------------------------------------------------------- code sets

interface CodedRecord {
  readonly ref: string;
  /** Every concept that identifies it (the medication code, its ingredients). */
  readonly concepts: readonly unknown[];
  /** Why it cannot be read, when it cannot (an unresolved reference). */
  readonly problem?: string;
  readonly concept?: unknown;
}

/** A medication's concepts: its code and the codes of its ingredients, through a contained or bundled Medication. */
function medicationConcepts(r: IndexedResource, own: ResourceIndex, shared: ResourceIndex): CodedRecord[] {
  const res = r.resource;
  if (res.medicationCodeableConcept !== undefined) return [{ ref: r.ref, concepts: [res.medicationCodeableConcept] }];
  if (res.medicationReference !== undefined) {
    const target = own.resolve(r, res.medicationReference) ?? shared.resolve(r, res.medicationReference);
    const shown = isObject(res.medicationReference) ? String(res.medicationReference.reference) : '?';
    if (!target || target.resource.resourceType !== 'Medication') return [{ ref: r.ref, concepts: [], problem: `${r.ref} refers to Medication ${shown}, which is not in the input` }];
    const ingredients = Array.isArray(target.resource.ingredient) ? target.resource.ingredient : [];
    const concepts = [target.resource.code, ...ingredients.map((i) => (isObject(i) ? i.itemCodeableConcept : undefined))].filter((c) => c !== undefined);
    return [{ ref: `${r.ref} (${target.ref})`, concepts }];
  }
  return [{ ref: r.ref, concepts: [], problem: `${r.ref} names no medication` }];
}

function medicationRecords(ctx: Ctx): CodedRecord[] {
  const requests = ctx.index.ofType('MedicationRequest').filter((r) => r.resource.status === 'active' && ctx.ours(r));
  const statements = ctx.index.ofType('MedicationStatement').filter((r) => r.resource.status === 'active' && ctx.ours(r));
  return [...requests, ...statements].flatMap((r) => medicationConcepts(r, ctx.index, ctx.index));
}

function conditionRecords(ctx: Ctx): CodedRecord[] {
  return ctx.index
    .ofType('Condition')
    .filter((r) => ctx.ours(r) && conceptCodes(r.resource.clinicalStatus).includes('active') && conceptCodes(r.resource.verificationStatus).includes('confirmed'))
    .map((r) => ({ ref: r.ref, concepts: [r.resource.code], concept: r.resource.code }));
}

/**
 * A set of codes (`rxnorm:1256`) from records. A record with no code in the bound systems
 * would silently drop out of the set, so the whole fact is missing instead.
 */
function readCodeSet(name: string, systems: readonly string[], records: readonly CodedRecord[], ctx: Ctx): void {
  const { out } = ctx;
  const uris = new Map<string, string>();
  for (const s of systems) for (const u of ctx.systems[s] ?? []) uris.set(u, s);
  const codes = new Set<string>();
  const from: string[] = [];
  for (const rec of records) {
    if (rec.problem) return setMissing(out, name, rec.problem);
    const found = rec.concepts.flatMap((c) => codingsOf(c)).filter((c) => uris.has(c.system!));
    if (found.length === 0) {
      const text = rec.concepts.map((c) => (isObject(c) && typeof c.text === 'string' ? c.text : '')).find((t) => t !== '');
      return setMissing(out, name, `${rec.ref} has no ${systems.join(' or ')} code${text ? ` (text ${JSON.stringify(text)})` : ''}`);
    }
    for (const c of found) codes.add(`${uris.get(c.system!)}:${c.code}`);
    from.push(rec.ref);
  }
  setFact(out, name, [...codes].sort(), from.join(', ') || 'no active records');
}
