// Reports a dose that cannot be given in its drug's unit (mg against a drug dosed in mg/d),
// naming both units and what set the drug's unit, and a standard dose that is no dose.
import { codes } from '../../diagnostics/codes.js';
import { formatLine } from '../../diagnostics/location.js';
import { actionDoseUnit, drugDosing, standardDoses } from '../../semantics/doses.js';
import { describeType } from '../../semantics/model.js';
import { commensurable, dimensionLabel } from '../../units/units.js';
import { ruleActions, textOf } from '../helpers.js';
import type { CheckerRule } from '../rule.js';

export const doseUnits: CheckerRule = {
  name: 'dose-units',
  phase: 'semantic',
  check(ctx) {
    const m = ctx.model;
    for (const [drug, def] of standardDoses(m)) {
      const t = m.typeOf(def.decl.expr);
      if (t.kind === 'error') continue;
      if (t.kind !== 'quantity' || t.unit.dimension === '1')
        ctx.report(codes.standardDoseNotQuantity, { uri: def.uri, range: def.decl.expr.range }, { drug, type: describeType(t) });
    }
    const dosing = drugDosing(m);
    for (const { uri, action: a } of ruleActions(m)) {
      const u = actionDoseUnit(m, a);
      if (!u || u.dimension === '1') continue;
      for (const target of a.targets) {
        const drug = dosing.get(target.value);
        if (!drug || commensurable(u, drug.unit)) continue;
        const line = formatLine(drug.from.uri, drug.from.range.start);
        const why = drug.from.kind === 'standard' ? `its standard dose (${line})` : `its first dose (${line})`;
        ctx.report(codes.doseUnitMismatch, { uri: uri, range: a.dose!.range }, {
          dose: textOf(m, uri, a.dose!.range),
          unit: u.code,
          dimension: dimensionLabel(u.dimension),
          drug: target.value,
          drugUnit: drug.unit.code,
          drugDimension: dimensionLabel(drug.unit.dimension),
          why,
        });
      }
    }
  },
};
