// The decisions of the fast path: their static parts (sources, targets, schedules), the
// override tables, and one builder per action, pre-sorted at generation time by action
// rank, rule order and action order so that `evaluateValidated` only filters them.
import { ACTION_RANK, irConstantValue, isIrAtom, type IrAction, type IrExpr, type IrRule } from '@vigil/core';
import { ROUND_DOSE_SOURCE } from '@vigil/runtime/prelude';
import type { EmitContext } from './context.js';
import type { DoseSlot } from './emit-doses.js';
import { schedulePhaseResult, windowResult } from './schedule-result.js';
import { ANCHORED_HELPER, ANCHORED_WINDOW_HELPER, anchorOffsets, windowOffsets } from './anchored-schedule.js';
import { TIGHTEN_HELPER, tighteningsByAction } from './tightened-schedule.js';
import { GenerateError, bool, int, lit, nearestDouble, num, parseExact, ratLit } from './escape.js';

/**
 * The `rounded` part of a dose: the multiples of the step that show it (roundDose), as exact
 * texts, and a sentence saying what is shown and why, or that no multiple fits.
 */
const ROUNDED_HELPER = `function $rounded(lo, hi, step, stepText, u, hx) {
  const exactText = hi === null ? $fmtR(lo) + u : $fmtR(lo) + (hx ? ' to below ' : ' to ') + $fmtR(hi) + u;
  const m = roundDose(lo, hi, step, hx);
  if (m === null) return { step: $exact(step), text: hi === null ? exactText + ' is less than half of ' + stepText + ': no multiple to show' : 'no multiple of ' + stepText + ' lies within ' + exactText };
  const shown = m.length === 1 ? $fmtR(m[0]) + u : $fmtR(m[0]) + ' to ' + $fmtR(m[1]) + u;
  const why = hi === null ? 'the multiple of ' + stepText + ' nearest to ' + exactText : (m.length === 1 ? 'the one multiple of ' : 'multiples of ') + stepText + ' within ' + exactText;
  const out = m.length === 1 ? { step: $exact(step), low: $exact(m[0]) } : { step: $exact(step), low: $exact(m[0]), high: $exact(m[1]) };
  out.text = shown + ' (' + why + ')';
  return out;
}`;

/** Doses shown in multiples of a declared step (`rounded to 25 mg/d`), beside the exact dose. */
export function emitRoundingHelper(ctx: EmitContext, out: string[]): void {
  if (ctx.ir.rules.some((r) => r.actions.some((a) => a.dose?.rounding))) out.push(ROUND_DOSE_SOURCE, ROUNDED_HELPER);
  if (ctx.ir.rules.some((r) => r.actions.some((a) => a.dose?.titration))) out.push(TITRATION_STEPS_HELPER);
  if (ctx.ir.rules.some((r) => r.actions.some((a) => a.anchor))) out.push(ANCHORED_HELPER);
  if (ctx.ir.rules.some((r) => r.actions.some((a) => a.anchor && a.window))) out.push(ANCHORED_WINDOW_HELPER);
  if (ctx.ir.rules.some((r) => (r.tightens?.length ?? 0) > 0)) out.push(TIGHTEN_HELPER);
}

/**
 * How many steps a titration takes from its start to its limit: the distance over the step,
 * rounded up (the last step stops at the limit); null when the step does not move towards it.
 */
const TITRATION_STEPS_HELPER = `function $titrationSteps(start, limit, step) {
  const dn = limit[0] * start[1] - start[0] * limit[1], dd = limit[1] * start[1];
  const distance = dn < 0n ? -dn : dn;
  if (step[0] <= 0n) return null;
  const n = distance * step[1], d = dd * step[0];
  return Number(n / d + (n % d === 0n ? 0n : 1n));
}`;

/** Every action of every rule, in decision order: action rank, then rule order, then action order. */
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

function scheduleLit(a: Pick<IrAction, 'schedule'>): string {
  return `[${(a.schedule ?? []).map((p) => valueLit(schedulePhaseResult(p))).join(', ')}]`;
}

/** A plain value (strings, finite numbers, objects) as a JS literal. */
function valueLit(v: unknown): string {
  if (typeof v === 'string') return lit(v);
  if (typeof v === 'number') return num(v);
  if (typeof v === 'boolean') return bool(v);
  if (Array.isArray(v)) return `[${v.map(valueLit).join(', ')}]`;
  if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${lit(k)}: ${valueLit(x)}`).join(', ')} }`;
  throw new GenerateError(`cannot emit ${String(v)}`);
}

/** The frozen parts every decision of a rule shares: its sources, each action's targets and schedule. */
export function emitStaticDecisionParts(ctx: EmitContext, out: string[]): void {
  out.push('// ---- decisions');
  out.push('const $EMPTY = Object.freeze([]);');
  ctx.ir.rules.forEach((r, i) => {
    out.push(`const $SR${int(i)} = Object.freeze([${r.sources.map(lit).join(', ')}]);`);
    r.actions.forEach((a, j) => {
      out.push(`const $TG${int(i)}_${int(j)} = Object.freeze([${a.targets.map(lit).join(', ')}]);`);
      if (a.schedule) out.push(`const $SC${int(i)}_${int(j)} = $deepFreeze(${scheduleLit(a)});`);
      if (a.schedule && a.anchor) out.push(`const $AO${int(i)}_${int(j)} = [${anchorOffsets(a.schedule).map((o) => `[${o.map((x) => (x === null ? 'null' : num(x))).join(', ')}]`).join(', ')}];`);
      if (a.window) out.push(`const $WN${int(i)}_${int(j)} = $deepFreeze(${valueLit(windowResult(a.window))});`);
      if (a.window && a.anchor) out.push(`const $WO${int(i)}_${int(j)} = [${windowOffsets(a.window).map(num).join(', ')}];`);
    });
  });
  // Per tightened action: [modifier rule, its schedule, how], most frequent first.
  for (const [key, list] of tighteningsByAction(ctx.ir)) {
    out.push(`const $TL${key} = [${list.map((t) => `[${int(t.by)}, $deepFreeze(${scheduleLit({ schedule: t.schedule })}), ${lit(t.text)}]`).join(', ')}];`);
  }
}

export interface OverrideTables {
  /** Rules with whole-rule overrides (`$OVR` entries). */
  readonly rules: number;
  /** Single-action overrides (`$OVA` entries). */
  readonly actions: number;
}

/** `$OVR`, the whole-rule overrides, and `$OVA`, the single actions suppressed by `overrides dose of G`. */
export function emitOverrideTables(rules: readonly IrRule[], out: string[]): OverrideTables {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const ovr = rules.flatMap((r, i) => (r.overrides.length ? [`[${int(i)}, [${r.overrides.map((o) => int(index.get(o)!)).join(', ')}]]`] : []));
  out.push(`const $OVR = [${ovr.join(', ')}];`);
  // Single actions suppressed by `overrides dose of G`: [by, rule, decision slots, action indexes].
  const decisionSlot = new Map(rankOrder(rules).map(({ rule, action }, n) => [`${rule}_${action}`, n]));
  const ova = rules.flatMap((r, i) =>
    (r.overrideActions ?? []).map((o) => {
      const s = index.get(o.rule)!;
      return `[${int(i)}, ${int(s)}, [${o.actions.map((j) => int(decisionSlot.get(`${s}_${j}`)!)).join(', ')}], Object.freeze([${o.actions.map((j) => `Object.freeze({ index: ${int(j)}, action: ${lit(rules[s]!.actions[j]!.verb)}, targets: $TG${int(s)}_${int(j)} })`).join(', ')}])]`;
    }),
  );
  if (ova.length > 0) {
    out.push(`const $OVA = [${ova.join(', ')}];`);
    out.push(`const $oa = new Uint8Array(${int(Math.max(decisionSlot.size, 1))});`);
  }
  return { rules: ovr.length, actions: ova.length };
}

/** The `dose` property of a decision: the bounds as doubles and exact, the relative fractions, calculation and rounding. */
function doseProperty(a: IrAction, slot: number, dose: DoseSlot): string {
  const d = a.dose!;
  const n = int(slot);
  const rel = d.relative;
  const dp = [`low: $dl[${n}]`];
  if (d.high) dp.push(`high: $dh[${n}]`);
  if (d.high && d.highExclusive) dp.push('highExclusive: true');
  // A resolved relative dose is absolute: ofStandard is false, the fractions stay in `relative`.
  dp.push(`unit: ${lit(d.unit)}`, `ofStandard: ${bool(d.ofStandard && !rel)}`);
  dp.push(`exact: ${d.high ? `{ low: $exact($dlx[${n}]), high: $exact($dhx[${n}]) }` : `{ low: $exact($dlx[${n}]) }`}`);
  if (rel) {
    const frac = (e: IrExpr) => {
      const c = irConstantValue(e);
      return c ? lit(c.toExact()) : 'null';
    };
    dp.push(`relative: { low: ${frac(rel.low)}${rel.high ? `, high: ${frac(rel.high)}` : ''}, standard: $exact($dsx[${n}]) }`);
  }
  const t = d.titration;
  if (t) {
    // Start and limit as written: an increase starts at the low end, a decrease at the high end.
    const [start, limit] = t.direction === 'increase' ? ['$dlx', '$dhx'] : ['$dhx', '$dlx'];
    const steps = `$titrationSteps(${start}[${n}], ${limit}[${n}], $dtx[${n}])`;
    dp.push(`titration: { direction: ${lit(t.direction)}, start: $exact(${start}[${n}]), step: $exact($dtx[${n}]), limit: $exact(${limit}[${n}]), every: ${lit(t.every)}, everyDays: ${num(nearestDouble(parseExact(t.everyDays)))}, steps: ${steps} }`);
  }
  const fr = d.frequency;
  if (fr) {
    // The amount given each time: the exact daily dose times the IR's exact factor.
    const k = ratLit(parseExact(fr.amountFactor));
    const amount = (x: string) => `$rmul(${x}[${n}], ${k})`;
    const low = `$toNum(${amount('$dlx')}), ${d.high ? `high: $toNum(${amount('$dhx')}), ` : ''}`;
    const exact = `exact: { low: $exact(${amount('$dlx')})${d.high ? `, high: $exact(${amount('$dhx')})` : ''} }`;
    dp.push(`frequency: { text: ${lit(fr.text)}, count: ${num(nearestDouble(parseExact(fr.count)))}, periodDays: ${num(nearestDouble(parseExact(fr.periodDays)))}, amount: { low: ${low}unit: ${lit(fr.amountUnit)}, ${exact} } }`);
  }
  const calc = dose.calc;
  if (calc) dp.push(`calculation: e ? ${calc}($dlx[${n}], $dhx[${n}], $dsx[${n}]) : undefined`);
  const rounding = d.rounding;
  if (rounding) {
    const u = d.unit === '1' ? '' : ` ${d.unit}`;
    dp.push(`rounded: $rounded($dlx[${n}], ${d.high ? `$dhx[${n}]` : 'null'}, ${ratLit(parseExact(rounding.step))}, ${lit(rounding.text)}, ${lit(u)}, ${bool(d.highExclusive === true)})`);
  }
  return `dose: { ${dp.join(', ')} }`;
}

/**
 * A decision's explanation when e (explain) is set: a rule whose condition is one atom quotes
 * that atom (true, since the rule fired) through its render function, called directly; the
 * others walk their condition tree ($explain). The decisions of a rule with several actions
 * share one explanation, built once per evaluation ($XS).
 */
function explanationOf(r: IrRule, i: number): string {
  const k = int(i);
  if (r.actions.length > 1) return `($XS[${k}] ?? ($XS[${k}] = e ? $explain($W[${k}]) : $EMPTY))`;
  if (r.when && isIrAtom(r.when)) return `e ? [{ atom: ${int(r.when.atom)}, text: $r${int(r.when.atom)}(1) }] : $EMPTY`;
  return `e ? $explain($W[${k}]) : $EMPTY`;
}

/**
 * `$DR` and `$DEC`: one builder per action in decision order, with the rule it belongs to.
 * Returns how many decisions there are.
 */
export function emitDecisionBuilders(ctx: EmitContext, doses: readonly DoseSlot[], out: string[]): number {
  const rules = ctx.ir.rules;
  const doseSlot = new Map(doses.map((d, n) => [`${d.rule}_${d.action}`, n]));
  const builders: string[] = [];
  const decRules: number[] = [];
  const tightenedActions = new Set(tighteningsByAction(ctx.ir).keys());
  for (const { rule: i, action: j } of rankOrder(rules)) {
    const r = rules[i]!;
    const a = r.actions[j]!;
    const k = int(i);
    const props: string[] = [`rule: $ID[${k}]`, `title: $TI[${k}]`, `action: ${lit(a.verb)}`, `targets: $TG${k}_${int(j)}`];
    if (a.verb === 'stop') props.push(`permanent: ${bool(a.permanent)}`);
    if (a.message !== undefined) props.push(`message: ${lit(a.message)}`);
    if (a.dose) {
      const slot = doseSlot.get(`${i}_${j}`)!;
      props.push(doseProperty(a, slot, doses[slot]!));
    }
    const tightened = a.schedule !== undefined && tightenedActions.has(`${i}_${j}`);
    if (a.schedule && a.anchor) {
      // Dated from the anchor fact; a rule that fired without it is not evaluable (resolveAnchors).
      const v = `$f${int(ctx.slot({ fact: a.anchor.fact, part: 'value' }))}`;
      const dateOnly = bool(a.anchor.type === 'date');
      if (tightened) props.push(`...$tight($TL${k}_${int(j)}, $SC${k}_${int(j)}, (s) => $anchored(s, $AO${k}_${int(j)}, ${v}, ${dateOnly}))`);
      else props.push(`schedule: $anchored($SC${k}_${int(j)}, $AO${k}_${int(j)}, ${v}, ${dateOnly})`);
      props.push(`anchor: { fact: ${lit(a.anchor.fact)}, value: $fmtDate(${v}, ${dateOnly}) }`);
    } else if (a.window && a.anchor) {
      // A one-off window dated from its anchor: the earliest and latest due dates.
      const v = `$f${int(ctx.slot({ fact: a.anchor.fact, part: 'value' }))}`;
      const dateOnly = bool(a.anchor.type === 'date');
      props.push(`window: $anchoredWindow($WN${k}_${int(j)}, $WO${k}_${int(j)}, ${v}, ${dateOnly})`);
      props.push(`anchor: { fact: ${lit(a.anchor.fact)}, value: $fmtDate(${v}, ${dateOnly}) }`);
    } else if (a.window) props.push(`window: $WN${k}_${int(j)}`);
    else if (tightened) props.push(`...$tight($TL${k}_${int(j)}, $SC${k}_${int(j)}, (s) => s)`);
    else if (a.schedule) props.push(`schedule: $SC${k}_${int(j)}`);
    props.push(`sources: $SR${k}`);
    if (r.strength !== undefined) props.push(`strength: ${lit(r.strength)}`);
    props.push(`explanation: ${explanationOf(r, i)}`);
    builders.push(`(e) => ({ ${props.join(', ')} })`);
    decRules.push(i);
  }
  out.push(`const $DR = new Int32Array([${decRules.map(int).join(', ')}]);`);
  out.push(`const $DEC = [${builders.join(', ')}];`);
  return decRules.length;
}
