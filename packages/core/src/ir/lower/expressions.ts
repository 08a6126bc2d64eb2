// Expressions to IR: values (quantities brought to one unit per comparison, exactly) and
// conditions (each comparison, test or membership an atom with its source text and place).
import type { Expr, ValueList } from '../../language/ast.js';
import { unwrapParens } from '../../language/walk.js';
import { oneBased } from '../../diagnostics/location.js';
import type { FactSymbol, SemType } from '../../semantics/model.js';
import { Rational } from '../../units/rational.js';
import { divideUnits, multiplyUnits } from '../../units/units.js';
import { toDays } from '../../units/units-helpers.js';
import type { IrExpr, IrFactRef, IrTerm } from '../ir.js';
import { boundedExact, convert, irType, LoweringError, unitOrFail, type LowerContext, type Lowered } from './common.js';
import { cellAtomText } from '../../language/tables.js';

function factRef(ctx: LowerContext, e: Expr, uri: string): { ref: IrFactRef; fact: FactSymbol } {
  const s = unwrapParens(e);
  if (s.kind === 'NameRef') {
    const f = ctx.model.facts.get(s.name.value);
    if (f) return { ref: { fact: f.name, part: 'value' }, fact: f };
  }
  if (s.kind === 'MemberRef') {
    const f = ctx.model.facts.get(s.object.value);
    if (f) return { ref: { fact: f.name, part: s.member }, fact: f };
  }
  throw new LoweringError(`expected a fact at ${uri}:${oneBased(e.range.start).line}`);
}

/** The terms a value list names: enum values as they are, value sets expanded to their members with codes. */
function termsOf(ctx: LowerContext, values: ValueList, element: SemType): IrTerm[] {
  const out: IrTerm[] = [];
  const add = (t: IrTerm) => {
    if (!out.some((x) => x.name === t.name)) out.push(t);
  };
  for (const item of values.items) {
    if (element.kind === 'enum') {
      add({ name: item.value, codes: [] });
      continue;
    }
    const vs = ctx.model.valueSets.get(item.value);
    const names = vs ? vs.decl.members.map((m) => m.name.value) : [item.value];
    for (const n of names) {
      const codes = new Set<string>();
      for (const m of ctx.model.members.get(n) ?? []) for (const c of m.member.codes) codes.add(`${c.system.value.toLowerCase()}:${c.code.value}`);
      add({ name: n, codes: [...codes].sort() });
    }
  }
  return out;
}

export function lowerValue(ctx: LowerContext, e: Expr, uri: string): Lowered {
  const { model } = ctx;
  const t = model.typeOf(e);
  switch (e.kind) {
    case 'ParenExpr':
      return lowerValue(ctx, e.expr, uri);
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
      const v = lowerValue(ctx, e.operand, uri);
      if (v.expr.kind === 'quantity') return { expr: { ...v.expr, value: Rational.parse(v.expr.value).neg().toExact() }, unit: v.unit };
      return { expr: { kind: 'negate', arg: v.expr, unit: v.unit!.code, dimension: v.unit!.dimension }, unit: v.unit };
    }
    case 'ArithmeticExpr': {
      const l = lowerValue(ctx, e.left, uri);
      const r = lowerValue(ctx, e.right, uri);
      if (!l.unit || !r.unit) throw new LoweringError('arithmetic on non-quantities');
      if (e.op === '+' || e.op === '-') {
        return { expr: { kind: 'arith', op: e.op, left: l.expr, right: convert(r, l.unit), unit: l.unit.code, dimension: l.unit.dimension }, unit: l.unit };
      }
      const u = e.op === '*' ? multiplyUnits(l.unit, r.unit) : divideUnits(l.unit, r.unit);
      return { expr: { kind: 'arith', op: e.op, left: l.expr, right: r.expr, unit: u.code, dimension: u.dimension }, unit: u };
    }
    default:
      return { expr: lowerCond(ctx, e, uri) };
  }
}

function atomBase(ctx: LowerContext, e: Expr, uri: string) {
  // A cell's test has no text of its own: its column's and its own, joined (tables.ts).
  const cell = cellAtomText.get(e);
  return { atom: ctx.nextAtom(), text: cell ? cell((r) => ctx.textAt(uri, r)) : ctx.textAt(uri, e.range), location: ctx.loc(uri, e.range) };
}

export function lowerCond(ctx: LowerContext, e: Expr, uri: string): IrExpr {
  const { model } = ctx;
  switch (e.kind) {
    case 'ParenExpr':
      return lowerCond(ctx, e.expr, uri);
    case 'BooleanLiteral':
      return { kind: 'boolean', value: e.value };
    case 'LogicalExpr': {
      const args: IrExpr[] = [];
      for (const side of [e.left, e.right]) {
        const x = lowerCond(ctx, side, uri);
        if (x.kind === e.op) args.push(...x.args);
        else args.push(x);
      }
      return { kind: e.op, args };
    }
    case 'NotExpr':
      return { kind: 'not', arg: lowerCond(ctx, e.operand, uri) };
    case 'NameRef':
    case 'MemberRef': {
      const v = lowerValue(ctx, e, uri);
      if (v.expr.kind === 'ref') return v.expr;
      return { ...atomBase(ctx, e, uri), kind: 'truth', arg: v.expr };
    }
    case 'PresenceExpr': {
      const base = atomBase(ctx, e, uri);
      return { ...base, kind: 'presence', ref: factRef(ctx, e.subject, uri).ref, missing: e.missing };
    }
    case 'ElapsedExpr': {
      const base = atomBase(ctx, e, uri);
      const days = toDays(e.amount.value, e.amount.unit?.text ?? 'd');
      if (!days) throw new LoweringError('elapsed amount is not a time');
      return { ...base, kind: 'elapsed', ref: factRef(ctx, e.subject, uri).ref, op: e.op === 'more' ? '>' : e.op === 'less' ? '<' : '<=', days: days.toExact() };
    }
    case 'InExpr': {
      const base = atomBase(ctx, e, uri);
      const t = model.typeOf(e.subject);
      const subject = lowerValue(ctx, e.subject, uri).expr;
      const values = t.kind === 'enum' ? e.values.items.map((i) => i.value) : termsOf(ctx, e.values, t).flatMap((term) => [term.name, ...term.codes]);
      return { ...base, kind: 'in', subject, values: [...new Set(values)], negated: e.negated };
    }
    case 'IncludesExpr': {
      const base = atomBase(ctx, e, uri);
      const t = model.typeOf(e.subject);
      if (t.kind !== 'set') throw new LoweringError('includes on a non-set');
      return { ...base, kind: 'includes', subject: lowerValue(ctx, e.subject, uri).expr, terms: termsOf(ctx, e.values, t.element) };
    }
    case 'CompareExpr': {
      const base = atomBase(ctx, e, uri);
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
        const l = lowerValue(ctx, left, uri);
        const r = lowerValue(ctx, right, uri);
        return { ...base, kind: 'compare', op, left: l.expr, right: convert(r, l.unit!), operandType: 'quantity' };
      }
      if (lt2.kind === 'code' || (lt2.kind === 'text' && rt2.kind === 'code')) {
        if (rt2.kind === 'symbol') {
          const codeSubject = lowerValue(ctx, left, uri).expr;
          const fakeList: ValueList = { kind: 'ValueList', items: [(unwrapParens(right) as Extract<Expr, { kind: 'NameRef' }>).name], braced: false, range: right.range };
          const values = termsOf(ctx, fakeList, { kind: 'code' }).flatMap((term) => [term.name, ...term.codes]);
          return { ...base, kind: 'in', subject: codeSubject, values, negated: op === '!=' };
        }
        return { ...base, kind: 'compare', op, left: lowerValue(ctx, left, uri).expr, right: lowerValue(ctx, right, uri).expr, operandType: 'code' };
      }
      const operandType = lt2.kind === 'enum' ? 'enum' : lt2.kind === 'boolean' ? 'boolean' : lt2.kind === 'text' ? 'text' : 'date';
      return { ...base, kind: 'compare', op, left: lowerValue(ctx, left, uri).expr, right: lowerValue(ctx, right, uri).expr, operandType };
    }
    default: {
      const v = lowerValue(ctx, e, uri);
      return v.expr;
    }
  }
}
