// The fast path: module-level slots for the facts and the memoised definitions, one
// straight-line function per definition and per rule, the doses, and `evaluateValidated`,
// which runs every rule, resolves overrides and builds the result in a fixed order
// (decisions pre-sorted at generation time by action rank, rule order, action order).
// Each step below emits one part of the engine, in the order the engine text needs them.
import type { IrExpr } from '@vigil/core';
import type { EmitContext } from './context.js';
import { int, lit } from './escape.js';
import { Block, genCond, genD, genR, genV, once } from './emit-values.js';
import { emitAtom } from './emit-atoms.js';
import { emitRender, tree } from './emit-explain.js';
import { emitDoseTables, emitDoses } from './emit-doses.js';
import { emitDecisionBuilders, emitOverrideTables, emitRoundingHelper, emitStaticDecisionParts } from './emit-decisions.js';
import { emitEvaluateValidated } from './emit-evaluate-validated.js';

/** Rules per straight-line chunk function in `evaluateValidated`. */
const RULE_CHUNK = 32;

export function emitEvaluation(ctx: EmitContext): string {
  const out: string[] = [];
  emitEvaluationState(ctx, out);
  emitAtoms(ctx, out);
  out.push('// ---- definitions');
  const resets = emitDefinitions(ctx, out);
  out.push(`const $DF = [${ctx.ir.definitions.map((d, i) => (d.type.kind === 'boolean' ? `$d${int(i)}` : 'null')).join(', ')}];`);
  emitRuleFunctions(ctx, out);
  const { doses, doseKeys } = emitDoses(ctx, out);
  emitSlowPathData(ctx, doseKeys, out);
  emitRoundingHelper(ctx, out);
  emitStaticDecisionParts(ctx, out);
  const chunks = emitRuleChunks(ctx.ir.rules.length, out);
  out.push(`const $ID = [${ctx.ir.rules.map((r) => lit(r.id)).join(', ')}];`);
  out.push(`const $TI = [${ctx.ir.rules.map((r) => lit(r.title)).join(', ')}];`);
  emitDoseTables(doses, out);
  const overrides = emitOverrideTables(ctx.ir.rules, out);
  const decisionCount = emitDecisionBuilders(ctx, doses, out);
  const sharedExplanations = ctx.ir.rules.some((r) => r.actions.length > 1);
  if (sharedExplanations) out.push(`const $XS = new Array(${int(ctx.ir.rules.length)}).fill(null);`);
  emitEvaluateValidated(
    ctx,
    { resets, chunks, doseCount: doses.length, titrations: doses.some((d) => d.step !== undefined), doseKeys, overrideRules: overrides.rules, overrideActions: overrides.actions, decisionCount, sharedExplanations },
    out,
  );
  out.push(
    'function evaluate(input, options) {\n  const r = validateFacts(input);\n  if (!r.ok) throw new FactsError(r.issues);\n  return evaluateValidated(r.facts, options);\n}',
  );
  return out.join('\n');
}

/** The state of the current evaluation: the time, the fact slots and their generations, each rule's status and override. */
function emitEvaluationState(ctx: EmitContext, out: string[]): void {
  const R = ctx.ir.rules.length;
  out.push('// ---- state of the current evaluation');
  out.push('let $N = 0;');
  if (ctx.inputs.length) out.push(`let ${ctx.inputs.map((k) => `$f${int(k.slot)} = null`).join(', ')};`);
  out.push(`const $FV = [${ctx.inputs.map((k) => `() => $f${int(k.slot)}`).join(', ')}];`);
  out.push(`const $FG = new Uint32Array(${int(Math.max(ctx.inputs.length, 1))});`);
  out.push(`const $FS = new Array(${int(Math.max(ctx.inputs.length, 1))}).fill('');`);
  out.push(`const $st = new Uint8Array(${int(R)});`);
  out.push(`const $ov = new Uint8Array(${int(R)});`);
}

/** One function per atom (a comparison of facts), and the tables of their memoised values. */
function emitAtoms(ctx: EmitContext, out: string[]): void {
  out.push('// ---- atoms');
  for (const a of ctx.atoms) if (a) out.push(emitAtom(ctx, a));
  out.push(`const $AT = [${ctx.atoms.map((a, i) => (a ? `$a${int(i)}` : 'null')).join(', ')}];`);
  out.push(`const $AV = new Int8Array(${int(ctx.ir.atomCount)});`);
  out.push(`const $AG = new Uint32Array(${int(ctx.ir.atomCount)});`);
}

/** Memoised definitions; returns the statements that clear their memos for a new evaluation. */
function emitDefinitions(ctx: EmitContext, out: string[]): string[] {
  const resets: string[] = [];
  ctx.ir.definitions.forEach((d, i) => {
    const k = int(i);
    if (d.type.kind === 'boolean') {
      out.push(`let $m${k} = -1;`);
      resets.push(`$m${k} = -1;`);
      out.push(`function $d${k}() {\n  if ($m${k} === -1) $m${k} = $c${k}();\n  return $m${k};\n}`);
      const b = new Block(1);
      const x = genCond(ctx, d.expr, b);
      b.line(`return ${x};`);
      out.push(`function $c${k}() {\n${b.text()}\n}`);
    } else if (d.type.kind === 'quantity') {
      for (const [suffix, gen] of [
        ['n', (b: Block) => genDouble(ctx, d.expr, b)],
        ['q', (b: Block) => genR(ctx, d.expr, b, 'return null;')],
      ] as const) {
        out.push(`let $m${k}${suffix} = $U;`);
        resets.push(`$m${k}${suffix} = $U;`);
        out.push(`function $d${k}${suffix}() {\n  if ($m${k}${suffix} === $U) $m${k}${suffix} = $c${k}${suffix}();\n  return $m${k}${suffix};\n}`);
        const b = new Block(1);
        const x = gen(b);
        b.line(`return ${x};`);
        out.push(`function $c${k}${suffix}() {\n${b.text()}\n}`);
      }
    } else {
      out.push(`let $m${k}v = $U;`);
      resets.push(`$m${k}v = $U;`);
      out.push(`function $d${k}v() {\n  if ($m${k}v === $U) $m${k}v = $c${k}v();\n  return $m${k}v;\n}`);
      const b = new Block(1);
      const x = genV(ctx, d.expr, b, 'return null;');
      b.line(`return ${x};`);
      out.push(`function $c${k}v() {\n${b.text()}\n}`);
    }
  });
  return resets;
}

/** A definition's double feeds the double filter of comparisons (its exact value is `$dNq`). */
function genDouble(ctx: EmitContext, e: IrExpr, b: Block): string {
  return genD(ctx, e, b, 'return null;');
}

/** One function per rule: 0 (does not fire), 1 (fires) or 2 (not evaluable), from its `when` and `unless`. */
function emitRuleFunctions(ctx: EmitContext, out: string[]): void {
  out.push('// ---- rules');
  ctx.ir.rules.forEach((r, i) => {
    const b = new Block(1);
    const w = r.when ? once(b, genCond(ctx, r.when, b)) : '1';
    if (r.when) b.line(`if (${w} === 0) return 0;`);
    if (r.unless.length) {
      const u = b.tmp('u');
      b.line(`let ${u} = 0;`);
      r.unless.forEach((e, j) => {
        if (j > 0) b.open(`if (${u} !== 1) {`);
        else b.open('{');
        const x = once(b, genCond(ctx, e, b));
        b.line(`if (${x} === 1) ${u} = 1; else if (${x} === 2) ${u} = 2;`);
        b.close();
      });
      b.line(`if (${u} === 1) return 0;`);
      b.line(`return ${w} === 2 || ${u} === 2 ? 2 : 1;`);
    } else {
      b.line(r.when ? `return ${w};` : 'return 1;');
    }
    out.push(`function $rule${int(i)}() {\n${b.text()}\n}`);
  });
}

/** The data the slow path (explanations, `missing`, traces) reads: condition trees, fact slots, code classes, renderers. */
function emitSlowPathData(ctx: EmitContext, doseKeys: readonly (readonly number[])[], out: string[]): void {
  const ir = ctx.ir;
  out.push('// ---- slow-path data');
  out.push(`const $DT = [${ir.definitions.map((d) => (d.type.kind === 'boolean' ? tree(ctx, d.expr) : 'null')).join(', ')}];`);
  out.push(`const $W = [${ir.rules.map((r) => (r.when ? tree(ctx, r.when) : 'null')).join(', ')}];`);
  out.push(`const $UL = [${ir.rules.map((r) => `[${r.unless.map((u) => tree(ctx, u)).join(', ')}]`).join(', ')}];`);
  out.push(`const $DK = [${doseKeys.map((ks) => `[${ks.map(int).join(', ')}]`).join(', ')}];`);
  out.push(`const $AM = [${ctx.atoms.map((a) => (a ? `[${[...ctx.slotsOf(a)].map(int).join(', ')}]` : '[]')).join(', ')}];`);
  out.push(`const $AD = [${ctx.atoms.map((a) => (a ? `[${[...ctx.conditionDefsOf(a)].map(int).join(', ')}]` : '[]')).join(', ')}];`);
  const ccEntries = [...ctx.codeClass].map(([k, c]) => `[${lit(k)}, ${int(c)}]`);
  out.push(`const $CC = new Map([${ccEntries.join(', ')}]);`);
  out.push('// ---- explanations');
  for (const a of ctx.atoms) if (a) out.push(emitRender(ctx, a));
  out.push(`const $RT = [${ctx.atoms.map((a, i) => (a ? `$r${int(i)}` : 'null')).join(', ')}];`);
}

/**
 * Per-evaluation work is driven by tables and short loops rather than one straight-line
 * block per rule: a function body that grows with the rule set stops being optimised by
 * the JavaScript engine, and the tables keep `evaluateValidated` the same size for 10 or
 * 10,000 rules. Rules run in straight-line chunks of RULE_CHUNK calls: small enough for
 * each chunk to be optimised with its rule functions inlined, whatever the size of the rule
 * set. Returns the chunks' names.
 */
function emitRuleChunks(ruleCount: number, out: string[]): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < ruleCount; start += RULE_CHUNK) {
    const name = `$rules${int(chunks.length)}`;
    const body: string[] = [];
    for (let i = start; i < Math.min(ruleCount, start + RULE_CHUNK); i++) body.push(`  $st[${int(i)}] = $rule${int(i)}();`);
    out.push(`function ${name}() {\n${body.join('\n')}\n}`);
    chunks.push(name);
  }
  return chunks;
}
