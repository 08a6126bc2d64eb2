// Straight-line code for values and conditions. Every generator appends statements to a
// Block and returns a JS expression for the result; a missing operand runs `bail` (for an
// atom: `return 2;`, unknown). Conditions are numbers: 1 true, 0 false, 2 unknown.
import type { IrExpr } from '@vigil/core';
import { isIrAtom } from '@vigil/core';
import { EmitContext, typeOf } from './context.js';
import { GenerateError, bool, int, lit, num, parseExact, plainDecimal } from './escape.js';

export class Block {
  readonly lines: string[] = [];
  private depth: number;
  private counter = 0;

  constructor(depth = 1) {
    this.depth = depth;
  }

  tmp(prefix = 't'): string {
    return `${prefix}${this.counter++}`;
  }

  line(s: string): void {
    this.lines.push('  '.repeat(this.depth) + s);
  }

  open(s: string): void {
    this.line(s);
    this.depth++;
  }

  close(s = '}'): void {
    this.depth--;
    this.line(s);
  }

  text(): string {
    return this.lines.join('\n');
  }
}

const IDENT = /^[$A-Za-z_][$A-Za-z0-9_]*$/;

/** Evaluate `expr` once into a local unless it already is a name or a literal. */
export function once(b: Block, expr: string): string {
  if (IDENT.test(expr) || /^\(?-?\d[\d.e+-]*\)?$/.test(expr)) return expr;
  const t = b.tmp();
  b.line(`const ${t} = ${expr};`);
  return t;
}

export const factVar = (slot: number): string => `$f${int(slot)}`;

function load(b: Block, source: string, bail: string, check: string): string {
  const t = b.tmp('v');
  b.line(`const ${t} = ${source};`);
  b.line(`if (${t} ${check}) ${bail}`);
  return t;
}

// ---- quantities as doubles

/** A double for a quantity expression (approximate unless `isPlain`). */
export function genD(ctx: EmitContext, e: IrExpr, b: Block, bail: string): string {
  switch (e.kind) {
    case 'fact':
      return load(b, factVar(ctx.slot(e.ref)), bail, '== null');
    case 'quantity': {
      return hoistNumber(ctx, e.value);
    }
    case 'ref': {
      const { index } = ctx.definition(e.definition);
      return load(b, `$d${int(index)}n()`, bail, '=== null');
    }
    case 'scale': {
      const a = genD(ctx, e.arg, b, bail);
      return `(${a} * ${hoistNumber(ctx, e.factor)})`;
    }
    case 'negate':
      return `(-${genD(ctx, e.arg, b, bail)})`;
    case 'arith': {
      const l = genD(ctx, e.left, b, bail);
      const r = genD(ctx, e.right, b, bail);
      if (e.op === '/') {
        const rv = once(b, r);
        b.line(`if (${rv} === 0) ${bail}`);
        return `(${l} / ${rv})`;
      }
      return `(${l} ${e.op} ${r})`;
    }
    default:
      throw new GenerateError(`expected a quantity expression, got ${JSON.stringify(e.kind)}`);
  }
}

/** A hoisted double constant: the nearest double to an exact value. */
export function hoistNumber(ctx: EmitContext, exact: string): string {
  const p = plainDecimal(parseExact(exact));
  if (p !== undefined) return num(p);
  const k = ctx.exact(exact);
  const name = `${k}d`;
  if (!ctx.hoisted.includes(`const ${name} = $toNum(${k});`)) ctx.hoisted.push(`const ${name} = $toNum(${k});`);
  return name;
}

/** An exact rational `[n, d]` for a quantity expression. */
export function genR(ctx: EmitContext, e: IrExpr, b: Block, bail: string): string {
  switch (e.kind) {
    case 'fact':
      return `$rat(${load(b, factVar(ctx.slot(e.ref)), bail, '== null')})`;
    case 'quantity':
      return ctx.exact(e.value);
    case 'ref': {
      const { index } = ctx.definition(e.definition);
      return load(b, `$d${int(index)}q()`, bail, '=== null');
    }
    case 'scale':
      return `$rmul(${genR(ctx, e.arg, b, bail)}, ${ctx.exact(e.factor)})`;
    case 'negate':
      return `$rneg(${genR(ctx, e.arg, b, bail)})`;
    case 'arith': {
      const l = genR(ctx, e.left, b, bail);
      const r = genR(ctx, e.right, b, bail);
      switch (e.op) {
        case '+':
          return `$radd(${l}, ${r})`;
        case '-':
          return `$rsub(${l}, ${r})`;
        case '*':
          return `$rmul(${l}, ${r})`;
        case '/': {
          const t = b.tmp('q');
          b.line(`const ${t} = $rdiv(${l}, ${r});`);
          b.line(`if (${t} === null) ${bail}`);
          return t;
        }
        default:
          throw new GenerateError(`unknown arithmetic operator ${JSON.stringify((e as { op: unknown }).op)}`);
      }
    }
    default:
      throw new GenerateError(`expected a quantity expression, got ${JSON.stringify(e.kind)}`);
  }
}

/** Doubles compare exactly: facts, plain decimal literals, and definitions that are one of those. */
export function isPlain(ctx: EmitContext, e: IrExpr): boolean {
  switch (e.kind) {
    case 'fact':
      return true;
    case 'quantity':
      return plainDecimal(parseExact(e.value)) !== undefined;
    case 'ref':
      return isPlain(ctx, ctx.definition(e.definition).def.expr);
    case 'negate':
      return isPlain(ctx, e.arg);
    default:
      return false;
  }
}

/** Whether doubles carry a small relative error bound: no + or - anywhere (cancellation). */
export function isMultiplicative(ctx: EmitContext, e: IrExpr, budget = { nodes: 0 }): boolean {
  if (++budget.nodes > 200) return false;
  switch (e.kind) {
    case 'fact':
    case 'quantity':
      return true;
    case 'ref':
      return isMultiplicative(ctx, ctx.definition(e.definition).def.expr, budget);
    case 'negate':
    case 'scale':
      return isMultiplicative(ctx, e.arg, budget);
    case 'arith':
      return (e.op === '*' || e.op === '/') && isMultiplicative(ctx, e.left, budget) && isMultiplicative(ctx, e.right, budget);
    default:
      return false;
  }
}

// ---- other values

/** A non-quantity value: enum member, text, code, date (epoch ms), boolean, or a set (array). */
export function genV(ctx: EmitContext, e: IrExpr, b: Block, bail: string): string {
  switch (e.kind) {
    case 'fact':
      return load(b, factVar(ctx.slot(e.ref)), bail, '== null');
    case 'ref': {
      const { index } = ctx.definition(e.definition);
      return load(b, `$d${int(index)}v()`, bail, '=== null');
    }
    case 'text':
    case 'enumValue':
      return lit(e.value);
    case 'boolean':
      return bool(e.value);
    default:
      throw new GenerateError(`expected a value, got ${JSON.stringify(e.kind)}`);
  }
}

// ---- conditions

/** Three-valued condition: emits statements, returns an expression (evaluate once) of 0, 1 or 2. */
export function genCond(ctx: EmitContext, e: IrExpr, b: Block): string {
  if (isIrAtom(e)) return `$a${int(e.atom)}()`;
  switch (e.kind) {
    case 'boolean':
      return e.value ? '1' : '0';
    case 'ref': {
      const { index } = ctx.definition(e.definition);
      if (!ctx.isConditionDef(index)) throw new GenerateError(`definition ${JSON.stringify(e.definition)} is not a condition`);
      return `$d${int(index)}()`;
    }
    case 'fact': {
      const t = typeOf(ctx, e);
      if (t?.kind !== 'boolean') throw new GenerateError(`fact ${JSON.stringify(e.ref.fact)} is not a condition`);
      const v = b.tmp('v');
      b.line(`const ${v} = ${factVar(ctx.slot(e.ref))};`);
      return `(${v} == null ? 2 : ${v} ? 1 : 0)`;
    }
    case 'not': {
      const x = once(b, genCond(ctx, e.arg, b));
      return `(${x} === 2 ? 2 : 1 - ${x})`;
    }
    case 'and':
    case 'or': {
      if (e.args.length === 0) return e.kind === 'and' ? '1' : '0';
      const stop = e.kind === 'and' ? 0 : 1;
      const t = b.tmp('c');
      b.line(`let ${t} = ${genCond(ctx, e.args[0]!, b)};`);
      for (const arg of e.args.slice(1)) {
        b.open(`if (${t} !== ${stop}) {`);
        const x = once(b, genCond(ctx, arg, b));
        b.line(`if (${x} === ${stop}) ${t} = ${stop}; else if (${x} === 2) ${t} = 2;`);
        b.close();
      }
      return t;
    }
    default:
      throw new GenerateError(`expected a condition, got ${JSON.stringify(e.kind)}`);
  }
}
