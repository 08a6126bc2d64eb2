// Dates in fixtures: an `as_of` evaluation time, and fact values written relative to it
// (`3 days ago`, `2 weeks ago`, `in 1 month`, `today`), turned into the ISO 8601 text the
// engine reads. Months and years move along the calendar (UTC), clamping to the end of a
// shorter month: 31 March minus 1 month is 28 (or 29) February.

const UNIT_MS = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
} as const;

type Unit = keyof typeof UNIT_MS | 'month' | 'year';

const UNIT_WORDS: Readonly<Record<string, Unit>> = {
  min: 'minute',
  mins: 'minute',
  minute: 'minute',
  minutes: 'minute',
  h: 'hour',
  hr: 'hour',
  hrs: 'hour',
  hour: 'hour',
  hours: 'hour',
  d: 'day',
  day: 'day',
  days: 'day',
  wk: 'week',
  wks: 'week',
  week: 'week',
  weeks: 'week',
  mo: 'month',
  month: 'month',
  months: 'month',
  y: 'year',
  yr: 'year',
  yrs: 'year',
  year: 'year',
  years: 'year',
};

const RELATIVE = /^(?:(\d+(?:\.\d+)?)\s*([a-z]+)\s+ago|in\s+(\d+(?:\.\d+)?)\s*([a-z]+))$/i;
const NAMED: Readonly<Record<string, number>> = { today: 0, now: 0, yesterday: -1, tomorrow: 1 };

export type RelativeDate =
  | { readonly ok: true; readonly date: Date }
  | { readonly ok: false; readonly message: string };

/** Whether a text is meant as a relative date (so a malformed one is reported as such). */
export function looksRelative(text: string): boolean {
  const t = text.trim().toLowerCase();
  return t in NAMED || /\bago$/.test(t) || /^in\s+\d/.test(t);
}

/** `3 days ago` relative to `asOf`; undefined when the text is not a relative date at all. */
export function resolveRelativeDate(text: string, asOf: Date): RelativeDate | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t in NAMED) return { ok: true, date: new Date(asOf.getTime() + NAMED[t]! * UNIT_MS.day) };
  const m = RELATIVE.exec(t);
  if (!m) {
    if (!looksRelative(t)) return undefined;
    return { ok: false, message: `cannot read the relative date '${text}'; write it like '3 days ago', '2 weeks ago', '6 months ago' or 'in 1 week'` };
  }
  const amount = Number(m[1] ?? m[3]);
  const word = (m[2] ?? m[4])!;
  const sign = m[1] !== undefined ? -1 : 1;
  const unit = UNIT_WORDS[word];
  if (!unit) {
    const known = 'minutes, hours, days, weeks, months, years';
    return { ok: false, message: `unknown time unit '${word}' in '${text}'; use one of ${known}` };
  }
  if (unit === 'month' || unit === 'year') {
    if (!Number.isInteger(amount)) return { ok: false, message: `'${text}': months and years must be whole numbers` };
    return inRange(text, addMonths(asOf, sign * amount * (unit === 'year' ? 12 : 1)));
  }
  return inRange(text, new Date(asOf.getTime() + sign * amount * UNIT_MS[unit]));
}

/** A resolved date, or an error when it falls outside the years 0001–9999 (or past what a Date holds). */
function inRange(text: string, date: Date): RelativeDate {
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999) {
    return { ok: false, message: `the relative date '${text}' falls outside the years 0001 to 9999` };
  }
  return { ok: true, date };
}

function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return new Date(Date.UTC(targetYear, targetMonth, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()));
}

/**
 * Reads an `as_of`: a date (`2026-01-15`, midnight UTC) or a date-time (`2026-01-15T09:30:00Z`;
 * without a zone it is taken as UTC). Undefined when it is neither.
 */
export function parseAsOf(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (dateOnly) {
    const d = new Date(Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3])));
    return d.getUTCMonth() === Number(dateOnly[2]) - 1 && d.getUTCDate() === Number(dateOnly[3]) ? d : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(t)) return undefined;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(t) ? t : `${t}Z`;
  const d = new Date(zoned.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `2026-01-15T09:30:00Z` (milliseconds only when there are some). */
export function isoDateTime(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

/** `2026-01-15` (the UTC calendar date). */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
