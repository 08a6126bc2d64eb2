// The fast path: module-level slots for the facts and the memoised definitions, one
// straight-line function per definition and per rule, the doses, and `evaluateValidated`,
// which runs every rule, resolves overrides and builds the result in a fixed order
// (decisions pre-sorted at generation time by action rank, rule order, action order).
import { ACTION_RANK, irConstantValue, type IrAction, type IrExpr, type IrRule } from '@vigil/core';
import type { EmitContext } from './context.js';
import { GenerateError, bool, int, lit, nearestDouble, num, parseExact, ratLit } from './escape.js';
import { Block, genCond, genD, genR, genV, once } from './emit-values.js';
import { emitAtom } from './emit-atoms.js';
import { emitDoseCalc, emitRender, tree } from './emit-explain.js';
import { emitLoad } from './emit-validate.js';
import { ROUND_DOSE_SOURCE } from '@vigil/runtime/prelude';

/**
 * The `rounded` part of a dose: the multiples of the step that show it (roundDose), as exact
 * texts, and a sentence saying what is shown and why, or that no multiple fits.
 */
const ROUNDED_HELPER = `function $rounded(lo, hi, step, stepText, u) {
  const exactText = hi === null ? $fmtR(lo) + u : $fmtR(lo) + ' to ' + $fmtR(hi) + u;
  const m = roundDose(lo, hi, step);
  if (m === null) return { step: $exact(step), text: hi === null ? exactText + ' is less than half of ' + stepText + ': no multiple to show' : 'no multiple of ' + stepText + ' lies within ' + exactText };
  const shown = m.length === 1 ? $fmtR(m[0]) + u : $fmtR(m[0]) + ' to ' + $fmtR(m[1]) + u;
  const why = hi === null ? 'the multiple of ' + stepText + ' nearest to ' + exactText : (m.length === 1 ? 'the one multiple of ' : 'multiples of ') + stepText + ' within ' + exactText;
  const out = m.length === 1 ? { step: $exact(step), low: $exact(m[0]) } : { step: $exact(step), low: $exact(m[0]), high: $exact(m[1]) };
  out.text = shown + ' (' + why + ')';
  return out;
}`;

/** Rules per straight-line chunk function in `evaluateValidated`. */
const RULE_CHUNK = 32;

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

interface DoseSlot {
  readonly rule: number;
  readonly action: number;
  readonly low: string;
  readonly high?: string;
  /** The standard dose of a resolved `of standard` dose, exact. */
  readonly standard?: string;
  /** The name of its calculation function, when it has one. */
  readonly calc?: string;
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

function rankOrder(rules: readonly IrRule[]): { rule: number; action: number }[] {
  const all: { rule: number; action: number; rank: number }[] = [];
  rules.forEach((r, i) =>
    r.actions.forEach((a, j) => {
      const rank = ACTION_RANK[a.verb];
      if (rank === undefined) throw new GenerateError(`unknown action ${JSON.stringify(a.verb)}`);
      all.push({ rule: i, action: j, rank });
    }),
  );
  return all.sort((x, y) => x.rank - y.rank || x.rule - y.rule || x.action - y.action);
}

function scheduleLit(a: IrAction): string {
  const phases = (a.schedule ?? []).map((p) => {
    const every = nearestDouble(parseExact(p.everyDays));
    const bound = p.bound
      ? `, bound: { kind: ${lit(p.bound.kind)}, days: ${num(nearestDouble(parseExact(p.bound.days)))}, text: ${lit(p.bound.text)} }`
      : '';
    return `{ every: ${lit(p.every)}, everyDays: ${num(every)}${bound} }`;
  });
  return `[${phases.join(', ')}]`;
}

export function emitEvaluation(ctx: EmitContext): string {
  const ir = ctx.ir;
  const out: string[] = [];
  const R = ir.rules.length;

  out.push('// ---- state of the current evaluation');
  out.push('let $N = 0;');
  if (ctx.inputs.length) out.push(`let ${ctx.inputs.map((k) => `$f${int(k.slot)} = null`).join(', ')};`);
  out.push(`const $FV = [${ctx.inputs.map((k) => `() => $f${int(k.slot)}`).join(', ')}];`);
  out.push(`const $FG = new Uint32Array(${int(Math.max(ctx.inputs.length, 1))});`);
  out.push(`const $FS = new Array(${int(Math.max(ctx.inputs.length, 1))}).fill('');`);
  out.push(`const $st = new Uint8Array(${int(R)});`);
  out.push(`const $ov = new Uint8Array(${int(R)});`);

  out.push('// ---- atoms');
  for (const a of ctx.atoms) if (a) out.push(emitAtom(ctx, a));
  out.push(`const $AT = [${ctx.atoms.map((a, i) => (a ? `$a${int(i)}` : 'null')).join(', ')}];`);
  out.push(`const $AV = new Int8Array(${int(ir.atomCount)});`);
  out.push(`const $AG = new Uint32Array(${int(ir.atomCount)});`);

  out.push('// ---- definitions');
  const resets = emitDefinitions(ctx, out);
  out.push(`const $DF = [${ir.definitions.map((d, i) => (d.type.kind === 'boolean' ? `$d${int(i)}` : 'null')).join(', ')}];`);

  out.push('// ---- rules');
  ir.rules.forEach((r, i) => {
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

  // Doses.
  const doses: DoseSlot[] = [];
  const doseKeys: number[][] = ir.rules.map(() => []);
  ir.rules.forEach((r, i) =>
    r.actions.forEach((a, j) => {
      if (a.verb === 'dose' && !a.dose) throw new GenerateError(`rule ${JSON.stringify(r.id)}: a dose action without a dose`);
      if (!a.dose) return;
      const low = emitDoseBound(ctx, a.dose.low, `$dose${int(i)}_${int(j)}l`, out);
      const high = a.dose.high ? emitDoseBound(ctx, a.dose.high, `$dose${int(i)}_${int(j)}h`, out) : undefined;
      const standard = a.dose.relative ? emitDoseBound(ctx, a.dose.relative.standard, `$dose${int(i)}_${int(j)}s`, out) : undefined;
      const calcName = `$dc${int(i)}_${int(j)}`;
      const calcFn = emitDoseCalc(ctx, a.dose, calcName);
      if (calcFn) out.push(calcFn);
      doses.push({ rule: i, action: j, low, ...(high ? { high } : {}), ...(standard ? { standard } : {}), ...(calcFn ? { calc: calcName } : {}) });
      const keys = new Set(doseKeys[i]);
      for (const e of [a.dose.low, ...(a.dose.high ? [a.dose.high] : [])]) for (const s of ctx.slotsOf(e)) keys.add(s);
      doseKeys[i] = [...keys].sort((x, y) => x - y);
    }),
  );

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

  // Doses shown in multiples of a declared step (`rounded to 25 mg/d`), beside the exact dose.
  if (ir.rules.some((r) => r.actions.some((a) => a.dose?.rounding))) out.push(ROUND_DOSE_SOURCE, ROUNDED_HELPER);

  // Static parts of decisions.
  out.push('// ---- decisions');
  out.push('const $EMPTY = Object.freeze([]);');
  ir.rules.forEach((r, i) => {
    out.push(`const $SR${int(i)} = Object.freeze([${r.sources.map(lit).join(', ')}]);`);
    r.actions.forEach((a, j) => {
      out.push(`const $TG${int(i)}_${int(j)} = Object.freeze([${a.targets.map(lit).join(', ')}]);`);
      if (a.schedule) out.push(`const $SC${int(i)}_${int(j)} = $deepFreeze(${scheduleLit(a)});`);
    });
  });
  // Per-evaluation work is driven by tables and short loops rather than one straight-line
  // block per rule: a function body that grows with the rule set stops being optimised by
  // the JavaScript engine, and the tables keep `evaluateValidated` the same size for 10 or
  // 10,000 rules.
  // Rules run in straight-line chunks of RULE_CHUNK calls: small enough for each chunk to be
  // optimised with its rule functions inlined, whatever the size of the rule set.
  const chunks: string[] = [];
  for (let start = 0; start < R; start += RULE_CHUNK) {
    const name = `$rules${int(chunks.length)}`;
    const body: string[] = [];
    for (let i = start; i < Math.min(R, start + RULE_CHUNK); i++) body.push(`  $st[${int(i)}] = $rule${int(i)}();`);
    out.push(`function ${name}() {\n${body.join('\n')}\n}`);
    chunks.push(name);
  }
  out.push(`const $ID = [${ir.rules.map((r) => lit(r.id)).join(', ')}];`);
  out.push(`const $TI = [${ir.rules.map((r) => lit(r.title)).join(', ')}];`);
  out.push(`const $DOSES = [${doses.map((d) => `[${int(d.rule)}, () => ${d.low}, ${d.high !== undefined ? `() => ${d.high}` : 'null'}, ${d.standard !== undefined ? `() => ${d.standard}` : 'null'}]`).join(', ')}];`);
  out.push(`const $dl = new Float64Array(${int(Math.max(doses.length, 1))}), $dh = new Float64Array(${int(Math.max(doses.length, 1))});`);
  // The exact rationals behind $dl/$dh, and the standard dose of a resolved relative dose.
  out.push(`const $dlx = new Array(${int(Math.max(doses.length, 1))}).fill(null), $dhx = new Array(${int(Math.max(doses.length, 1))}).fill(null), $dsx = new Array(${int(Math.max(doses.length, 1))}).fill(null);`);
  const index = new Map(ir.rules.map((r, i) => [r.id, i]));
  const ovr = ir.rules.flatMap((r, i) => (r.overrides.length ? [`[${int(i)}, [${r.overrides.map((o) => int(index.get(o)!)).join(', ')}]]`] : []));
  out.push(`const $OVR = [${ovr.join(', ')}];`);
  // Single actions suppressed by `overrides dose of G`: [by, rule, decision slots, action indexes].
  const decisionSlot = new Map(rankOrder(ir.rules).map(({ rule, action }, n) => [`${rule}_${action}`, n]));
  const ova = ir.rules.flatMap((r, i) =>
    (r.overrideActions ?? []).map((o) => {
      const s = index.get(o.rule)!;
      return `[${int(i)}, ${int(s)}, [${o.actions.map((j) => int(decisionSlot.get(`${s}_${j}`)!)).join(', ')}], Object.freeze([${o.actions.map((j) => `Object.freeze({ index: ${int(j)}, action: ${lit(ir.rules[s]!.actions[j]!.verb)}, targets: $TG${int(s)}_${int(j)} })`).join(', ')}])]`;
    }),
  );
  if (ova.length > 0) {
    out.push(`const $OVA = [${ova.join(', ')}];`);
    out.push(`const $oa = new Uint8Array(${int(Math.max(decisionSlot.size, 1))});`);
  }
  const doseSlot = new Map(doses.map((d, n) => [`${d.rule}_${d.action}`, n]));
  const builders: string[] = [];
  const decRules: number[] = [];
  for (const { rule: i, action: j } of rankOrder(ir.rules)) {
    const r = ir.rules[i]!;
    const a = r.actions[j]!;
    const k = int(i);
    const props: string[] = [`rule: $ID[${k}]`, `title: $TI[${k}]`, `action: ${lit(a.verb)}`, `targets: $TG${k}_${int(j)}`];
    if (a.verb === 'stop') props.push(`permanent: ${bool(a.permanent)}`);
    if (a.message !== undefined) props.push(`message: ${lit(a.message)}`);
    if (a.dose) {
      const slot = doseSlot.get(`${i}_${j}`)!;
      const n = int(slot);
      const rel = a.dose.relative;
      const dp = [`low: $dl[${n}]`];
      if (a.dose.high) dp.push(`high: $dh[${n}]`);
      // A resolved relative dose is absolute: ofStandard is false, the fractions stay in `relative`.
      dp.push(`unit: ${lit(a.dose.unit)}`, `ofStandard: ${bool(a.dose.ofStandard && !rel)}`);
      dp.push(`exact: ${a.dose.high ? `{ low: $exact($dlx[${n}]), high: $exact($dhx[${n}]) }` : `{ low: $exact($dlx[${n}]) }`}`);
      if (rel) {
        const frac = (e: IrExpr) => {
          const c = irConstantValue(e);
          return c ? lit(c.toExact()) : 'null';
        };
        dp.push(`relative: { low: ${frac(rel.low)}${rel.high ? `, high: ${frac(rel.high)}` : ''}, standard: $exact($dsx[${n}]) }`);
      }
      const calc = doses[slot]!.calc;
      if (calc) dp.push(`calculation: e ? ${calc}($dlx[${n}], $dhx[${n}], $dsx[${n}]) : undefined`);
      const rounding = a.dose.rounding;
      if (rounding) {
        const u = a.dose.unit === '1' ? '' : ` ${a.dose.unit}`;
        dp.push(`rounded: $rounded($dlx[${n}], ${a.dose.high ? `$dhx[${n}]` : 'null'}, ${ratLit(parseExact(rounding.step))}, ${lit(rounding.text)}, ${lit(u)})`);
      }
      props.push(`dose: { ${dp.join(', ')} }`);
    }
    if (a.schedule) props.push(`schedule: $SC${k}_${int(j)}`);
    props.push(`sources: $SR${k}`);
    if (r.strength !== undefined) props.push(`strength: ${lit(r.strength)}`);
    props.push('explanation: x');
    builders.push(`(x, e) => ({ ${props.join(', ')} })`);
    decRules.push(i);
  }
  out.push(`const $DR = new Int32Array([${decRules.map(int).join(', ')}]);`);
  out.push(`const $DEC = [${builders.join(', ')}];`);
  out.push(`const $XS = new Array(${int(R)}).fill(null);`);

  // evaluateValidated
  const b = new Block(1);
  b.line("if (f === null || typeof f !== 'object') throw new TypeError('evaluateValidated expects the facts returned by validateFacts');");
  b.line('const now = $now(options);');
  // Date facts record past events: one after the evaluation time is an input error, not a
  // negative "time since" that would silently satisfy `within` and `less than … ago`.
  const dateFacts = ir.facts.filter((x) => x.type.kind === 'date' || x.type.kind === 'datetime');
  if (dateFacts.length) {
    out.push(
      "function $future(k, v, dateOnly, now) {\n  throw new FactsError([{ path: k, message: 'is ' + $fmtDate(v, dateOnly) + ', after the evaluation time ' + $fmtDate(now, false) + '; facts record past events (pass the evaluation time with now)' }]);\n}",
    );
    for (const x of dateFacts) {
      const key = lit(x.name);
      // The own-property test runs only for a date after `now` (it is the slow part).
      b.line(`{ const v = f[${key}]; if (typeof v === 'number' && v > now && $hop.call(f, ${key})) $future(${key}, v, ${x.type.kind === 'date'}, now); }`);
    }
  }
  b.line('const trace = options != null && options.trace === true;');
  b.line('const explain = options == null || options.explain !== false;');
  b.line('$N = now;');
  b.line('$nextGeneration();');
  // Only the inputs some condition, definition or dose reads are loaded.
  const used = new Set<number>();
  for (const a of ctx.atoms) if (a) for (const k of ctx.slotsOf(a)) used.add(k);
  for (const ks of doseKeys) for (const k of ks) used.add(k);
  for (const d of ir.definitions) for (const k of ctx.slotsOf(d.expr)) used.add(k);
  for (const l of emitLoad(ctx, used)) b.line(l);
  for (const l of resets) b.line(l);
  for (const c of chunks) b.line(`${c}();`);
  if (doses.length > 0) {
    b.open(`for (let n = 0; n < ${int(doses.length)}; n++) {`);
    b.line('const d = $DOSES[n];');
    b.line('if ($st[d[0]] !== 1) continue;');
    b.line('const lo = d[1]();');
    b.line('const hi = d[2] === null ? [0n, 1n] : d[2]();');
    b.line('const sd = d[3] === null ? null : d[3]();');
    b.line('if (lo === null || hi === null) $st[d[0]] = 2;');
    b.line('else { $dl[n] = $toNum(lo); $dh[n] = $toNum(hi); $dlx[n] = lo; $dhx[n] = hi; $dsx[n] = sd; }');
    b.close();
  }
  b.line('const overridden = [];');
  if (ovr.length > 0) {
    b.line('$ov.fill(0);');
    b.open(`for (let n = 0; n < ${int(ovr.length)}; n++) {`);
    b.line('const by = $OVR[n][0], over = $OVR[n][1];');
    b.line('if ($st[by] !== 1) continue;');
    b.line('for (let j = 0; j < over.length; j++) { const s = over[j]; if ($st[s] === 1) { $ov[s] = 1; overridden.push({ rule: $ID[s], by: $ID[by] }); } }');
    b.close();
  }
  if (ova.length > 0) {
    // After the whole-rule overrides: a rule suppressed whole is reported once, as whole.
    b.line('$oa.fill(0);');
    b.open(`for (let n = 0; n < ${int(ova.length)}; n++) {`);
    b.line('const o = $OVA[n], by = o[0], s = o[1];');
    b.line('if ($st[by] !== 1 || $st[s] !== 1 || $ov[s] !== 0) continue;');
    b.line('for (let j = 0; j < o[2].length; j++) $oa[o[2][j]] = 1;');
    b.line('overridden.push({ rule: $ID[s], by: $ID[by], actions: o[3] });');
    b.close();
  }
  b.line('const decisions = [];');
  b.line('$XS.fill(null);');
  b.open(`for (let n = 0; n < ${int(decRules.length)}; n++) {`);
  b.line('const i = $DR[n];');
  b.line(ova.length > 0 ? 'if ($st[i] !== 1 || $ov[i] !== 0 || $oa[n] !== 0) continue;' : 'if ($st[i] !== 1 || $ov[i] !== 0) continue;');
  b.line('const x = $XS[i] ?? ($XS[i] = explain ? $explain($W[i]) : $EMPTY);');
  b.line('decisions.push($DEC[n](x, explain));');
  b.close();
  b.line('const notEvaluable = [];');
  b.line(`for (let i = 0; i < ${int(R)}; i++) if ($st[i] === 2) notEvaluable.push({ rule: $ID[i], title: $TI[i], missing: $missing($W[i], $UL[i], $DK[i]) });`);
  b.open('if (trace) {');
  b.line(`$tr = new Array(${int(ir.atomCount)}).fill(-1);`);
  b.line(`$dw = new Uint8Array(${int(ir.definitions.length)});`);
  b.line(`for (let i = 0; i < ${int(R)}; i++) { if ($W[i] !== null) $nv($W[i]); for (const u of $UL[i]) $nv(u); }`);
  b.line('const atoms = $tr;');
  b.line('$tr = null;');
  b.line('return { decisions, notEvaluable, overridden, atoms };');
  b.close();
  b.line('return { decisions, notEvaluable, overridden };');
  out.push(`function evaluateValidated(f, options) {\n${b.text()}\n}`);
  out.push(
    'function evaluate(input, options) {\n  const r = validateFacts(input);\n  if (!r.ok) throw new FactsError(r.issues);\n  return evaluateValidated(r.facts, options);\n}',
  );
  return out.join('\n');
}
