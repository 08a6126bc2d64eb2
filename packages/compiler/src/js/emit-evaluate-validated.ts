// `evaluateValidated`, the one function run per evaluation, in the order it works: refuse
// future dates, load the facts the rules read, run the rule chunks, resolve the doses, apply
// the overrides, filter the pre-sorted decisions, and list what could not be evaluated. Its
// size does not grow with the rule set: the per-rule work is in the tables it loops over.
import type { EmitContext } from './context.js';
import { int, lit } from './escape.js';
import { Block } from './emit-values.js';
import { emitLoad } from './emit-validate.js';

/** What the tables emitted before `evaluateValidated` hold, as far as its loops need to know. */
export interface EvaluationPlan {
  /** Statements that clear the memoised definitions. */
  readonly resets: readonly string[];
  /** The names of the rule-chunk functions, in rule order. */
  readonly chunks: readonly string[];
  readonly doseCount: number;
  /** Some dose is a titration (its step is computed too). */
  readonly titrations?: boolean;
  /** Per rule, the fact slots its doses read. */
  readonly doseKeys: readonly (readonly number[])[];
  readonly overrideRules: number;
  readonly overrideActions: number;
  readonly decisionCount: number;
  /** Some rule has more than one action: its decisions share one explanation ($XS). */
  readonly sharedExplanations: boolean;
}

export function emitEvaluateValidated(ctx: EmitContext, plan: EvaluationPlan, out: string[]): void {
  const b = new Block(1);
  b.line("if (f === null || typeof f !== 'object') throw new TypeError('evaluateValidated expects the facts returned by validateFacts');");
  b.line('const now = $now(options);');
  refuseFutureDates(ctx, b, out);
  b.line('const trace = options != null && options.trace === true;');
  b.line('const explain = options == null || options.explain !== false;');
  b.line('$N = now;');
  b.line('$nextGeneration();');
  loadUsedFacts(ctx, plan, b);
  for (const l of plan.resets) b.line(l);
  for (const c of plan.chunks) b.line(`${c}();`);
  resolveDoses(plan, b);
  resolveAnchors(ctx, b, out);
  applyOverrides(plan, b);
  collectDecisions(plan, b);
  collectNotEvaluable(ctx, b);
  returnResult(ctx, b);
  out.push(`function evaluateValidated(f, options) {\n${b.text()}\n}`);
}

/**
 * Date facts record past events: one after the evaluation time is an input error, not a
 * negative "time since" that would silently satisfy `within` and `less than … ago`.
 */
function refuseFutureDates(ctx: EmitContext, b: Block, out: string[]): void {
  const dateFacts = ctx.ir.facts.filter((x) => x.type.kind === 'date' || x.type.kind === 'datetime');
  if (!dateFacts.length) return;
  out.push(
    "function $future(k, v, dateOnly, now) {\n  throw new FactsError([{ path: k, message: 'is ' + $fmtDate(v, dateOnly) + ', after the evaluation time ' + $fmtDate(now, false) + '; facts record past events (pass the evaluation time with now)' }]);\n}",
  );
  for (const x of dateFacts) {
    const key = lit(x.name);
    // The own-property test runs only for a date after `now` (it is the slow part).
    b.line(`{ const v = f[${key}]; if (typeof v === 'number' && v > now && $hop.call(f, ${key})) $future(${key}, v, ${x.type.kind === 'date'}, now); }`);
  }
}

/** Only the inputs some condition, definition or dose reads are loaded. */
function loadUsedFacts(ctx: EmitContext, plan: EvaluationPlan, b: Block): void {
  const used = new Set<number>();
  for (const a of ctx.atoms) if (a) for (const k of ctx.slotsOf(a)) used.add(k);
  for (const ks of plan.doseKeys) for (const k of ks) used.add(k);
  for (const d of ctx.ir.definitions) for (const k of ctx.slotsOf(d.expr)) used.add(k);
  for (const l of emitLoad(ctx, used)) b.line(l);
}

/** The doses of the rules that fired; a rule whose dose cannot be computed is not evaluable. */
function resolveDoses(plan: EvaluationPlan, b: Block): void {
  if (plan.doseCount === 0) return;
  if (plan.titrations) {
    // A titration's step too: a rule whose step cannot be computed is not evaluable.
    b.open(`for (let n = 0; n < ${int(plan.doseCount)}; n++) {`);
    b.line('const d = $DOSES[n];');
    b.line('if ($st[d[0]] !== 1 || d.length < 5) continue;');
    b.line('const t = d[4]();');
    b.line('if (t === null) $st[d[0]] = 2; else $dtx[n] = t;');
    b.close();
  }
  b.open(`for (let n = 0; n < ${int(plan.doseCount)}; n++) {`);
  b.line('const d = $DOSES[n];');
  b.line('if ($st[d[0]] !== 1) continue;');
  b.line('const lo = d[1]();');
  b.line('const hi = d[2] === null ? [0n, 1n] : d[2]();');
  b.line('const sd = d[3] === null ? null : d[3]();');
  b.line('if (lo === null || hi === null) $st[d[0]] = 2;');
  b.line('else { $dl[n] = $toNum(lo); $dh[n] = $toNum(hi); $dlx[n] = lo; $dhx[n] = hi; $dsx[n] = sd; }');
  b.close();
}

/** A rule that fired with an anchored schedule whose anchor fact is missing is not evaluable: no date is guessed. */
function resolveAnchors(ctx: EmitContext, b: Block, out: string[]): void {
  const anchors: string[] = [];
  ctx.ir.rules.forEach((r, i) => {
    for (const a of r.actions) if (a.anchor) anchors.push(`[${int(i)}, ${int(ctx.slot({ fact: a.anchor.fact, part: 'value' }))}]`);
  });
  if (anchors.length === 0) return;
  out.push(`const $ANC = [${anchors.join(', ')}];`);
  b.line(`for (let n = 0; n < ${int(anchors.length)}; n++) { const a = $ANC[n]; if ($st[a[0]] === 1 && $FV[a[1]]() === null) $st[a[0]] = 2; }`);
}

/** Whole-rule overrides, then single-action ones. */
function applyOverrides(plan: EvaluationPlan, b: Block): void {
  b.line('const overridden = [];');
  if (plan.overrideRules > 0) {
    b.line('$ov.fill(0);');
    b.open(`for (let n = 0; n < ${int(plan.overrideRules)}; n++) {`);
    b.line('const by = $OVR[n][0], over = $OVR[n][1];');
    b.line('if ($st[by] !== 1) continue;');
    b.line('for (let j = 0; j < over.length; j++) { const s = over[j]; if ($st[s] === 1) { $ov[s] = 1; overridden.push({ rule: $ID[s], by: $ID[by] }); } }');
    b.close();
  }
  if (plan.overrideActions > 0) {
    // After the whole-rule overrides: a rule suppressed whole is reported once, as whole.
    b.line('$oa.fill(0);');
    b.open(`for (let n = 0; n < ${int(plan.overrideActions)}; n++) {`);
    b.line('const o = $OVA[n], by = o[0], s = o[1];');
    b.line('if ($st[by] !== 1 || $st[s] !== 1 || $ov[s] !== 0) continue;');
    b.line('for (let j = 0; j < o[2].length; j++) $oa[o[2][j]] = 1;');
    b.line('overridden.push({ rule: $ID[s], by: $ID[by], actions: o[3] });');
    b.close();
  }
}

/**
 * The decisions of the rules that fired and were not overridden, already in decision order;
 * then the rules not evaluable. Each list is counted first and allocated at its length.
 */
function collectDecisions(plan: EvaluationPlan, b: Block): void {
  const kept = plan.overrideActions > 0 ? '$st[i] === 1 && $ov[i] === 0 && $oa[n] === 0' : '$st[i] === 1 && $ov[i] === 0';
  b.line('let c = 0;');
  b.line(`for (let n = 0; n < ${int(plan.decisionCount)}; n++) { const i = $DR[n]; if (${kept}) c++; }`);
  b.line('const decisions = new Array(c);');
  b.line('c = 0;');
  // The builders explain (emit-decisions.ts); the decisions of one rule share its explanation.
  if (plan.sharedExplanations) b.line('$XS.fill(null);');
  b.line(`for (let n = 0; n < ${int(plan.decisionCount)}; n++) { const i = $DR[n]; if (${kept}) decisions[c++] = $DEC[n](explain); }`);
}

function collectNotEvaluable(ctx: EmitContext, b: Block): void {
  const R = int(ctx.ir.rules.length);
  b.line('c = 0;');
  b.line(`for (let i = 0; i < ${R}; i++) if ($st[i] === 2) c++;`);
  b.line('const notEvaluable = new Array(c);');
  b.line('c = 0;');
  b.line(`for (let i = 0; i < ${R}; i++) if ($st[i] === 2) notEvaluable[c++] = { rule: $ID[i], title: $TI[i], missing: $missing($W[i], $UL[i], $DK[i]) };`);
}

/** The result; with `trace`, the value of every atom the conditions reached as well. */
function returnResult(ctx: EmitContext, b: Block): void {
  const R = ctx.ir.rules.length;
  b.open('if (trace) {');
  b.line(`$tr = new Array(${int(ctx.ir.atomCount)}).fill(-1);`);
  b.line(`$dw = new Uint8Array(${int(ctx.ir.definitions.length)});`);
  b.line(`for (let i = 0; i < ${int(R)}; i++) { if ($W[i] !== null) $nv($W[i]); for (const u of $UL[i]) $nv(u); }`);
  b.line('const atoms = $tr;');
  b.line('$tr = null;');
  b.line('return { decisions, notEvaluable, overridden, atoms };');
  b.close();
  b.line('return { decisions, notEvaluable, overridden };');
}
