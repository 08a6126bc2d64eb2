// Lowering of a dose with a frequency (`10 mg twice daily`): the bounds become the daily
// equivalent, amount x count / period, exactly and in the drug's unit, so every back end
// computes and compares daily doses as before; `frequency` keeps what was written and the
// exact factor back to the amount given each time.
import type { DoseFrequency, DoseSpec } from '../../language/ast.js';
import { doseUnit, frequencyCount, frequencyPeriodDays } from '../../semantics/doses.js';
import { Rational } from '../../units/rational.js';
import { conversionFactor, multiplyUnits, type UnitInfo } from '../../units/units.js';
import type { IrDose, IrExpr } from '../ir.js';
import { boundedExact, convert, LoweringError, unitOrFail, type Lowered, type LowerContext } from './common.js';

export function lowerFrequencyDose(ctx: LowerContext, dose: DoseSpec, f: DoseFrequency, low: Lowered, high: Lowered | undefined, drugUnit: UnitInfo | undefined, uri: string): IrDose {
  const count = frequencyCount(f);
  if (!count || !low.unit) throw new LoweringError('a dose frequency without a count or an amount');
  const perDay = count.div(frequencyPeriodDays(f));
  const perDayUnit = unitOrFail('/d');
  const daily = (v: Lowered): Lowered => {
    const unit = multiplyUnits(v.unit!, perDayUnit);
    if (v.expr.kind === 'quantity') {
      return { expr: { kind: 'quantity', value: boundedExact(Rational.parse(v.expr.value).mul(perDay), 'a daily dose'), unit: unit.code, dimension: unit.dimension }, unit };
    }
    const rate: IrExpr = { kind: 'quantity', value: boundedExact(perDay, 'a dose frequency'), unit: perDayUnit.code, dimension: perDayUnit.dimension };
    return { expr: { kind: 'arith', op: '*', left: v.expr, right: rate, unit: unit.code, dimension: unit.dimension }, unit };
  };
  const dl = daily(low);
  const dh = high ? daily(high) : undefined;
  const target = drugUnit ?? doseUnit(dl.unit!);
  const amountUnit = doseUnit(low.unit);
  // amount = daily (in `target`) x period / count, brought from target.d to the amount's unit.
  const back = conversionFactor(multiplyUnits(target, 'd'), amountUnit);
  if (!back) throw new LoweringError(`cannot give ${target.code} as an amount in ${amountUnit.code}`);
  return {
    low: convert(dl, target),
    ...(dh ? { high: convert(dh, target) } : {}),
    ...(dh && dose.highExclusive ? { highExclusive: true as const } : {}),
    ofStandard: false,
    unit: target.code,
    frequency: {
      text: ctx.textAt(uri, f.range),
      count: count.toExact(),
      periodDays: frequencyPeriodDays(f).toExact(),
      amountUnit: amountUnit.code,
      amountFactor: boundedExact(Rational.ONE.div(perDay).mul(back), 'a dose frequency'),
    },
  };
}
