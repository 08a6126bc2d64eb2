// FHIR dates and times: effective times of results, and a patient's age from a birth date
// that may be partial (a year, or a year and month).

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A full date or date-time as epoch milliseconds (a date alone is its UTC midnight);
 * undefined for a partial date (`2026`, `2026-11`), a time without a zone, or an invalid date.
 */
export function instantOf(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  if (!validDay(Number(y), Number(mo), Number(d))) return undefined;
  const ms = Date.parse(m[4] === undefined ? `${y}-${mo}-${d}T00:00:00Z` : text);
  return Number.isFinite(ms) ? ms : undefined;
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The effective time of an Observation: effectiveDateTime, effectiveInstant, or the end (else start) of effectivePeriod. */
export function effectiveOf(resource: Record<string, unknown>): { ms: number; text: string } | undefined {
  const candidates: unknown[] = [resource.effectiveDateTime, resource.effectiveInstant];
  const period = resource.effectivePeriod;
  if (typeof period === 'object' && period !== null) candidates.push((period as { end?: unknown }).end, (period as { start?: unknown }).start);
  for (const c of candidates) {
    const ms = instantOf(c);
    if (ms !== undefined) return { ms, text: c as string };
  }
  return undefined;
}

/** Completed years between a birth day and a day (both UTC calendar days). */
function completedYears(by: number, bm: number, bd: number, ny: number, nm: number, nd: number): number {
  return ny - by - (nm < bm || (nm === bm && nd < bd) ? 1 : 0);
}

export type AgeResult = { readonly ok: true; readonly years: number } | { readonly ok: false; readonly reason: string };

/**
 * Age in completed years at `now` from a FHIR `date` (`1980`, `1980-05`, `1980-05-17`).
 * A partial date gives an age only when every birth day it allows gives the same age.
 */
export function ageAt(birthDate: unknown, now: number): AgeResult {
  const m = typeof birthDate === 'string' ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(birthDate) : null;
  if (!m) return { ok: false, reason: `Patient.birthDate ${JSON.stringify(birthDate ?? null)} is not a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)` };
  const y = Number(m[1]);
  const month = m[2] !== undefined ? Number(m[2]) : undefined;
  const day = m[3] !== undefined ? Number(m[3]) : undefined;
  if (month !== undefined && (month < 1 || month > 12)) return { ok: false, reason: `Patient.birthDate ${birthDate} has no month ${month}` };
  if (month !== undefined && day !== undefined && !validDay(y, month, day)) return { ok: false, reason: `Patient.birthDate ${birthDate} is not a valid date` };
  const today = new Date(now);
  const [ny, nm, nd] = [today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate()];
  const earliest = { m: month ?? 1, d: day ?? 1 };
  const latestMonth = month ?? 12;
  const latest = { m: latestMonth, d: day ?? new Date(Date.UTC(y, latestMonth, 0)).getUTCDate() };
  const oldest = completedYears(y, earliest.m, earliest.d, ny, nm, nd);
  const youngest = completedYears(y, latest.m, latest.d, ny, nm, nd);
  if (youngest < 0) return { ok: false, reason: `Patient.birthDate ${birthDate} is after the evaluation date ${today.toISOString().slice(0, 10)}` };
  if (oldest !== youngest) {
    return { ok: false, reason: `Patient.birthDate ${birthDate} is partial: the age is ${youngest} or ${oldest} a at ${today.toISOString().slice(0, 10)}` };
  }
  return { ok: true, years: oldest };
}
