// Reports a dose frequency (`10 mg twice daily`) that cannot be read exactly: a count that is
// no whole number of administrations (`1.5 times daily`, `some times daily`, `0 times`), a
// frequency on a fraction of the standard dose (no amount to give), an amount that is already
// a rate (`10 mg/d twice daily`), and display rounding, which would round the daily total,
// not the amount given each time. Whether the daily equivalent fits the drug's unit is
// dose-units' (VGL4004).
import { codes } from '../../diagnostics/codes.js';
import { frequencyCount } from '../../semantics/doses.js';
import { dimensionLabel } from '../../units/units.js';
import { ruleActions, textOf } from '../helpers.js';
import type { CheckerRule } from '../rule.js';

export const doseFrequency: CheckerRule = {
  name: 'dose-frequency',
  phase: 'semantic',
  check(ctx) {
    const m = ctx.model;
    for (const { uri, action: a } of ruleActions(m)) {
      const f = a.dose?.frequency;
      if (!a.dose || !f) continue;
      const frequency = textOf(m, uri, f.range);
      const n = frequencyCount(f);
      if (!n || n.sign() <= 0 || n.den !== 1n)
        ctx.report(codes.frequencyCount, { uri, range: f.countRange }, { count: f.count, frequency });
      if (a.dose.ofStandard) {
        ctx.report(codes.frequencyNotAmount, { uri, range: f.range }, { frequency, reason: "a fraction of the standard dose names no amount to give each time; give the amount (e.g. '25 mg twice daily')" });
        continue;
      }
      for (const part of [a.dose.low, ...(a.dose.high ? [a.dose.high] : [])]) {
        const t = m.typeOf(part);
        if (t.kind === 'quantity' && /(^|\.)T-/.test(t.unit.dimension))
          ctx.report(codes.frequencyNotAmount, { uri, range: part.range }, {
            frequency,
            reason: `'${textOf(m, uri, part.range)}' is ${t.unit.code} (${dimensionLabel(t.unit.dimension)}), a rate; give the amount each administration (e.g. '10 mg ${frequency}')`,
          });
      }
      if (a.dose.rounding)
        ctx.report(codes.frequencyRounding, { uri, range: a.dose.rounding.range }, { frequency });
    }
  },
};
