// The amount given each time of a dose with a frequency, as every front end prints it after
// the daily equivalent: `10 mg twice daily`, `7 to below 14 mg 3 times daily`.
import type { DoseResult } from './types.js';

export function doseFrequencyText(dose: DoseResult): string | undefined {
  const f = dose.frequency;
  if (!f) return undefined;
  const n = (x: number, exact: string | undefined) => (exact !== undefined && !exact.includes('/') ? exact : String(Number(x.toPrecision(12))));
  const a = f.amount;
  const high = a.high !== undefined ? `${dose.highExclusive ? ' to below ' : ' to '}${n(a.high, a.exact.high)}` : '';
  return `${n(a.low, a.exact.low)}${high} ${a.unit} ${f.text}`;
}
