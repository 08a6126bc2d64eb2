// Reading the IR as a reviewer would: actions as text (`dose azathioprine 30% to 80% of
// standard`), and a behaviour key per rule (its fire condition with definitions
// expanded, its actions and overrides, without locations, atom ids, source texts or
// messages), so that two versions of a rule can be compared for meaning.
import { actionLabel } from '@vigil/runtime';
import { irConstantValue, Rational, type IrAction, type IrExpr, type IrProgram, type IrRule } from '@vigil/core';

function exprText(e: IrExpr, percent: boolean): string {
  const c = e.kind === 'arith' || e.kind === 'scale' ? irConstantValue(e) : undefined;
  if (c) {
    const unit = 'unit' in e ? e.unit : '1';
    if (percent) {
      const pct = c.mul(Rational.of(100));
      return `${pct.isTerminating() ? pct.toExact() : pct.toDecimalString(4)}%`;
    }
    const v = c.isTerminating() ? c.toExact() : c.toDecimalString(6);
    return unit === '1' || unit === '' ? v : `${v} ${unit}`;
  }
  switch (e.kind) {
    case 'quantity': {
      if (percent) return `${Rational.parse(e.value).mul(Rational.of(100)).toExact()}%`;
      return e.unit === '1' || e.unit === '' ? e.value : `${e.value} ${e.unit}`;
    }
    case 'fact':
      return e.ref.part === 'value' ? e.ref.fact : `${e.ref.fact}.${e.ref.part}`;
    case 'scale':
      return exprText(e.arg, percent);
    case 'arith':
      return `${exprText(e.left, percent)} ${e.op} ${exprText(e.right, false)}`;
    case 'negate':
      return `-${exprText(e.arg, percent)}`;
    case 'ref':
      return e.definition;
    case 'boolean':
    case 'enumValue':
      return String(e.value);
    case 'text':
      return JSON.stringify(e.value);
    default:
      return 'text' in e ? e.text : e.kind;
  }
}

/** The action as a clinician reads it, without its message. */
export function actionText(a: IrAction): string {
  const verb = actionLabel(a.verb);
  const targets = a.targets.length === 0 ? '' : a.targets.length === 1 ? ` ${a.targets[0]}` : ` { ${a.targets.join(', ')} }`;
  let text = `${verb}${targets}${a.permanent ? ' permanently' : ''}`;
  if (a.dose) {
    const pct = a.dose.ofStandard;
    // A dose of standard resolved against the drug's standard reads as written.
    const parts = a.dose.relative ?? a.dose;
    text += ` ${exprText(parts.low, pct)}`;
    if (parts.high) text += `${a.dose.highExclusive ? ' to below ' : ' to '}${exprText(parts.high, pct)}`;
    if (pct) text += ' of standard';
    if (a.dose.frequency) text += ` (${a.dose.frequency.text})`;
    if (a.dose.titration) text += ` (${a.dose.titration.text})`;
  }
  if (a.schedule) text += ' ' + a.schedule.map((p) => `every ${p.every}${p.bound ? ` ${p.bound.kind} ${p.bound.text}` : ''}`).join(', then ');
  if (a.window) text += ` after ${a.window.text}`;
  if (a.anchor) text += ` from ${a.anchor.fact}`;
  if (a.verb === 'advise' && a.message) text += ` "${a.message}"`;
  return text;
}

const DROP = new Set(['location', 'atom', 'text', 'message', 'every']);

/** Behaviour keys of every rule: equal keys, equal decisions for every patient. */
export function behaviourKeys(program: IrProgram): Map<string, string> {
  const defs = new Map<string, string>();
  const keyOf = (value: unknown): string =>
    JSON.stringify(value, function (this: unknown, k, v: unknown) {
      if (DROP.has(k) && !(k === 'message' && (this as { verb?: string }).verb === 'advise')) return undefined;
      if (v && typeof v === 'object' && (v as { kind?: string }).kind === 'ref') return { def: defs.get((v as { definition: string }).definition) ?? (v as { definition: string }).definition };
      // A bound's text goes (it is shown, not decided on); its kind and both ends stay.
      if (k === 'bound' && v && typeof v === 'object') {
        const b = v as { kind: string; days: string; daysHigh?: string };
        return { kind: b.kind, days: b.days, ...(b.daysHigh !== undefined ? { daysHigh: b.daysHigh } : {}) };
      }
      return v;
    });
  for (const d of program.definitions) defs.set(d.name, keyOf(d.expr));
  const keys = new Map<string, string>();
  for (const r of program.rules) keys.set(r.id, keyOf({ when: r.when ?? null, unless: r.unless, actions: r.actions, overrides: [...r.overrides].sort(), ...(r.overrideActions ? { overrideActions: [...r.overrideActions].sort((a, b) => (a.rule < b.rule ? -1 : 1)) } : {}), ...(r.tightens ? { tightens: [...r.tightens].sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.action - b.action)) } : {}) }));
  return keys;
}

export function ruleById(program: IrProgram): Map<string, IrRule> {
  return new Map(program.rules.map((r) => [r.id, r]));
}
