// The doses of the fast path: one function per dose bound computing it as an exact rational
// (a constant bound hoisted and computed once), the calculation shown with each dose, and
// the fact slots each rule's doses read (for `missing` when a dose cannot be computed).
import type { IrExpr } from '@vigil/core';
import type { EmitContext } from './context.js';
import { GenerateError, int } from './escape.js';
import { Block, genR } from './emit-values.js';
import { emitDoseCalc } from './emit-explain.js';

export interface DoseSlot {
  readonly rule: number;
  readonly action: number;
  readonly low: string;
  readonly high?: string;
  /** The standard dose of a resolved `of standard` dose, exact. */
  readonly standard?: string;
  /** The name of its calculation function, when it has one. */
  readonly calc?: string;
  /** A titration's step, exact, in the dose's unit. */
  readonly step?: string;
}

/**
 * A dose bound: a function computing it as an exact rational (null when it cannot), or a
 * hoisted constant. Doses stay exact end to end: the double is derived from the rational.
 */
function emitDoseBound(ctx: EmitContext, e: IrExpr, name: string, out: string[]): string {
  if (e.kind === 'quantity') return ctx.exact(e.value);
  const b = new Block(1);
  const r = genR(ctx, e, b, 'return null;');
  b.line(`return ${r};`);
  if (isConstant(e)) {
    // No facts and no definitions: the bound is computed once, when the engine loads.
    out.push(`const ${name}c = (() => {\n${b.text()}\n})();`);
    return `${name}c`;
  }
  out.push(`function ${name}() {\n${b.text()}\n}`);
  return `${name}()`;
}

/** Whether a quantity expression is made of literals only. */
function isConstant(e: IrExpr): boolean {
  switch (e.kind) {
    case 'quantity':
      return true;
    case 'scale':
    case 'negate':
      return isConstant(e.arg);
    case 'arith':
      return isConstant(e.left) && isConstant(e.right);
    default:
      return false;
  }
}

export interface EmittedDoses {
  /** One slot per dose action, in rule and action order. */
  readonly doses: readonly DoseSlot[];
  /** Per rule, the fact slots its doses and schedule anchors read, sorted. */
  readonly doseKeys: readonly (readonly number[])[];
}

/** Emits every dose action's bounds and calculation; a `dose` action without a dose is refused. */
export function emitDoses(ctx: EmitContext, out: string[]): EmittedDoses {
  const doses: DoseSlot[] = [];
  const doseKeys: number[][] = ctx.ir.rules.map(() => []);
  ctx.ir.rules.forEach((r, i) =>
    r.actions.forEach((a, j) => {
      if (a.verb === 'dose' && !a.dose) throw new GenerateError(`rule ${JSON.stringify(r.id)}: a dose action without a dose`);
      if (a.anchor) {
        // An anchored schedule reads its anchor like a dose reads its facts: loaded, and named when missing.
        const keys = new Set(doseKeys[i]);
        keys.add(ctx.slot({ fact: a.anchor.fact, part: 'value' }));
        doseKeys[i] = [...keys].sort((x, y) => x - y);
      }
      if (!a.dose) return;
      const low = emitDoseBound(ctx, a.dose.low, `$dose${int(i)}_${int(j)}l`, out);
      const high = a.dose.high ? emitDoseBound(ctx, a.dose.high, `$dose${int(i)}_${int(j)}h`, out) : undefined;
      const standard = a.dose.relative ? emitDoseBound(ctx, a.dose.relative.standard, `$dose${int(i)}_${int(j)}s`, out) : undefined;
      const step = a.dose.titration ? emitDoseBound(ctx, a.dose.titration.step, `$dose${int(i)}_${int(j)}t`, out) : undefined;
      const calcName = `$dc${int(i)}_${int(j)}`;
      const calcFn = emitDoseCalc(ctx, a.dose, calcName);
      if (calcFn) out.push(calcFn);
      doses.push({ rule: i, action: j, low, ...(high ? { high } : {}), ...(standard ? { standard } : {}), ...(calcFn ? { calc: calcName } : {}), ...(step ? { step } : {}) });
      const keys = new Set(doseKeys[i]);
      for (const e of [a.dose.low, ...(a.dose.high ? [a.dose.high] : []), ...(a.dose.titration ? [a.dose.titration.step] : [])]) for (const s of ctx.slotsOf(e)) keys.add(s);
      doseKeys[i] = [...keys].sort((x, y) => x - y);
    }),
  );
  return { doses, doseKeys };
}

/** The dose tables `evaluateValidated` fills: the bound functions, and the doubles and exact rationals. */
export function emitDoseTables(doses: readonly DoseSlot[], out: string[]): void {
  // A fifth entry only for a titration: its step.
  out.push(`const $DOSES = [${doses.map((d) => `[${int(d.rule)}, () => ${d.low}, ${d.high !== undefined ? `() => ${d.high}` : 'null'}, ${d.standard !== undefined ? `() => ${d.standard}` : 'null'}${d.step !== undefined ? `, () => ${d.step}` : ''}]`).join(', ')}];`);
  out.push(`const $dl = new Float64Array(${int(Math.max(doses.length, 1))}), $dh = new Float64Array(${int(Math.max(doses.length, 1))});`);
  // The exact rationals behind $dl/$dh, and the standard dose of a resolved relative dose.
  out.push(`const $dlx = new Array(${int(Math.max(doses.length, 1))}).fill(null), $dhx = new Array(${int(Math.max(doses.length, 1))}).fill(null), $dsx = new Array(${int(Math.max(doses.length, 1))}).fill(null);`);
  if (doses.some((d) => d.step !== undefined)) out.push(`const $dtx = new Array(${int(doses.length)}).fill(null);`);
}
