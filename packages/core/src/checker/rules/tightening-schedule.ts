// Reports a schedule modifier (`tightens monitor cbc of G …`) that cannot tighten: a factor
// not above one (VGL3038), a `to every` cadence that is no time (VGL4007), or one that would
// leave some phase of a schedule it reaches less frequent at either end (VGL3037, naming the
// phase). The schedules are compared exactly, in days.
import { codes } from '../../diagnostics/codes.js';
import type { QuantityLiteral } from '../../language/ast.js';
import { cadenceOf, loosenedPhases, tightenedCadence, tightenTargets, tightenClauses } from '../../semantics/modifiers.js';
import { Rational } from '../../units/rational.js';
import { parseUnit } from '../../units/units.js';
import { timeDimension } from '../../units/units-helpers.js';
import { textOf } from '../helpers.js';
import type { CheckerRule } from '../rule.js';

export const tighteningSchedule: CheckerRule = {
  name: 'tightening-schedule',
  phase: 'semantic',
  check(ctx) {
    const m = ctx.model;
    for (const { rule, uri, clause } of tightenClauses(m)) {
      if (clause.factor) {
        const f = Rational.tryParse(clause.factor.value);
        if (!f || !f.gt(Rational.ONE)) ctx.report(codes.tighteningFactor, { uri, range: clause.factor.range }, { factor: clause.factor.text });
        continue;
      }
      const every = clause.every;
      if (!every) continue;
      const isTime = (q: QuantityLiteral, unit: string | undefined) => {
        const u = parseUnit(unit ?? '1');
        return !u.ok || u.unit.dimension === timeDimension();
      };
      const lowOk = isTime(every.every, every.every.unit?.text ?? every.everyHigh?.unit?.text);
      const highOk = !every.everyHigh || isTime(every.everyHigh, every.everyHigh.unit?.text);
      if (!lowOk) ctx.report(codes.scheduleNotTime, { uri, range: every.every.range }, { quantity: textOf(m, uri, every.every.range) });
      if (!highOk) ctx.report(codes.scheduleNotTime, { uri, range: every.everyHigh!.range }, { quantity: textOf(m, uri, every.everyHigh!.range) });
      if (!lowOk || !highOk) continue;
      // A reversed interval is VGL3030's: it says no cadence to compare.
      const c = cadenceOf(every);
      if (!c || c.low.gt(c.high)) continue;
      for (const t of tightenTargets(m, rule.id.value, clause)) {
        const phase = loosenedPhases(clause, t.schedule)[0];
        if (phase === undefined) continue;
        const p = t.schedule.phases[phase - 1]!;
        ctx.report(codes.tighteningLoosens, { uri, range: every.range }, {
          clause: textOf(m, uri, clause.range),
          phase: String(phase),
          target: t.rule,
          from: cadenceOf(p)!.text,
          to: tightenedCadence(clause, p)!.text,
        });
      }
    }
  },
};
