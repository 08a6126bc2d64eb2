// Reports a titration or taper whose step is not in a unit of its doses (`increase by 1 wk`,
// `by 25 mg` for doses in mg/d) or whose interval is not a time: the schedule could not be
// computed exactly, so it is refused rather than read loosely.
import { codes } from '../../diagnostics/codes.js';
import { parseUnit } from '../../units/units.js';
import { commensurable, dimensionLabel } from '../../units/units.js';
import { timeDimension } from '../../units/units-helpers.js';
import { ruleActions, textOf } from '../helpers.js';
import type { CheckerRule } from '../rule.js';

export const titrationUnits: CheckerRule = {
  name: 'titration-units',
  phase: 'semantic',
  check(ctx) {
    const m = ctx.model;
    for (const { uri, action: a } of ruleActions(m)) {
      const t = a.dose?.titration;
      if (!a.dose || !t) continue;
      const every = parseUnit(t.every.unit?.text ?? '1');
      if (every.ok && every.unit.dimension !== timeDimension()) ctx.report(codes.scheduleNotTime, { uri, range: t.every.range }, { quantity: textOf(m, uri, t.every.range) });
      const dose = m.typeOf(a.dose.low);
      const step = m.typeOf(t.step);
      if (dose.kind !== 'quantity' || step.kind !== 'quantity' || commensurable(dose.unit, step.unit)) continue;
      ctx.report(codes.titrationStepUnits, { uri, range: t.step.range }, {
        step: textOf(m, uri, t.step.range),
        unit: step.unit.code,
        dimension: dimensionLabel(step.unit.dimension),
        doseUnit: dose.unit.code,
        doseDimension: dimensionLabel(dose.unit.dimension),
      });
    }
  },
};
