// Patients built from solver models: the facts-file form (quantities as "2.4 10*9/L" in
// the fact's unit, enums as names, booleans, sets as arrays of member names, dates as
// ISO 8601 relative to `now`, missing facts absent) and a one-line rendering.
import { Rational } from '../units/rational.js';
import type { PartInfo, PartRegistry } from './parts.js';

/** A patient: what a facts file would hold. */
export interface Witness {
  readonly facts: Readonly<Record<string, unknown>>;
  /** One line: `tpmt=absent, wbc=2.4 10*9/L, medications=[allopurinol], alt_baseline missing`. */
  readonly text: string;
  /** Some condition was read as an opaque boolean: the patient may not satisfy it. */
  readonly approximate: boolean;
}

/** Values chosen for the fact parts; parts not mentioned are left out of the patient. */
export interface Model {
  readonly present: ReadonlyMap<string, boolean>;
  /** Quantities in the fact's unit; dates as days before `now`. */
  readonly numbers: ReadonlyMap<string, Rational>;
  /** Enum, boolean, code and text values. */
  readonly values: ReadonlyMap<string, string>;
  /** Sets: the member names the patient has. */
  readonly members: ReadonlyMap<string, readonly string[]>;
}

const DAY_MS = 86_400_000;

/** Midnight UTC of the current day: dates of witnesses fall on whole days. */
export function defaultNow(): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function toDate(now: Date | string | number | undefined): Date {
  if (now === undefined) return defaultNow();
  const d = now instanceof Date ? now : new Date(now);
  if (Number.isNaN(d.getTime())) throw new RangeError(`invalid evaluation time ${String(now)}`);
  return d;
}

export function formatQuantity(value: Rational, unit: string | undefined): string {
  const v = value.toExact();
  return unit === undefined || unit === '1' || unit === '' ? v : `${v} ${unit}`;
}

export function formatDate(info: PartInfo, daysAgo: Rational, now: Date): string {
  const ms = Math.round(daysAgo.mul(Rational.of(DAY_MS)).toNumber());
  const d = new Date(now.getTime() - ms);
  return info.type.kind === 'date' ? d.toISOString().slice(0, 10) : d.toISOString();
}

/** The value a present part takes when nothing constrains it. */
export function defaultValue(info: PartInfo, now: Date): unknown {
  switch (info.domain) {
    case 'quantity':
      return formatQuantity(Rational.ONE, info.unit);
    case 'date':
      return formatDate(info, Rational.ZERO, now);
    case 'enum':
      return info.values?.[0] ?? 'other';
    case 'boolean':
      return false;
    case 'set':
      return [];
    case 'code':
    case 'text':
      return 'other';
  }
}

/**
 * The patient of a model. `free` gives the value of a present quantity that no condition
 * constrains (default: 1 in the fact's unit).
 */
export function buildWitness(model: Model, parts: PartRegistry, now: Date, approximate: boolean, free?: (key: string) => Rational | undefined): Witness {
  const facts: Record<string, unknown> = {};
  const shown: string[] = [];
  const missing: string[] = [];
  const keys = new Set<string>([...model.present.keys(), ...model.numbers.keys(), ...model.values.keys(), ...model.members.keys()]);
  const infos = [...keys].map((k) => parts.get(k)).filter((p): p is PartInfo => p !== undefined);
  infos.sort((a, b) => a.order - b.order);
  for (const info of infos) {
    const k = info.key;
    if (model.present.get(k) === false) {
      missing.push(k);
      continue;
    }
    let value: unknown;
    let text: string;
    switch (info.domain) {
      case 'quantity': {
        const n = model.numbers.get(k) ?? free?.(k);
        value = n ? formatQuantity(n, info.unit) : defaultValue(info, now);
        text = String(value);
        break;
      }
      case 'date': {
        const n = model.numbers.get(k);
        value = n ? formatDate(info, n, now) : defaultValue(info, now);
        text = String(value);
        break;
      }
      case 'boolean': {
        const v = model.values.get(k);
        value = v === undefined ? defaultValue(info, now) : v === 'true';
        text = String(value);
        break;
      }
      case 'set': {
        const m = model.members.get(k) ?? [];
        value = [...m];
        text = `[${m.join(', ')}]`;
        break;
      }
      default: {
        value = model.values.get(k) ?? defaultValue(info, now);
        text = String(value);
      }
    }
    facts[k] = value;
    shown.push(`${k}=${text}`);
  }
  const text = [...shown, ...missing.map((k) => `${k} missing`)].join(', ');
  return { facts, text: text === '' ? 'any patient' : text, approximate };
}
