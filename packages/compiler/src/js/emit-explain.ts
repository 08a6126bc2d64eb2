// The slow paths' data and code: condition trees for the walkers in the prelude, and one
// render function per atom, `$rN()`, that quotes the atom with the patient's values, e.g.
// `wbc 2.1 10*9/L < 2.5 10*9/L` or `alt 250 U/L >= 5 x baseline (5 x 40 U/L = 200 U/L)`.
// None of this runs on the fast path; it runs for firing rules, not-evaluable rules and traces.
import type { IrAtom, IrDose, IrExpr, IrFactRef } from '@vigil/core';
import { isIrAtom } from '@vigil/core';
import { EmitContext, typeOf } from './context.js';
import { GenerateError, exactText, int, lit, num, parseExact, type Rational } from './escape.js';
import { Block, factVar, genCond, genR, genV, once } from './emit-values.js';
import { dateValue, membership, normalizeCode } from './emit-atoms.js';
import { choice, concat, js, type Piece } from './text-pieces.js';

/** A condition as a tree literal: [0, atom] [1, ...and] [2, ...or] [3, not] [4, definition] [5, constant]. */
export function tree(ctx: EmitContext, e: IrExpr): string {
  if (isIrAtom(e)) return `[0, ${int(e.atom)}]`;
  switch (e.kind) {
    case 'and':
      return `[1${e.args.map((a) => `, ${tree(ctx, a)}`).join('')}]`;
    case 'or':
      return `[2${e.args.map((a) => `, ${tree(ctx, a)}`).join('')}]`;
    case 'not':
      return `[3, ${tree(ctx, e.arg)}]`;
    case 'ref': {
      const { index } = ctx.definition(e.definition);
      if (!ctx.isConditionDef(index)) throw new GenerateError(`definition ${JSON.stringify(e.definition)} is not a condition`);
      return `[4, ${int(index)}]`;
    }
    case 'boolean':
      return `[5, ${e.value ? 1 : 0}]`;
    default:
      throw new GenerateError(`expected a condition, got ${JSON.stringify(e.kind)}`);
  }
}

const unitSuffix = (u: string): string => (u === '1' ? '' : ` ${u}`);

function refLabel(ref: IrFactRef, context?: string): string {
  if (ref.part === 'value') return ref.fact;
  return ref.fact === context ? ref.part : `${ref.fact}.${ref.part}`;
}

/** Source-like text of a quantity expression, by names: `5 x baseline`. */
function namesForm(ctx: EmitContext, e: IrExpr, context: string | undefined): string {
  switch (e.kind) {
    case 'fact':
      return refLabel(e.ref, context);
    case 'quantity':
      return exactText(e.value) + unitSuffix(e.unit);
    case 'ref':
      return e.definition;
    case 'scale':
      return namesForm(ctx, e.arg, context);
    case 'negate':
      return `-${paren(e.arg, namesForm(ctx, e.arg, context))}`;
    case 'arith':
      return `${side(e, e.left, namesForm(ctx, e.left, context), false)} ${e.op === '*' ? 'x' : e.op} ${side(e, e.right, namesForm(ctx, e.right, context), true)}`;
    default:
      throw new GenerateError(`expected a quantity expression, got ${JSON.stringify(e.kind)}`);
  }
}

function paren(e: IrExpr, s: string): string {
  return e.kind === 'arith' ? `(${s})` : s;
}

function side(parent: Extract<IrExpr, { kind: 'arith' }>, child: IrExpr, s: string, right: boolean): string {
  if (child.kind !== 'arith') return s;
  const low = (op: string) => op === '+' || op === '-';
  if ((parent.op === '*' || parent.op === '/') && low(child.op)) return `(${s})`;
  if (right && (parent.op === '-' || parent.op === '/') && (low(child.op) === low(parent.op) || parent.op === '/')) return `(${s})`;
  return s;
}

/** The text of a quantity expression with the patient's values, as pieces. */
function valuesForm(ctx: EmitContext, e: IrExpr, b: Block, bail: string, labelled = false): Piece[] {
  switch (e.kind) {
    case 'fact': {
      const v = genV(ctx, e, b, bail);
      return [labelled ? `${refLabel(e.ref)} ` : '', js(`$fmtF(${int(ctx.slot(e.ref))}, ${v})`), unitSuffix(e.type.kind === 'quantity' ? e.type.unit : '1')];
    }
    case 'quantity':
      return [exactText(e.value) + unitSuffix(e.unit)];
    case 'ref': {
      const r = genR(ctx, e, b, bail);
      const t = ctx.definition(e.definition).def.type;
      return [labelled ? `${e.definition} ` : '', js(`$fmtR(${r})`), unitSuffix(t.kind === 'quantity' ? t.unit : '1')];
    }
    case 'scale':
      return valuesForm(ctx, e.arg, b, bail, labelled);
    case 'negate': {
      const inner = valuesForm(ctx, e.arg, b, bail, labelled);
      return e.arg.kind === 'arith' ? ['-(', ...inner, ')'] : ['-', ...inner];
    }
    case 'arith': {
      const wrap = (child: IrExpr, s: Piece[], right: boolean): Piece[] => {
        const marked = side(e, child, '\u0000', right);
        return marked === '\u0000' ? s : ['(', ...s, ')'];
      };
      const l = wrap(e.left, valuesForm(ctx, e.left, b, bail, labelled), false);
      const r = wrap(e.right, valuesForm(ctx, e.right, b, bail, labelled), true);
      return [...l, ` ${e.op === '*' ? 'x' : e.op} `, ...r];
    }
    default:
      throw new GenerateError(`expected a quantity expression, got ${JSON.stringify(e.kind)}`);
  }
}

/** One side of a quantity comparison. */
function quantitySide(ctx: EmitContext, e: IrExpr, unit: string, b: Block, bail: string, context: string | undefined): Piece[] {
  if (e.kind === 'quantity') return [exactText(e.value) + unitSuffix(e.unit)];
  if (e.kind === 'fact') return [`${refLabel(e.ref, context)} `, ...valuesForm(ctx, e, b, bail)];
  if (e.kind === 'ref') return [`${e.definition} `, ...valuesForm(ctx, e, b, bail)];
  const product = scaledFact(ctx, e);
  let total: Piece;
  if (product) {
    // k x fact: the exact product from the fact's text, with integers (no BigInt) when they suffice.
    const v = genV(ctx, product.fact, b, bail);
    total = js(`$fmtKx(${num(product.km)}, ${int(product.kp)}, ${ctx.rational(product.k)}, ${v}, $fmtF(${int(ctx.slot(product.fact.ref))}, ${v}))`);
  } else total = js(`$fmtR(${genR(ctx, e, b, bail)})`);
  return [`${namesForm(ctx, e, context)} (`, ...valuesForm(ctx, e, b, bail), ' = ', total, `${unitSuffix(unit)})`];
}

/** `k x fact` (or `fact x k`, or a fact scaled by k) with k a decimal of at most 6 digits: its parts. */
export function scaledFact(ctx: EmitContext, e: IrExpr): { fact: Extract<IrExpr, { kind: 'fact' }>; k: Rational; km: number; kp: number } | undefined {
  const parts = (kr: Rational, y: IrExpr) => {
    if (y.kind !== 'fact' || y.type.kind !== 'quantity') return undefined;
    // k = km / 10^kp exactly.
    for (let kp = 0; kp <= 6; kp++) {
      const p = 10n ** BigInt(kp);
      if ((kr.n * p) % kr.d !== 0n) continue;
      const km = (kr.n * p) / kr.d;
      return km <= 1_000_000n && km >= -1_000_000n ? { fact: y, k: kr, km: Number(km), kp } : undefined;
    }
    return undefined;
  };
  if (e.kind === 'scale') return parts(parseExact(e.factor), e.arg);
  if (e.kind === 'arith' && e.op === '*') {
    if (e.left.kind === 'quantity') return parts(parseExact(e.left.value), e.right);
    if (e.right.kind === 'quantity') return parts(parseExact(e.right.value), e.left);
  }
  void ctx;
  return undefined;
}

/** Display of a non-quantity value. */
function display(ctx: EmitContext, e: IrExpr, v: string, kind: string | undefined): string {
  switch (kind) {
    case 'text':
      return `JSON.stringify(${v})`;
    case 'date':
      return `$fmtDate(${v}, true)`;
    case 'datetime':
      return `$fmtDate(${v}, false)`;
    case 'boolean':
      return `String(${v})`;
    default:
      return v;
  }
}

function subjectLabel(e: IrExpr): string | undefined {
  if (e.kind === 'fact') return refLabel(e.ref);
  if (e.kind === 'ref') return e.definition;
  return undefined;
}

export function emitRender(ctx: EmitContext, a: IrAtom): string {
  const b = new Block(1);
  const text = a.text;
  const bail = `return ${lit(text)};`;
  let result: Piece[];
  switch (a.kind) {
    case 'compare':
      result = renderCompare(ctx, a, b, bail);
      break;
    case 'in': {
      const label = subjectLabel(a.subject);
      if (label === undefined) {
        result = [a.text];
        break;
      }
      const v = genV(ctx, a.subject, b, bail);
      const test = membership(ctx, a, v);
      const list = ` { ${a.values.join(', ')} }`;
      result = [`${label} = `, js(v), choice(test, [`, in${list}`], [`, not in${list}`])];
      break;
    }
    case 'includes': {
      const label = subjectLabel(a.subject) ?? a.text;
      const v = genV(ctx, a.subject, b, bail);
      const t = typeOf(ctx, a.subject);
      const isCode = t?.kind === 'set' && t.element.kind === 'code';
      const terms = a.terms.map((term) => {
        const spellings = isCode ? ctx.expandCodes([term.name, ...term.codes]) : [term.name];
        return `[${lit(term.name)}, ${ctx.stringSet(spellings)}]`;
      });
      const found = b.tmp('m');
      const table = `$IT${int(a.atom)}`;
      ctx.hoisted.push(`const ${table} = [${terms.join(', ')}];`);
      // The terms found, joined with ", " as they are found (null: none yet).
      b.line(`let ${found} = null;`);
      b.open(`for (let j = 0; j < ${table}.length; j++) {`);
      b.line(`const name = ${table}[j][0], set = ${table}[j][1];`);
      b.line(`for (let i = 0; i < ${v}.length; i++) if (set.has(${v}[i])) { const x = ${v}[i] === name ? name : name + " (" + ${v}[i] + ")"; ${found} = ${found} === null ? x : ${found} + ", " + x; break; }`);
      b.close();
      const none = `${label} includes none of { ${a.terms.map((t2) => t2.name).join(', ')} }`;
      result = [choice(`${found} !== null`, [`${label} includes `, js(found)], [none])];
      break;
    }
    case 'presence': {
      const key = ctx.inputs[ctx.slot(a.ref)]!.key;
      result = [choice(`${factVar(ctx.slot(a.ref))} == null`, [`${key} is missing`], [`${key} is present`])];
      break;
    }
    case 'elapsed': {
      const v = genV(ctx, { kind: 'fact', ref: a.ref, type: { kind: 'datetime' } }, b, bail);
      const phrase = a.op === '>' ? 'more than' : a.op === '<' ? 'less than' : 'within';
      const held = once(b, `(h === undefined ? $a${int(a.atom)}() : h)`);
      result = [`${refLabel(a.ref)} `, js(`$fmtA(($N - ${v}) / 86400000)`), choice(`${held} === 0`, [` d ago, not ${phrase} ${exactText(a.days)} d`], [` d ago, ${phrase} ${exactText(a.days)} d`])];
      break;
    }
    case 'truth': {
      const label = subjectLabel(a.arg);
      if (label === undefined) {
        result = [a.text];
        break;
      }
      const x = once(b, genCond(ctx, a.arg, b));
      result = [`${label} = `, truthText(x)];
      break;
    }
    default:
      result = [text];
  }
  b.line(`return ${concat(result)};`);
  // h: the atom's value when the caller knows it (undefined: evaluated again here).
  return `function $r${int(a.atom)}(h) {\n${b.text()}\n}`;
}

/** A three-valued truth x (1, 0, 2) as text. */
const truthText = (x: string): Piece => choice(`${x} === 1`, ['true'], [choice(`${x} === 0`, ['false'], ['unknown'])]);

/** The operator that holds when `op` does not, between known values. */
const NEGATED = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '=': '!=', '!=': '=' } as const;

/**
 * A comparison with the patient's values. An explanation quotes the atoms that made a
 * condition what it is, so a comparison that is false (under `not`, or in a rule that did
 * not fire) is shown with the operator that holds: `wbc 5 10*9/L >= 2 10*9/L`, never the
 * false `wbc 5 10*9/L < 2 10*9/L`.
 */
function renderCompare(ctx: EmitContext, a: Extract<IrAtom, { kind: 'compare' }>, b: Block, bail: string): Piece[] {
  const held = once(b, `(h === undefined ? $a${int(a.atom)}() : h)`);
  const op = (o: keyof typeof NEGATED, before: string, after: string): Piece => choice(`${held} === 0`, [`${before}${NEGATED[o]}${after}`], [`${before}${o}${after}`]);
  if (a.operandType === 'quantity') {
    const lt = typeOf(ctx, a.left);
    const unit = lt?.kind === 'quantity' ? lt.unit : '1';
    const context = a.left.kind === 'fact' ? a.left.ref.fact : undefined;
    const l = quantitySide(ctx, a.left, unit, b, bail, context);
    const r = quantitySide(ctx, a.right, unit, b, bail, context);
    return [...l, op(a.op, ' ', ' '), ...r];
  }
  const label = subjectLabel(a.left);
  if (label === undefined) return [a.text];
  const kindOf = (e: IrExpr) => {
    const t = typeOf(ctx, e);
    return a.operandType === 'date' ? t?.kind ?? 'date' : t?.kind;
  };
  const valueOf = (e: IrExpr): string => {
    if (a.operandType === 'boolean') {
      const x = once(b, genCond(ctx, e, b));
      return `(${x} === 1 ? "true" : ${x} === 0 ? "false" : "unknown")`;
    }
    if (a.operandType === 'date') return display(ctx, e, dateValue(ctx, e, b, bail), kindOf(e) === 'date' ? 'date' : 'datetime');
    const src = a.operandType === 'code' && e.kind === 'text' ? { kind: 'text' as const, value: normalizeCode(e.value) } : e;
    return display(ctx, src, genV(ctx, src, b, bail), a.operandType === 'text' ? 'text' : kindOf(src));
  };
  const l = once(b, valueOf(a.left));
  const rightLabel = subjectLabel(a.right);
  const rv = once(b, valueOf(a.right));
  const rightText: Piece[] = rightLabel === undefined ? [js(rv)] : [`${rightLabel} (`, js(rv), ')'];
  const head: Piece[] = [`${label} = `, js(l)];
  if (a.op === '=') return [choice(`${held} === 1`, head, [...head, op(a.op, ', ', ' '), ...rightText])];
  return [...head, op(a.op, ', ', ' '), ...rightText];
}

/**
 * `$dcN()`: how a dose was computed, with the patient's values, or undefined when there
 * is nothing to compute (a literal dose). A dose of standard resolved against the drug's
 * standard reads `standard azathioprine = 2 mg/kg/d x weight 60 kg = 120 mg/d; 30% to 70%
 * of standard → 36 to 84 mg/d`; a weight-based dose `2 mg/kg/d x weight 60 kg = 120 mg/d`.
 * `lo`, `hi` and `st` are the exact results the dose loop computed.
 */
export function emitDoseCalc(ctx: EmitContext, dose: IrDose, name: string): string | undefined {
  const b = new Block(1);
  const bail = 'return undefined;';
  const u = unitSuffix(dose.unit);
  const range: Piece[] = dose.high ? [js('$fmtR(lo)'), dose.highExclusive ? ' to below ' : ' to ', js('$fmtR(hi)'), u] : [js('$fmtR(lo)'), u];
  let result: Piece[];
  if (dose.relative) {
    const std = dose.relative.standard;
    const def = std.kind === 'scale' ? std.arg : std;
    if (def.kind !== 'ref') return undefined;
    const expr = ctx.definition(def.definition).def.expr;
    const form = expr.kind === 'quantity' ? [exactText(expr.value) + unitSuffix(expr.unit)] : valuesForm(ctx, expr, b, bail, true);
    result = [`standard ${def.definition} = `, ...form, ' = ', js('$fmtR(st)'), `${u}; ${dose.relative.text} → `, ...range];
  } else {
    const parts = [dose.low, ...(dose.high ? [dose.high] : [])];
    if (parts.every((p) => p.kind === 'quantity')) return undefined;
    result = parts.flatMap((p, i): Piece[] => [
      ...(i === 1 ? ['; '] : []),
      ...(i === 1 && dose.highExclusive ? ['below '] : []),
      ...(p.kind === 'quantity' ? [exactText(p.value) + unitSuffix(p.unit)] : valuesForm(ctx, p, b, bail, true)),
      ' = ',
      js(`$fmtR(${i === 0 ? 'lo' : 'hi'})`),
      u,
    ]);
  }
  b.line(`return ${concat(result)};`);
  return `function ${name}(lo, hi, st) {\n${b.text()}\n}`;
}
