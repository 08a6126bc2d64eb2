// One function per atom, `$aN()` → 1 true, 0 false, 2 unknown, reading the loaded facts.
// The fast path calls them (V8 inlines such small functions); so do the slow walkers.
import type { IrAtom, IrExpr } from '@vigil/core';
import { EmitContext, typeOf } from './context.js';
import { GenerateError, int, lit, num, parseExact, plainDecimal } from './escape.js';
import { Block, factVar, genCond, genD, genR, genV, isMultiplicative, isPlain, once } from './emit-values.js';
import { $iso } from '@vigil/runtime/prelude';

const JS_OP = { '=': '===', '!=': '!==', '<': '<', '<=': '<=', '>': '>', '>=': '>=' } as const;

/** The atom's value when the left side is certainly greater (sign 1) or smaller (-1). */
function decided(op: keyof typeof JS_OP, sign: 1 | -1): 0 | 1 {
  switch (op) {
    case '=':
      return 0;
    case '!=':
      return 1;
    case '<':
    case '<=':
      return sign < 0 ? 1 : 0;
    default:
      return sign > 0 ? 1 : 0;
  }
}

export function emitAtom(ctx: EmitContext, a: IrAtom): string {
  const b = new Block(1);
  const bail = 'return 2;';
  switch (a.kind) {
    case 'compare':
      emitCompare(ctx, a, b, bail);
      break;
    case 'in': {
      const v = genV(ctx, a.subject, b, bail);
      const test = membership(ctx, a, v);
      b.line(`return ${test} ? ${a.negated ? '0 : 1' : '1 : 0'};`);
      break;
    }
    case 'includes': {
      const v = genV(ctx, a.subject, b, bail);
      const spellings = [...new Set(includesSpellings(ctx, a))].sort();
      if (spellings.length <= 6) {
        // A few spellings: compared one by one, which is quicker than hashing each element.
        b.line(`for (let i = 0; i < ${v}.length; i++) { const x = ${v}[i]; if (${spellings.length === 0 ? 'false' : spellings.map((w) => `x === ${lit(w)}`).join(' || ')}) return 1; }`);
      } else b.line(`for (let i = 0; i < ${v}.length; i++) if (${ctx.stringSet(spellings)}.has(${v}[i])) return 1;`);
      b.line('return 0;');
      break;
    }
    case 'presence':
      b.line(`return ${factVar(ctx.slot(a.ref))} == null ? ${a.missing ? '1 : 0' : '0 : 1'};`);
      break;
    case 'elapsed': {
      const v = genV(ctx, { kind: 'fact', ref: a.ref, type: { kind: 'datetime' } }, b, bail);
      const { n, d } = parseExact(a.days);
      const ms = n * 86_400_000n;
      const floor = ms >= 0n ? ms / d : -((-ms + d - 1n) / d);
      const exact = floor * d === ms;
      const ceil = exact ? floor : floor + 1n;
      const diff = `($N - ${v})`;
      // Elapsed milliseconds are integers, so comparing with the threshold's floor/ceiling is exact.
      if (a.op === '>') b.line(`return ${diff} > ${msLit(floor)} ? 1 : 0;`);
      else if (a.op === '<') b.line(`return ${diff} < ${msLit(ceil)} ? 1 : 0;`);
      else if (a.op === '<=') b.line(`return ${diff} <= ${msLit(floor)} ? 1 : 0;`);
      else throw new GenerateError(`unknown elapsed operator ${JSON.stringify(a.op)}`);
      break;
    }
    case 'truth': {
      const x = once(b, genCond(ctx, a.arg, b));
      b.line(`return ${x};`);
      break;
    }
    default:
      throw new GenerateError(`unknown atom kind ${JSON.stringify((a as { kind: unknown }).kind)}`);
  }
  return `function $a${int(a.atom)}() {\n${b.text()}\n}`;
}

function msLit(x: bigint): string {
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  const c = x > max ? max : x < -max ? -max : x;
  return num(Number(c));
}

export function membershipValues(ctx: EmitContext, a: Extract<IrAtom, { kind: 'in' }>): string[] {
  const t = typeOf(ctx, a.subject);
  return t?.kind === 'code' ? ctx.expandCodes(a.values) : [...a.values];
}

/** A boolean JS expression: whether `v` is one of the atom's values (ignoring negation). */
export function membership(ctx: EmitContext, a: Extract<IrAtom, { kind: 'in' }>, v: string): string {
  const values = [...new Set(membershipValues(ctx, a))].sort();
  if (values.length === 0) return 'false';
  if (values.length <= 6) return `(${values.map((x) => `${v} === ${lit(x)}`).join(' || ')})`;
  return `${ctx.stringSet(values)}.has(${v})`;
}

export function includesSpellings(ctx: EmitContext, a: Extract<IrAtom, { kind: 'includes' }>): string[] {
  const t = typeOf(ctx, a.subject);
  const element = t?.kind === 'set' ? t.element : undefined;
  const raw = a.terms.flatMap((term) => [term.name, ...term.codes]);
  return element?.kind === 'code' ? ctx.expandCodes(raw) : raw;
}

/** Normalise a code literal as the boundary does: `system:code` with the system lower-cased. */
export function normalizeCode(s: string): string {
  const i = s.indexOf(':');
  return i < 0 ? s : s.slice(0, i).toLowerCase() + s.slice(i);
}

function emitCompare(ctx: EmitContext, a: Extract<IrAtom, { kind: 'compare' }>, b: Block, bail: string): void {
  const op = a.op;
  if (!(op in JS_OP)) throw new GenerateError(`unknown comparison ${JSON.stringify(op)}`);
  const js = JS_OP[op];
  switch (a.operandType) {
    case 'quantity': {
      if (isPlain(ctx, a.left) && isPlain(ctx, a.right)) {
        const l = genD(ctx, a.left, b, bail);
        const r = genD(ctx, a.right, b, bail);
        b.line(`return ${l} ${js} ${r} ? 1 : 0;`);
        return;
      }
      // `x op k × y` with plain x, y and k: the embedded exactCompareProduct.
      const product = asProduct(ctx, a.left, a.right);
      if (product) {
        const l = once(b, genD(ctx, product.x, b, bail));
        const y = once(b, genD(ctx, product.y, b, bail));
        const sign = product.flipped ? '-' : '';
        b.line(`return ${sign}exactCompareProduct(${l}, ${num(product.k)}, ${y}) ${js} 0 ? 1 : 0;`);
        return;
      }
      // A plain value against a literal that is not a plain decimal (1/3): exactCompareFraction.
      for (const [x, lit2, flipped] of [
        [a.left, a.right, false],
        [a.right, a.left, true],
      ] as const) {
        if (lit2.kind === 'quantity' && isPlain(ctx, x)) {
          const r = parseExact(lit2.value);
          const v = once(b, genD(ctx, x, b, bail));
          b.line(`return ${flipped ? '-' : ''}exactCompareFraction(${v}, ${lit(r.n.toString())}, ${lit(r.d.toString())}) ${js} 0 ? 1 : 0;`);
          return;
        }
      }
      if (isMultiplicative(ctx, a.left) && isMultiplicative(ctx, a.right)) {
        // Doubles decide unless the two sides are within a relative 1e-9 of each other
        // (far above the rounding error of a product/quotient chain); then compute exactly.
        const l = once(b, genD(ctx, a.left, b, bail));
        const r = once(b, genD(ctx, a.right, b, bail));
        const e = b.tmp('e');
        b.line(`const ${e} = 1e-9 * (Math.abs(${l}) + Math.abs(${r}));`);
        b.line(`if (${l} - ${r} > ${e}) return ${decided(op, 1)};`);
        b.line(`if (${r} - ${l} > ${e}) return ${decided(op, -1)};`);
      }
      const L = once(b, genR(ctx, a.left, b, bail));
      const R = once(b, genR(ctx, a.right, b, bail));
      b.line(`return $rcmp(${L}, ${R}) ${js} 0 ? 1 : 0;`);
      return;
    }
    case 'boolean': {
      if (op !== '=' && op !== '!=') throw new GenerateError(`booleans compare with = or != only, not ${op}`);
      const l = once(b, genCond(ctx, a.left, b));
      b.line(`if (${l} === 2) return 2;`);
      const r = once(b, genCond(ctx, a.right, b));
      b.line(`if (${r} === 2) return 2;`);
      b.line(`return ${l} ${js} ${r} ? 1 : 0;`);
      return;
    }
    case 'enum':
    case 'code': {
      if (op !== '=' && op !== '!=') throw new GenerateError(`${a.operandType} values compare with = or != only, not ${op}`);
      const l = genV(ctx, codeLiteral(a.operandType, a.left), b, bail);
      const r = genV(ctx, codeLiteral(a.operandType, a.right), b, bail);
      const eq = a.operandType === 'code' ? `$ceq(${l}, ${r})` : `${l} === ${r}`;
      b.line(`return ${eq} ? ${op === '=' ? '1 : 0' : '0 : 1'};`);
      return;
    }
    case 'text': {
      const l = genV(ctx, a.left, b, bail);
      const r = genV(ctx, a.right, b, bail);
      b.line(`return ${l} ${js} ${r} ? 1 : 0;`);
      return;
    }
    case 'date': {
      const l = dateValue(ctx, a.left, b, bail);
      const r = dateValue(ctx, a.right, b, bail);
      b.line(`return ${l} ${js} ${r} ? 1 : 0;`);
      return;
    }
    default:
      throw new GenerateError(`unknown operand type ${JSON.stringify(a.operandType)}`);
  }
}

/** `x` against `k × y` (or `y × k`, or y scaled by k), x and y plain, k a plain decimal. */
function asProduct(ctx: EmitContext, left: IrExpr, right: IrExpr): { x: IrExpr; k: number; y: IrExpr; flipped: boolean } | undefined {
  const split = (e: IrExpr): { k: number; y: IrExpr } | undefined => {
    if (e.kind === 'scale') {
      const k = plainDecimal(parseExact(e.factor));
      return k !== undefined && isPlain(ctx, e.arg) ? { k, y: e.arg } : undefined;
    }
    if (e.kind !== 'arith' || e.op !== '*') return undefined;
    for (const [kq, y] of [
      [e.left, e.right],
      [e.right, e.left],
    ] as const) {
      if (kq.kind !== 'quantity' || !isPlain(ctx, y)) continue;
      const k = plainDecimal(parseExact(kq.value));
      if (k !== undefined) return { k, y };
    }
    return undefined;
  };
  if (isPlain(ctx, left)) {
    const s = split(right);
    if (s) return { x: left, ...s, flipped: false };
  }
  if (isPlain(ctx, right)) {
    const s = split(left);
    if (s) return { x: right, ...s, flipped: true };
  }
  return undefined;
}

function codeLiteral(type: string, e: IrExpr): IrExpr {
  return type === 'code' && e.kind === 'text' ? { kind: 'text', value: normalizeCode(e.value) } : e;
}

/** A date operand: a date/datetime fact or definition (epoch ms), or an ISO text literal. */
export function dateValue(ctx: EmitContext, e: IrExpr, b: Block, bail: string): string {
  if (e.kind === 'text') {
    const ms = $iso(e.value);
    if (!Number.isFinite(ms)) throw new GenerateError(`${JSON.stringify(e.value)} is not an ISO 8601 date`);
    return num(ms);
  }
  return genV(ctx, e, b, bail);
}
