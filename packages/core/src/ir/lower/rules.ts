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
import { lowerSchedule, lowerTightenings, lowerWindow } from './schedules.js';
import { lowerFrequencyDose } from './frequencies.js';
import { lowerTitrationDose } from './titrations.js';
import { keptOr } from './kept.js';
import { lowerOtherwise } from './otherwise.js';

/** What of a rule's IR comes from its own text (with the facts, definitions and dosing it reads): all but its overrides. */
export interface RuleBody {
  readonly when: IrExpr | undefined;
  readonly unless: readonly IrExpr[];
  readonly actions: readonly IrAction[];
}

export function lowerRule(ctx: LowerContext, d: RuleDecl, uri: string, body: RuleBody = lowerRuleBody(ctx, d, uri)): IrRule {
  const { when, unless, actions } = body;
  return {
    id: d.id.value,
    title: d.title?.value ?? '',
    sources: d.sources.map((s) => s.value),
    ...(d.strength ? { strength: d.strength.value } : {}),
    ...overridesOf(ctx.model, d),
    ...tighteningsOf(ctx.model, d),
    ...(when ? { when } : {}),
    unless,
    actions,
    location: ctx.loc(uri, d.id.range),
  };
}

/**
 * A rule's IR with its body kept from an earlier check when nothing it reads changed
 * (kept.ts); the overrides are resolved afresh: they read other rules' groups and actions.
 */
export function keptRule(ctx: LowerContext, env: object, d: RuleDecl, uri: string): IrRule {
  // An otherwise rule's condition is made of its siblings' conditions, which its own text does not show: lowered afresh.
  if (d.otherwise) return lowerRule(ctx, d, uri);
  return lowerRule(ctx, d, uri, keptOr(ctx, env, d, uri, dosingRead(ctx, d), () => lowerRuleBody(ctx, d, uri)));
}

export function lowerRuleBody(ctx: LowerContext, d: RuleDecl, uri: string): RuleBody {
  const when = d.otherwise ? lowerOtherwise(ctx, d, uri) : d.when ? lowerCond(ctx, d.when, uri) : undefined;
  const unless = d.unless.map((u) => lowerCond(ctx, u, uri));
  const actions = d.actions.map((a) => lowerAction(ctx, a, uri));
  return { when, unless, actions };
}

/**
 * The dosing a rule's lowering reads besides its own text: the unit and standard dose of
 * each dosed drug (set by the whole rule set), as one string.
 */
export function dosingRead(ctx: LowerContext, d: RuleDecl): string {
  let out = '';
  for (const a of d.actions) {
    if (!a.dose) continue;
    const drug = a.targets[0] ? ctx.dosing.get(a.targets[0].value) : undefined;
    out += `${drug?.unit.code ?? ''}:${drug?.standard?.name ?? ''};`;
  }
  return out;
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
  if (a.schedule?.window) action.window = lowerWindow(a.schedule.window);
  else if (a.schedule) action.schedule = lowerSchedule(a.schedule);
  if (a.schedule?.anchor) {
    // The checker has made it a date or datetime fact (VGL3036).
    const fact = a.schedule.anchor.name.value;
    const t = ctx.model.facts.get(fact)?.type;
    action.anchor = { fact, type: t?.kind === 'datetime' ? 'datetime' : 'date' };
  }
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

/** A rule's schedule modifiers, groups expanded, each target's schedule computed exactly. */
function tighteningsOf(model: SemanticModel, d: RuleDecl): Pick<IrRule, 'tightens'> {
  const t = lowerTightenings(model, d);
  return t.length > 0 ? { tightens: t } : {};
}
