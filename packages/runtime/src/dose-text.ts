// What a dose says beyond its range, as every front end prints it in parentheses after it:
// the amount given each time of a dose with a frequency (`10 mg twice daily`), or the steps
// of a titration or taper (`from 50 mg/d, increase by 25 mg/d every 1 wk to 150 mg/d, 4 steps`).
import type { DoseResult } from './types.js';

export function doseDetailText(dose: DoseResult): string | undefined {
  const t = dose.titration;
  if (t) {
    const u = dose.unit && dose.unit !== '1' ? ` ${dose.unit}` : '';
    const steps = t.steps === null ? '' : `, ${t.steps} step${t.steps === 1 ? '' : 's'}`;
    return `from ${t.start}${u}, ${t.direction} by ${t.step}${u} every ${t.every} to ${t.limit}${u}${steps}`;
  }
  const f = dose.frequency;
  if (!f) return undefined;
  const n = (x: number, exact: string | undefined) => (exact !== undefined && !exact.includes('/') ? exact : String(Number(x.toPrecision(12))));
  const a = f.amount;
  const high = a.high !== undefined ? `${dose.highExclusive ? ' to below ' : ' to '}${n(a.high, a.exact.high)}` : '';
  return `${n(a.low, a.exact.low)}${high} ${a.unit} ${f.text}`;
}
