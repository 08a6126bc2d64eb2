// Lowering of a titration or taper (`start A, increase by S every I to L`): `low`/`high` are
// the range the schedule moves through (the lower end first, whichever way it moves), so
// every back end and analysis reads the dose as a range; `titration` keeps the direction,
// the step (an expression in the drug's unit) and the interval in exact days.
import type { DoseSpec, Titration } from '../../language/ast.js';
import { doseUnit } from '../../semantics/doses.js';
import { toDays } from '../../units/units-helpers.js';
import type { UnitInfo } from '../../units/units.js';
import type { IrDose } from '../ir.js';
import { convert, LoweringError, type Lowered, type LowerContext } from './common.js';
import { lowerValue } from './expressions.js';

export function lowerTitrationDose(ctx: LowerContext, dose: DoseSpec, t: Titration, start: Lowered, limit: Lowered, drugUnit: UnitInfo | undefined, uri: string): IrDose {
  if (!start.unit) throw new LoweringError('a titration without an amount');
  const unit = drugUnit ?? doseUnit(start.unit);
  const step = lowerValue(ctx, t.step, uri);
  const days = toDays(t.every.value, t.every.unit?.text ?? 'd');
  if (!days) throw new LoweringError('a titration interval that is not a time');
  const [low, high] = t.direction === 'increase' ? [start, limit] : [limit, start];
  return {
    low: convert(low, unit),
    high: convert(high, unit),
    ofStandard: false,
    unit: unit.code,
    titration: {
      direction: t.direction,
      step: convert(step, unit),
      everyDays: days.toExact(),
      every: `${t.every.value} ${t.every.unit?.text ?? 'd'}`,
      text: ctx.textAt(uri, dose.range),
    },
  };
}
