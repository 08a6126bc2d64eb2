// The prelude's ISO 8601 parsing: dates and date-times to epoch milliseconds, validated
// (no 30 February), UTC unless an offset is given. The zod schema module embeds it too.
//
// Everything below the engine-text line is copied into generated engines with its types
// erased (scripts/gen-engine-text.mjs).

// ---- engine text
// ---- ISO 8601

export function $daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export const $ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch milliseconds of an ISO 8601 date or date-time (UTC unless an offset is given), or NaN. */
export function $iso(s: unknown): number {
  if (typeof s !== 'string' || s.length > 40) return NaN;
  const m = $ISO.exec(s);
  if (m === null) return NaN;
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!;
  if (mo < 1 || mo > 12 || d < 1) return NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  if (d > dim) return NaN;
  let ms = $daysFromCivil(y, mo, d) * 86400000;
  if (m[4] !== undefined) {
    const h = +m[4], mi = +m[5]!, se = m[6] === undefined ? 0 : +m[6];
    if (h > 23 || mi > 59 || se > 59) return NaN;
    const fr = m[7] === undefined ? 0 : +(m[7] + '00').slice(0, 3);
    ms += ((h * 60 + mi) * 60 + se) * 1000 + fr;
    const z = m[8];
    if (z !== undefined && z !== 'Z' && z !== 'z') {
      const oh = +z.slice(1, 3), om = +z.slice(z.length - 2);
      if (oh > 23 || om > 59) return NaN;
      const off = (oh * 60 + om) * 60000;
      ms += z[0] === '-' ? off : -off;
    }
  }
  return ms;
}
