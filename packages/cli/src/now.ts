// The one reader of `--now` for every command that takes it (eval, run, test, gen-facts,
// diff): the same forms are accepted everywhere and a wrong one gets the same message
// and exit code 2. Impossible dates (30 February, month 13, 25:00) are refused, never
// rolled over into the next month as `Date.parse` does.
import { UsageError } from './io.js';

const FORM = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Why a date-time text is not a real instant, or undefined when it is one. */
function impossible(m: RegExpExecArray): string | undefined {
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `there is no month ${m[2]}`;
  const days = daysIn(year, month);
  if (day < 1 || day > days) return `${MONTHS[month - 1]} ${m[1]} has ${days} days`;
  if (m[4] !== undefined && Number(m[4]) > 23) return `hour ${m[4]} is past 23`;
  if (m[5] !== undefined && Number(m[5]) > 59) return `minute ${m[5]} is past 59`;
  if (m[6] !== undefined && Number(m[6]) > 59) return `second ${m[6]} is past 59`;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const z = /^[+-](\d{2}):?(\d{2})$/.exec(zone)!;
    if (Number(z[1]) > 23 || Number(z[2]) > 59) return `the offset ${zone} is not a time-zone offset`;
  }
  return undefined;
}

/**
 * `--now` as an instant. Accepted: a date (`2026-03-01`, midnight UTC) or a date-time
 * (`2026-03-01T09:30`, `…:00`, `…:00.250`, with `Z` or an offset such as `+01:00`; without
 * one it is UTC), years 0000–9999. Anything else throws a UsageError (exit 2).
 */
export function parseNow(text: string, option = '--now'): Date {
  const example = 'write a date or date-time such as 2026-03-01 or 2026-03-01T09:30:00Z';
  const t = text.trim();
  const m = FORM.exec(t);
  if (!m) throw new UsageError(`${option} '${text}' is not an ISO 8601 date or date-time; ${example}`);
  const why = impossible(m);
  if (why !== undefined) throw new UsageError(`${option} '${text}' is not a valid date: ${why}; ${example}`);
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${(m[7] ?? '').slice(0, 4)}${m[8] === undefined ? 'Z' : m[8].toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new UsageError(`${option} '${text}' is not a valid date; ${example}`);
  return date;
}

/** `--now` in the canonical form every back end reads (`2026-03-01T09:30:00.000Z`), or undefined. */
export function nowOption(text: string | undefined): string | undefined {
  return text === undefined ? undefined : parseNow(text).toISOString();
}
