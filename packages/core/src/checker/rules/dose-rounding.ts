// Reports a dose's `rounded to` step that cannot round it: zero, in a unit the dose cannot
// be given in (25 mg for a drug dosed in mg/d), or on a fraction of a standard dose the rule
// set does not declare (there is no amount to round). Rounding is for display; a step that
// does not fit the dose is refused rather than applied loosely.
import { codes } from '../../diagnostics/codes.js';
import { actionDoseUnit, doseUnit, drugDosing } from '../../semantics/doses.js';
import { Rational } from '../../units/rational.js';
import { commensurable, dimensionLabel, parseUnit } from '../../units/units.js';
import { ruleActions } from '../helpers.js';
import type { CheckerRule } from '../rule.js';

export const doseRounding: CheckerRule = {
  name: 'dose-rounding',
  phase: 'semantic',
  check(ctx) {
    const m = ctx.model;
    const dosing = drugDosing(m);
    for (const { uri, action: a } of ruleActions(m)) {
      const r = a.dose?.rounding;
      if (!a.dose || !r || a.dose.frequency) continue;
      const step = `${r.value}${r.unit ? ` ${r.unit.text}` : ''}`;
      const at = { uri, range: r.range };
      const drug = a.targets[0] ? dosing.get(a.targets[0].value) : undefined;
      if (a.dose.ofStandard && !drug?.standard) {
        ctx.report(codes.invalidRounding, at, { step, reason: `the dose is a fraction of the standard dose of ${a.targets[0]?.value ?? 'the drug'}, which the rule set does not declare (\`define standard ${a.targets[0]?.value ?? 'DRUG'} = …\`)` });
        continue;
      }
      const own = actionDoseUnit(m, a);
      const unit = drug?.unit ?? (own ? doseUnit(own) : undefined);
      if (!unit) continue; // the dose itself is in error
      const parsed = parseUnit(r.unit?.text ?? '1');
      if (!parsed.ok) continue; // invalid-unit reports it
      if (!commensurable(parsed.unit, unit)) {
        ctx.report(codes.invalidRounding, at, {
          step,
          reason: `${parsed.unit.code} (${dimensionLabel(parsed.unit.dimension)}) is not a unit of the dose, which is given in ${unit.code} (${dimensionLabel(unit.dimension)})`,
        });
        continue;
      }
      if (Rational.parse(r.value).sign() <= 0) ctx.report(codes.invalidRounding, at, { step, reason: 'the step must be more than zero' });
    }
  },
};
