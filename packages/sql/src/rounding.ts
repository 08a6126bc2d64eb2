// Doses rounded for display (`rounded to 25 mg/d`) in records from the SQL engines. The
// exact dose comes from the query (exact decimals); the multiples shown and the sentence
// are derived from it here with the engine's own roundDose, exactly as the engine's
// $rounded writes them (display only: the exact dose stays beside them).
import { Rational, type IrDose } from '@vigil/core';
import { roundDose, type ExactRational } from '@vigil/runtime';
import { preludeHelpers } from '@vigil/runtime/prelude';

const exact = (r: readonly [bigint, bigint]): string => Rational.of(r[0], r[1]).toExact();

/** The decision's `dose.rounded`, from the exact dose (denominators positive). */
export function roundedDose(dose: IrDose, low: readonly [bigint, bigint], high: readonly [bigint, bigint] | undefined): Record<string, string> {
  const rounding = dose.rounding!;
  const fmt = preludeHelpers().fmtR;
  const s = Rational.parse(rounding.step);
  const step: ExactRational = [s.num, s.den];
  const u = dose.unit === '1' ? '' : ` ${dose.unit}`;
  const hx = dose.highExclusive === true;
  const lo: ExactRational = [low[0], low[1]];
  const hi: ExactRational | null = dose.high && high ? [high[0], high[1]] : null;
  const exactText = hi === null ? fmt(lo) + u : fmt(lo) + (hx ? ' to below ' : ' to ') + fmt(hi) + u;
  const m = roundDose(lo, hi, step, hx);
  const stepText = rounding.text;
  if (m === null) return { step: exact(step), text: hi === null ? `${exactText} is less than half of ${stepText}: no multiple to show` : `no multiple of ${stepText} lies within ${exactText}` };
  const shown = m.length === 1 ? fmt(m[0]!) + u : `${fmt(m[0]!)} to ${fmt(m[1]!)}${u}`;
  const why = hi === null ? `the multiple of ${stepText} nearest to ${exactText}` : `${m.length === 1 ? 'the one multiple of ' : 'multiples of '}${stepText} within ${exactText}`;
  const out: Record<string, string> = m.length === 1 ? { step: exact(step), low: exact(m[0]!) } : { step: exact(step), low: exact(m[0]!), high: exact(m[1]!) };
  out.text = `${shown} (${why})`;
  return out;
}
