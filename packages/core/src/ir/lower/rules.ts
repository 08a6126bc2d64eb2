// Rules to IR: conditions, actions (doses brought to the drug's unit, relative doses
// resolved against its standard dose, schedules in days) and overrides with groups expanded.
import type { Action, DoseSpec, RuleDecl } from '../../language/ast.js';
import type { SemanticModel } from '../../semantics/model.js';
import { doseUnit } from '../../semantics/doses.js';
import { resolveOverrides } from '../../semantics/groups.js';
import { Rational } from '../../units/rational.js';
import { convertExact, type UnitInfo } from '../../units/units.js';
import type { IrAction, IrDose, IrExpr, IrRule } from '../ir.js';
import { convert, irType, unitOrFail, type LowerContext } from './common.js';
import { lowerCond, lowerValue } from './expressions.js';
import { lowerSchedule } from './schedules.js';
import { lowerFrequencyDose } from './frequencies.js';
import { lowerTitrationDose } from './titrations.js';

export function lowerRule(ctx: LowerContext, d: RuleDecl, uri: string): IrRule {
  const when = d.when ? lowerCond(ctx, d.when, uri) : undefined;
  const unless = d.unless.map((u) => lowerCond(ctx, u, uri));
  const actions = d.actions.map((a) => lowerAction(ctx, a, uri));
  return {
    id: d.id.value,
    title: d.title?.value ?? '',
    sources: d.sources.map((s) => s.value),
    ...(d.strength ? { strength: d.strength.value } : {}),
    ...overridesOf(ctx.model, d),
    ...(when ? { when } : {}),
    unless,
    actions,
    location: ctx.loc(uri, d.id.range),
  };
}

function lowerAction(ctx: LowerContext, a: Action, uri: string): IrAction {
  const action: { -readonly [K in keyof IrAction]: IrAction[K] } = {
    verb: a.verb,
    targets: a.targets.map((t) => t.value),
    permanent: a.permanent,
    location: ctx.loc(uri, a.range),
  };
  if (a.message) action.message = a.message.value;
  if (a.dose) action.dose = lowerDose(ctx, a, a.dose, uri);
  if (a.schedule) action.schedule = lowerSchedule(a.schedule);
  return action;
}

function lowerDose(ctx: LowerContext, a: Action, dose: DoseSpec, uri: string): IrDose {
  const { model } = ctx;
  const low = lowerValue(ctx, dose.low, uri);
  const high = dose.high ? lowerValue(ctx, dose.high, uri) : undefined;
  const drug = a.targets[0] ? ctx.dosing.get(a.targets[0].value) : undefined;
  if (dose.ofStandard && drug?.standard) {
    // Resolved per patient: fraction x the drug's standard dose, in the drug's unit.
    const one = unitOrFail('1');
    const st = model.typeOf(drug.standard.decl.expr);
    const standard = convert({ expr: { kind: 'ref', definition: drug.standard.name, type: irType(st) }, unit: st.kind === 'quantity' ? st.unit : undefined }, drug.unit);
    const times = (fraction: IrExpr): IrExpr => ({ kind: 'arith', op: '*', left: fraction, right: standard, unit: drug.unit.code, dimension: drug.unit.dimension });
    const fl = convert(low, one);
    const fh = high ? convert(high, one) : undefined;
    return {
      low: times(fl),
      ...(fh ? { high: times(fh) } : {}),
      ...(fh && dose.highExclusive ? { highExclusive: true as const } : {}),
      ofStandard: true,
      unit: drug.unit.code,
      relative: { low: fl, ...(fh ? { high: fh } : {}), standard, text: ctx.textAt(uri, dose.range) },
      ...roundingOf(dose, drug.unit),
    };
  }
  if (dose.titration && high) return lowerTitrationDose(ctx, dose, dose.titration, low, high, drug?.unit, uri);
  if (dose.frequency) return lowerFrequencyDose(ctx, dose, dose.frequency, low, high, drug?.unit, uri);
  const target = dose.ofStandard ? unitOrFail('1') : (drug?.unit ?? doseUnit(low.unit!));
  return {
    low: convert(low, target),
    ...(high ? { high: convert(high, target) } : {}),
    ...(high && dose.highExclusive ? { highExclusive: true as const } : {}),
    ofStandard: dose.ofStandard,
    unit: target.code,
    ...(dose.ofStandard ? {} : roundingOf(dose, target)),
  };
}

/** A dose's `rounded to` step in the dose's unit; none when it cannot be converted (the checker reports it). */
function roundingOf(dose: DoseSpec, unit: UnitInfo): { rounding?: IrDose['rounding'] } {
  const r = dose.rounding;
  if (!r) return {};
  const text = r.unit ? `${r.value} ${r.unit.text}` : r.value;
  const step = convertExact(Rational.parse(r.value), r.unit?.text ?? '1', unit);
  return step && step.sign() > 0 ? { rounding: { step: step.toExact(), text } } : {};
}

/** A rule's `overrides`, groups expanded: whole rules, and (only when some are) single actions. */
function overridesOf(model: SemanticModel, d: RuleDecl): Pick<IrRule, 'overrides' | 'overrideActions'> {
  const r = resolveOverrides(model, d);
  return { overrides: r.whole, ...(r.actions.length > 0 ? { overrideActions: r.actions } : {}) };
}
