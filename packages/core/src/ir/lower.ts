// Lowering: the checked semantic model to the typed IR. Runs only when the checker found no
// error, so it may assume every name resolves and every unit is valid and commensurable.
// Quantities are brought to one unit per comparison here, with exact factors, so back ends
// never convert units except at the input boundary.
import type { DoseSpec, Expr, QuantityLiteral, Range, RuleDecl, ProtocolDecl, ValueList } from '../language/ast.js';
import { declarationNodes } from '../language/node-index.js';
import { unwrapParens } from '../language/walk.js';
import { walkIr } from './walk.js';
import { oneBased } from '../diagnostics/location.js';
import type { FactSymbol, SemanticModel, SemType } from '../semantics/model.js';
import { doseUnit, drugDosing } from '../semantics/doses.js';
import { resolveOverrides } from '../semantics/groups.js';
import { Rational } from '../units/rational.js';
import { commonUnitsFor } from '../units/common-units.js';
import { conversionFactor, convertExact, divideUnits, multiplyUnits, parseUnit, simplifyUnit, type UnitInfo } from '../units/units.js';
import { toDays } from '../units/units-helpers.js';
import {
  IR_VERSION,
  type IrAction,
  type IrDefinition,
  type IrDose,
  type IrExpr,
  type IrFact,
  type IrFactRef,
  type IrLocation,
  type IrProgram,
  type IrProtocol,
  type IrRule,
  type IrTerm,
  type IrType,
  type IrValueSet,
} from './ir.js';

export class LoweringError extends Error {}

/** The longest exact number the IR carries (the JavaScript back end refuses longer ones). */
export const MAX_EXACT_LENGTH = 400;

/**
 * `r` as an IR exact, refused when a back end could not keep it: longer than
 * MAX_EXACT_LENGTH characters or, nonzero, outside [1e-300, 1e300] (so its nearest double
 * is never 0 or infinite). The literal-limits checker rule keeps rule text well inside
 * this; what remains (extreme unit conversions) fails here, in check as in compile.
 */
export function boundedExact(r: Rational, what: string): string {
  const s = r.toExact();
  const x = Math.abs(r.toNumber());
  if (s.length > MAX_EXACT_LENGTH || (!r.isZero() && !(x >= 1e-300 && x <= 1e300))) {
    throw new LoweringError(`${what} is ${s.length > 40 ? `${s.slice(0, 20)}…${s.slice(-8)}` : s}, beyond the numbers an engine keeps exactly (nonzero magnitudes from 1e-300 to 1e300, at most ${MAX_EXACT_LENGTH} characters)`);
  }
  return s;
}

function unitOrFail(code: string): UnitInfo {
  const u = parseUnit(code);
  if (!u.ok) throw new LoweringError(`invalid unit '${code}'`);
  return u.unit;
}

export function irType(t: SemType): IrType {
  switch (t.kind) {
    case 'enum':
      return { kind: 'enum', values: t.values };
    case 'quantity':
      return { kind: 'quantity', unit: t.unit.code, dimension: t.unit.dimension };
    case 'set':
      return { kind: 'set', element: irType(t.element) };
    case 'symbol':
    case 'error':
      throw new LoweringError(`untyped expression (${t.kind})`);
    default:
      return { kind: t.kind };
  }
}

interface Lowered {
  readonly expr: IrExpr;
  /** Set for quantity-valued expressions. */
  readonly unit?: UnitInfo;
}

export function lowerProgram(model: SemanticModel): IrProgram {
  let atomCounter = 0;
  const sourceOf = new Map(model.files.map((f) => [f.uri, f.source]));
  const dosing = drugDosing(model);

  const loc = (uri: string, range: Range): IrLocation => ({ uri, start: range.start, end: range.end });
  const textAt = (uri: string, range: Range): string =>
    (sourceOf.get(uri)?.text.slice(range.start.offset, range.end.offset) ?? '').replace(/\s+/g, ' ').trim();

  /** Bring a quantity expression to `target`, folding literals exactly. */
  const convert = (v: Lowered, target: UnitInfo): IrExpr => {
    if (!v.unit) throw new LoweringError('expected a quantity');
    const f = conversionFactor(v.unit, target);
    if (!f) throw new LoweringError(`cannot convert ${v.unit.code} to ${target.code}`);
    if (v.expr.kind === 'quantity') {
      const value = boundedExact(Rational.parse(v.expr.value).mul(f), `a value converted to ${target.code}`);
      return { kind: 'quantity', value, unit: target.code, dimension: target.dimension };
    }
    if (f.eq(Rational.ONE)) return v.expr;
    return { kind: 'scale', arg: v.expr, factor: boundedExact(f, `the factor from ${v.unit.code} to ${target.code}`), unit: target.code, dimension: target.dimension };
  };

  const factRef = (e: Expr, uri: string): { ref: IrFactRef; fact: FactSymbol } => {
    const s = unwrapParens(e);
    if (s.kind === 'NameRef') {
      const f = model.facts.get(s.name.value);
      if (f) return { ref: { fact: f.name, part: 'value' }, fact: f };
    }
    if (s.kind === 'MemberRef') {
      const f = model.facts.get(s.object.value);
      if (f) return { ref: { fact: f.name, part: s.member }, fact: f };
    }
    throw new LoweringError(`expected a fact at ${uri}:${oneBased(e.range.start).line}`);
  };

  const termsOf = (values: ValueList, element: SemType): IrTerm[] => {
    const out: IrTerm[] = [];
    const add = (t: IrTerm) => {
      if (!out.some((x) => x.name === t.name)) out.push(t);
    };
    for (const item of values.items) {
      if (element.kind === 'enum') {
        add({ name: item.value, codes: [] });
        continue;
      }
      const vs = model.valueSets.get(item.value);
      const names = vs ? vs.decl.members.map((m) => m.name.value) : [item.value];
      for (const n of names) {
        const codes = new Set<string>();
        for (const m of model.members.get(n) ?? []) for (const c of m.member.codes) codes.add(`${c.system.value.toLowerCase()}:${c.code.value}`);
        add({ name: n, codes: [...codes].sort() });
      }
    }
    return out;
  };

  function lowerValue(e: Expr, uri: string): Lowered {
    const t = model.typeOf(e);
    switch (e.kind) {
      case 'ParenExpr':
        return lowerValue(e.expr, uri);
      case 'QuantityLiteral': {
        const u = unitOrFail(e.unit?.text ?? '1');
        return { expr: { kind: 'quantity', value: boundedExact(Rational.parse(e.value), 'a number'), unit: u.code, dimension: u.dimension }, unit: u };
      }
      case 'BooleanLiteral':
        return { expr: { kind: 'boolean', value: e.value } };
      case 'StringLiteral':
        return { expr: { kind: 'text', value: e.value } };
      case 'NameRef': {
        const s = model.resolveValue(e);
        if (!s) return { expr: { kind: 'enumValue', value: e.name.value } };
        if (s.kind === 'definition') return { expr: { kind: 'ref', definition: s.name, type: irType(t) }, unit: t.kind === 'quantity' ? t.unit : undefined };
        return { expr: { kind: 'fact', ref: { fact: s.name, part: 'value' }, type: irType(s.type) }, unit: s.type.kind === 'quantity' ? s.type.unit : undefined };
      }
      case 'MemberRef':
      case 'ContextRef': {
        const f = e.kind === 'MemberRef' ? model.facts.get(e.object.value) : model.contextFact(e);
        if (!f || f.type.kind !== 'quantity') throw new LoweringError('baseline of an unknown fact');
        const part = e.kind === 'MemberRef' ? e.member : e.which;
        return { expr: { kind: 'fact', ref: { fact: f.name, part }, type: irType(f.type) }, unit: f.type.unit };
      }
      case 'NegateExpr': {
        const v = lowerValue(e.operand, uri);
        if (v.expr.kind === 'quantity') return { expr: { ...v.expr, value: Rational.parse(v.expr.value).neg().toExact() }, unit: v.unit };
        return { expr: { kind: 'negate', arg: v.expr, unit: v.unit!.code, dimension: v.unit!.dimension }, unit: v.unit };
      }
      case 'ArithmeticExpr': {
        const l = lowerValue(e.left, uri);
        const r = lowerValue(e.right, uri);
        if (!l.unit || !r.unit) throw new LoweringError('arithmetic on non-quantities');
        if (e.op === '+' || e.op === '-') {
          return { expr: { kind: 'arith', op: e.op, left: l.expr, right: convert(r, l.unit), unit: l.unit.code, dimension: l.unit.dimension }, unit: l.unit };
        }
        const u = e.op === '*' ? multiplyUnits(l.unit, r.unit) : divideUnits(l.unit, r.unit);
        return { expr: { kind: 'arith', op: e.op, left: l.expr, right: r.expr, unit: u.code, dimension: u.dimension }, unit: u };
      }
      default:
        return { expr: lowerCond(e, uri) };
    }
  }

  function atomBase(e: Expr, uri: string) {
    return { atom: atomCounter++, text: textAt(uri, e.range), location: loc(uri, e.range) };
  }

  function lowerCond(e: Expr, uri: string): IrExpr {
    switch (e.kind) {
      case 'ParenExpr':
        return lowerCond(e.expr, uri);
      case 'BooleanLiteral':
        return { kind: 'boolean', value: e.value };
      case 'LogicalExpr': {
        const args: IrExpr[] = [];
        for (const side of [e.left, e.right]) {
          const x = lowerCond(side, uri);
          if (x.kind === e.op) args.push(...x.args);
          else args.push(x);
        }
        return { kind: e.op, args };
      }
      case 'NotExpr':
        return { kind: 'not', arg: lowerCond(e.operand, uri) };
      case 'NameRef':
      case 'MemberRef': {
        const v = lowerValue(e, uri);
        if (v.expr.kind === 'ref') return v.expr;
        return { ...atomBase(e, uri), kind: 'truth', arg: v.expr };
      }
      case 'PresenceExpr': {
        const base = atomBase(e, uri);
        return { ...base, kind: 'presence', ref: factRef(e.subject, uri).ref, missing: e.missing };
      }
      case 'ElapsedExpr': {
        const base = atomBase(e, uri);
        const days = toDays(e.amount.value, e.amount.unit?.text ?? 'd');
        if (!days) throw new LoweringError('elapsed amount is not a time');
        return { ...base, kind: 'elapsed', ref: factRef(e.subject, uri).ref, op: e.op === 'more' ? '>' : e.op === 'less' ? '<' : '<=', days: days.toExact() };
      }
      case 'InExpr': {
        const base = atomBase(e, uri);
        const t = model.typeOf(e.subject);
        const subject = lowerValue(e.subject, uri).expr;
        const values = t.kind === 'enum' ? e.values.items.map((i) => i.value) : termsOf(e.values, t).flatMap((term) => [term.name, ...term.codes]);
        return { ...base, kind: 'in', subject, values: [...new Set(values)], negated: e.negated };
      }
      case 'IncludesExpr': {
        const base = atomBase(e, uri);
        const t = model.typeOf(e.subject);
        if (t.kind !== 'set') throw new LoweringError('includes on a non-set');
        return { ...base, kind: 'includes', subject: lowerValue(e.subject, uri).expr, terms: termsOf(e.values, t.element) };
      }
      case 'CompareExpr': {
        const base = atomBase(e, uri);
        let left = e.left;
        let right = e.right;
        let op = e.op;
        const lt = model.typeOf(left);
        const rt = model.typeOf(right);
        // Keep the fact-like side on the left: `intermediate = tpmt` reads as `tpmt = intermediate`.
        if (lt.kind === 'symbol' || (lt.kind === 'quantity' && left.kind === 'QuantityLiteral' && right.kind !== 'QuantityLiteral')) {
          [left, right] = [right, left];
          op = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '!=': '!=' } as const)[op];
        }
        const lt2 = model.typeOf(left);
        const rt2 = lt2 === lt ? rt : lt;
        if (lt2.kind === 'quantity' && rt2.kind === 'quantity') {
          const l = lowerValue(left, uri);
          const r = lowerValue(right, uri);
          return { ...base, kind: 'compare', op, left: l.expr, right: convert(r, l.unit!), operandType: 'quantity' };
        }
        if (lt2.kind === 'code' || (lt2.kind === 'text' && rt2.kind === 'code')) {
          if (rt2.kind === 'symbol') {
            const codeSubject = lowerValue(left, uri).expr;
            const fakeList: ValueList = { kind: 'ValueList', items: [(unwrapParens(right) as Extract<Expr, { kind: 'NameRef' }>).name], braced: false, range: right.range };
            const values = termsOf(fakeList, { kind: 'code' }).flatMap((term) => [term.name, ...term.codes]);
            return { ...base, kind: 'in', subject: codeSubject, values, negated: op === '!=' };
          }
          return { ...base, kind: 'compare', op, left: lowerValue(left, uri).expr, right: lowerValue(right, uri).expr, operandType: 'code' };
        }
        const operandType = lt2.kind === 'enum' ? 'enum' : lt2.kind === 'boolean' ? 'boolean' : lt2.kind === 'text' ? 'text' : 'date';
        return { ...base, kind: 'compare', op, left: lowerValue(left, uri).expr, right: lowerValue(right, uri).expr, operandType };
      }
      default: {
        const v = lowerValue(e, uri);
        return v.expr;
      }
    }
  }

  // ---- facts, with the units each accepts at the boundary
  // A set (in order of first mention): a unit written in 2,000 rules is tried once per fact, not 2,000 times.
  const mentioned = new Set<string>();
  for (const f of model.files) for (const n of declarationNodes(f.document, 'Unit')) mentioned.add(n.text);
  const facts: IrFact[] = [...model.facts.values()].map((f) => {
    const type = irType(f.type);
    const base = { name: f.name, type, description: f.decl.description?.value, baseline: f.baseline, uln: f.uln, ...(f.optional ? { optional: true } : {}), location: loc(f.uri, f.decl.name.range) };
    if (f.type.kind !== 'quantity') return base;
    const own = f.type.unit;
    const accepted = new Map<string, string>([[own.code, '1']]);
    // Dimensionless facts accept plain numbers and percentages only: mg/kg is dimensionless too.
    const candidates = own.dimension === '1' ? ['1', '%'] : [...commonUnitsFor(own.dimension), ...mentioned];
    for (const code of candidates) {
      if (accepted.has(code)) continue;
      const factor = conversionFactor(code, own);
      // A factor too long for an engine to keep is left out: that unit is then refused, never misread.
      if (factor && !factor.isZero() && factor.toExact().length <= MAX_EXACT_LENGTH) accepted.set(code, factor.toExact());
    }
    const r = f.plausibleRange;
    const range = r ? { range: { low: r.low.toExact(), ...(r.high ? { high: r.high.toExact() } : {}), declared: r.declared } } : {};
    return { ...base, acceptedUnits: [...accepted].map(([unit, factor]) => ({ unit, factor })), ...range };
  });

  const valueSets: IrValueSet[] = [...model.valueSets.values()].map((vs) => ({
    name: vs.name,
    title: vs.decl.title?.value,
    members: vs.decl.members.map((m) => ({ name: m.name.value, codes: m.codes.map((c) => `${c.system.value.toLowerCase()}:${c.code.value}`) })),
    location: loc(vs.uri, vs.decl.name.range),
  }));

  // ---- declarations in source order (atom ids follow it), definitions then sorted by dependency
  const definitions: IrDefinition[] = [];
  const rules: IrRule[] = [];
  const protocols: IrProtocol[] = [];
  for (const file of model.files) {
    const uri = file.uri;
    for (const d of file.document.declarations) {
      if (d.kind === 'DefineDecl') {
        if (model.definitions.get(d.name.value)?.decl !== d) continue;
        const t = model.typeOf(d.expr);
        const expr = t.kind === 'boolean' ? lowerCond(d.expr, uri) : lowerValue(d.expr, uri).expr;
        definitions.push({ name: d.name.value, title: d.title?.value, type: irType(t), expr, location: loc(uri, d.name.range) });
      } else if (d.kind === 'RuleDecl') {
        if (model.rules.get(d.id.value)?.decl !== d) continue;
        rules.push(lowerRule(d, uri));
      } else if (d.kind === 'ProtocolDecl') {
        if (model.rules.get(d.id.value)?.decl !== d) continue;
        protocols.push(lowerProtocol(d, uri));
      }
    }
  }

  function lowerRule(d: RuleDecl, uri: string): IrRule {
    const when = d.when ? lowerCond(d.when, uri) : undefined;
    const unless = d.unless.map((u) => lowerCond(u, uri));
    const actions: IrAction[] = d.actions.map((a) => {
      const action: { -readonly [K in keyof IrAction]: IrAction[K] } = {
        verb: a.verb,
        targets: a.targets.map((t) => t.value),
        permanent: a.permanent,
        location: loc(uri, a.range),
      };
      if (a.message) action.message = a.message.value;
      if (a.dose) {
        const low = lowerValue(a.dose.low, uri);
        const high = a.dose.high ? lowerValue(a.dose.high, uri) : undefined;
        const drug = a.targets[0] ? dosing.get(a.targets[0].value) : undefined;
        if (a.dose.ofStandard && drug?.standard) {
          // Resolved per patient: fraction x the drug's standard dose, in the drug's unit.
          const one = unitOrFail('1');
          const st = model.typeOf(drug.standard.decl.expr);
          const standard = convert({ expr: { kind: 'ref', definition: drug.standard.name, type: irType(st) }, unit: st.kind === 'quantity' ? st.unit : undefined }, drug.unit);
          const times = (fraction: IrExpr): IrExpr => ({ kind: 'arith', op: '*', left: fraction, right: standard, unit: drug.unit.code, dimension: drug.unit.dimension });
          const fl = convert(low, one);
          const fh = high ? convert(high, one) : undefined;
          action.dose = {
            low: times(fl),
            ...(fh ? { high: times(fh) } : {}),
            ...(fh && a.dose.highExclusive ? { highExclusive: true as const } : {}),
            ofStandard: true,
            unit: drug.unit.code,
            relative: { low: fl, ...(fh ? { high: fh } : {}), standard, text: textAt(uri, a.dose.range) },
            ...roundingOf(a.dose, drug.unit),
          };
        } else {
          const target = a.dose.ofStandard ? unitOrFail('1') : (drug?.unit ?? doseUnit(low.unit!));
          action.dose = {
            low: convert(low, target),
            ...(high ? { high: convert(high, target) } : {}),
            ...(high && a.dose.highExclusive ? { highExclusive: true as const } : {}),
            ofStandard: a.dose.ofStandard,
            unit: target.code,
            ...(a.dose.ofStandard ? {} : roundingOf(a.dose, target)),
          };
        }
      }
      if (a.schedule) {
        action.schedule = a.schedule.phases.map((p) => {
          const every = intervalDays(p.every, p.everyHigh);
          const phase = { everyDays: every.low, ...(every.high ? { everyDaysHigh: every.high } : {}), every: every.text };
          if (!p.bound) return phase;
          const b = intervalDays(p.bound.amount, p.bound.amountHigh);
          return { ...phase, bound: { kind: p.bound.kind, days: b.low, ...(b.high ? { daysHigh: b.high } : {}), text: b.text } };
        });
      }
      return action;
    });
    return {
      id: d.id.value,
      title: d.title?.value ?? '',
      sources: d.sources.map((s) => s.value),
      ...(d.strength ? { strength: d.strength.value } : {}),
      ...overridesOf(model, d),
      ...(when ? { when } : {}),
      unless,
      actions,
      location: loc(uri, d.id.range),
    };
  }

  /** A duration or an interval of durations (`1 to 2 wk`: the low end takes the high end's unit when it has none) in days, exact, with its text. */
  function intervalDays(low: QuantityLiteral, high: QuantityLiteral | undefined): { low: string; high?: string; text: string } {
    const unitText = (q: QuantityLiteral) => q.unit?.text ?? 'd';
    const lowUnit = low.unit || !high ? unitText(low) : unitText(high);
    const lowDays = toDays(low.value, lowUnit)!.toExact();
    if (!high) return { low: lowDays, text: `${low.value} ${lowUnit}` };
    const text = lowUnit === unitText(high) ? `${low.value} to ${high.value} ${lowUnit}` : `${low.value} ${lowUnit} to ${high.value} ${unitText(high)}`;
    return { low: lowDays, high: toDays(high.value, unitText(high))!.toExact(), text };
  }

  /** A dose's `rounded to` step in the dose's unit; none when it cannot be converted (the checker reports it). */
  function roundingOf(dose: DoseSpec, unit: UnitInfo): { rounding?: IrDose['rounding'] } {
    const r = dose.rounding;
    if (!r) return {};
    const text = r.unit ? `${r.value} ${r.unit.text}` : r.value;
    const step = convertExact(Rational.parse(r.value), r.unit?.text ?? '1', unit);
    return step && step.sign() > 0 ? { rounding: { step: step.toExact(), text } } : {};
  }

  function lowerProtocol(d: ProtocolDecl, uri: string): IrProtocol {
    const q = (x: { value: string; unit: { text: string } | undefined }) => ({ value: boundedExact(Rational.parse(x.value), 'a protocol amount'), unit: x.unit?.text ?? '1' });
    return {
      id: d.id.value,
      title: d.title?.value ?? '',
      sources: d.sources.map((s) => s.value),
      ...(d.strength ? { strength: d.strength.value } : {}),
      ...(d.drug ? { drug: d.drug.value } : {}),
      ...(d.target ? { target: { dose: q(d.target.dose), duration: q(d.target.duration) } } : {}),
      steps: d.steps.map((s) => ({ dose: q(s.dose), observe: q(s.observe) })),
      location: loc(uri, d.id.range),
    };
  }

  return {
    irVersion: IR_VERSION,
    ruleset: { name: model.header?.name ?? 'unnamed', ...(model.header?.version !== undefined ? { version: model.header.version } : {}), ...strengthsOf(model) },
    facts,
    valueSets,
    definitions: sortDefinitions(definitions),
    rules,
    protocols,
    atomCount: atomCounter,
  };
}

/** Dependency order, stable otherwise: a definition comes after those it refers to. */
function sortDefinitions(defs: IrDefinition[]): IrDefinition[] {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const out: IrDefinition[] = [];
  const done = new Set<string>();
  const visit = (d: IrDefinition) => {
    if (done.has(d.name)) return;
    done.add(d.name);
    for (const dep of refsIn(d.expr)) {
      const x = byName.get(dep);
      if (x) visit(x);
    }
    out.push(d);
  };
  defs.forEach(visit);
  return out;
}

export function refsIn(e: IrExpr): string[] {
  const out: string[] = [];
  walkIr(e, (x) => void (x.kind === 'ref' && out.push(x.definition)));
  return out;
}

/** A rule's `overrides`, groups expanded: whole rules, and (only when some are) single actions. */
function overridesOf(model: SemanticModel, d: RuleDecl): Pick<IrRule, 'overrides' | 'overrideActions'> {
  const r = resolveOverrides(model, d);
  return { overrides: r.whole, ...(r.actions.length > 0 ? { overrideActions: r.actions } : {}) };
}

/** The rule set's own strength vocabulary, when its header declares one (the default five are implied). */
function strengthsOf(model: SemanticModel): { strengths?: readonly string[] } {
  return model.files.some((f) => f.document.header?.strengths) ? { strengths: model.strengths } : {};
}
