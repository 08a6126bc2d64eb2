// Notes two rules with the same verb on a shared target but different action details (two doses, two monitoring schedules) that can fire for one patient while neither overrides the other: the prescriber would be shown both.
import { analyzerFor } from '../../analysis/solver.js';
import { codes } from '../../diagnostics/codes.js';
import type { IrAction, IrExpr, IrLocation, IrProgram, IrRule } from '../../ir/ir.js';
import { logicMemo } from '../logic-memo.js';
import type { CheckerRule } from '../rule.js';
import { at } from './unreachable-rule.js';
import { suppresses } from '../../ir/overrides.js';

/** Most pairs solved per rule set: the rule stays cheap on large rule sets. */
const MAX_PAIRS = 2000;

function exprKey(e: IrExpr): string {
  return JSON.stringify(e, (k, v: unknown) => (k === 'location' || k === 'atom' || k === 'text' ? undefined : v));
}

/** What the action does, without its targets and message: equal details, the same decision. */
function detail(a: IrAction): string {
  return JSON.stringify({
    permanent: a.permanent,
    dose: a.dose ? { low: exprKey(a.dose.low), high: a.dose.high ? exprKey(a.dose.high) : null, highExclusive: a.dose.highExclusive ?? false, frequency: a.dose.frequency?.text ?? null, titration: a.dose.titration ? [a.dose.titration.direction, exprKey(a.dose.titration.step), a.dose.titration.everyDays] : null, ofStandard: a.dose.ofStandard, unit: a.dose.unit } : null,
    schedule: a.schedule ? a.schedule.map((p) => [p.everyDays, p.everyDaysHigh ?? null, p.bound?.kind ?? null, p.bound?.days ?? null, p.bound?.daysHigh ?? null]) : null,
    window: a.window ? [a.window.days, a.window.daysHigh ?? null] : null,
    anchor: a.anchor?.fact ?? null,
    message: a.verb === 'advise' ? (a.message ?? null) : null,
  });
}

function describe(a: IrAction): string {
  const parts: string[] = [];
  if (a.dose) parts.push('dose');
  if (a.schedule) parts.push(a.schedule.map((p) => `every ${p.every}${p.bound ? ` ${p.bound.kind} ${p.bound.text}` : ''}`).join(', then '));
  if (a.window) parts.push(`after ${a.window.text}`);
  if (a.anchor) parts.push(`from ${a.anchor.fact}`);
  return parts.join(' ');
}

/**
 * `a.low > b.high or b.low > a.high` (a missing high is the low): the two dose ranges
 * share no value. Undefined when the doses are not comparable (one is a fraction of the
 * standard dose, or their units differ).
 */
function dosesApart(ir: IrProgram, a: IrAction, b: IrAction, firstAtom: number): IrExpr | undefined {
  const x = a.dose!;
  const y = b.dose!;
  if (x.ofStandard !== y.ofStandard || x.unit !== y.unit) return undefined;
  const dimension = (e: IrExpr): string | undefined => ('dimension' in e && typeof e.dimension === 'string' ? e.dimension : undefined);
  const dim = dimension(x.low);
  if (!dim) return undefined;
  const gt = doseCompare(a.location, 'dose ranges apart');
  const positive = doseInputBounds(ir, [x.low, x.high, y.low, y.high], firstAtom + 2, a.location);
  // An excluded high end shares no value with a low end equal to it.
  const apart: IrExpr = {
    kind: 'or',
    args: [gt(x.low, y.high ?? y.low, firstAtom, y.high && y.highExclusive ? '>=' : '>'), gt(y.low, x.high ?? x.low, firstAtom + 1, x.high && x.highExclusive ? '>=' : '>')],
  };
  return positive.length === 0 ? apart : { kind: 'and', args: [apart, ...positive] };
}

/** A comparison of two dose expressions, as an atom of a solver query (`atom` ids past the program's). */
export function doseCompare(location: IrLocation, text: string) {
  return (l: IrExpr, r: IrExpr, atom: number, op: '>' | '>=' = '>'): IrExpr => ({ kind: 'compare', op, left: l, right: r, operandType: 'quantity', atom, text, location });
}

/**
 * What is known of the quantities doses are computed from (weight, current dose): positive,
 * and within their plausible range; facts read through definitions (a standard dose) too.
 * One atom each from `firstAtom` on.
 */
export function doseInputBounds(ir: IrProgram, exprs: readonly (IrExpr | undefined)[], firstAtom: number, location: IrLocation): IrExpr[] {
  const gt = doseCompare(location, 'dose input bounds');
  const positive: IrExpr[] = [];
  const seen = new Set<string>();
  const definitions = new Map(ir.definitions.map((d) => [d.name, d]));
  const visit = (e: IrExpr | undefined): void => {
    if (!e) return;
    if (e.kind === 'fact' && e.type.kind === 'quantity' && !seen.has(e.ref.fact + e.ref.part)) {
      seen.add(e.ref.fact + e.ref.part);
      const bound = (value: string): IrExpr => ({ kind: 'quantity', value, unit: (e.type as { unit: string }).unit, dimension: (e.type as { dimension: string }).dimension });
      positive.push(gt(e, bound('0'), firstAtom + positive.length));
      const range = ir.facts.find((f) => f.name === e.ref.fact)?.range;
      if (range?.declared) {
        positive.push(gt(e, bound(range.low), firstAtom + positive.length, '>='));
        if (range.high !== undefined) positive.push(gt(bound(range.high), e, firstAtom + positive.length, '>='));
      }
    } else if (e.kind === 'ref' && !seen.has(`=${e.definition}`)) {
      seen.add(`=${e.definition}`);
      visit(definitions.get(e.definition)?.expr);
    } else if (e.kind === 'arith') {
      visit(e.left);
      visit(e.right);
    } else if (e.kind === 'scale' || e.kind === 'negate') visit(e.arg);
  };
  exprs.forEach(visit);
  return positive;
}

interface Use {
  readonly index: number;
  readonly rule: IrRule;
  readonly action: IrAction;
  readonly detail: string;
}

export const overlap: CheckerRule = {
  name: 'overlap',
  phase: 'logic',
  check(ctx) {
    const ir = ctx.ir;
    if (!ir) return;
    const memo = logicMemo(ctx.model, ir);
    const groups = new Map<string, Use[]>();
    ir.rules.forEach((rule, index) => {
      const ruleKey = memo.key(rule);
      rule.actions.forEach((action, i) => {
        if (!action.dose && !action.schedule && !action.window && action.verb !== 'advise') return;
        const details = memo.recall('detail', ruleKey === undefined ? undefined : `${ruleKey}#${i}`, () => detail(action));
        for (const target of action.targets.length > 0 ? action.targets : ['']) {
          const key = `${action.verb}\u0000${target}`;
          let list = groups.get(key);
          if (!list) groups.set(key, (list = []));
          list.push({ index, rule, action, detail: details });
        }
      });
    });
    const analyzer = analyzerFor(ir);
    const decided = new Set<string>();
    let budget = MAX_PAIRS;
    for (const [key, uses] of groups) {
      const [verb, target] = key.split('\u0000') as [string, string];
      if (verb === 'advise') continue;
      for (let i = 0; i < uses.length; i++) {
        for (let j = i + 1; j < uses.length; j++) {
          const a = uses[i]!;
          const b = uses[j]!;
          if (a.index === b.index || a.detail === b.detail) continue;
          const pair = `${Math.min(a.index, b.index)}:${Math.max(a.index, b.index)}`;
          if (decided.has(pair)) continue;
          decided.add(pair);
          if (suppresses(a.rule, b.rule, b.rule.actions.indexOf(b.action)) || suppresses(b.rule, a.rule, a.rule.actions.indexOf(a.action))) continue;
          if (budget-- <= 0) return;
          // A patient firing both with the details apart, remembered under the pair's content
          // keys and the actions compared (a rule's first use of this verb and target).
          const ka = memo.key(a.rule);
          const kb = memo.key(b.rule);
          const pairKey = ka !== undefined && kb !== undefined ? `${key}\u0001${ka}#${a.rule.actions.indexOf(a.action)}\u0001${kb}#${b.rule.actions.indexOf(b.action)}` : undefined;
          const witness = memo.recall('overlap', pairKey, () => {
            const apart = a.action.dose && b.action.dose ? dosesApart(ir, a.action, b.action, ir.atomCount + 1_000_000 + 16 * budget) : undefined;
            // Doses of different kinds (a fraction of the standard dose and an absolute one) are meant to combine.
            if (a.action.dose && b.action.dose && !apart) return null;
            const r = analyzer.solve([
              { expr: analyzer.actsCondition(a.rule), want: 'true' },
              { expr: analyzer.actsCondition(b.rule), want: 'true' },
              ...(apart ? [{ expr: apart, want: 'true' as const }] : []),
            ]);
            return r.status !== 'sat' || r.approximate ? null : { facts: r.witness.facts, text: r.witness.text };
          });
          if (witness === null) continue;
          const [first, second] = a.index < b.index ? [a, b] : [b, a];
          const what = verb === 'dose' ? `doses of ${target} that do not overlap` : `different ${verb} schedules for ${target}`;
          ctx.report(
            codes.overlap,
            at(second.rule.location),
            { first: first.rule.id, second: second.rule.id, what, witness: witness.text },
            {
              related: [{ ...at(first.rule.location), message: `Rule ${first.rule.id} (${verb} ${target}${describe(first.action) === 'dose' ? '' : ` ${describe(first.action)}`})` }],
              data: { witness: witness.facts, witnessText: witness.text, rules: [first.rule.id, second.rule.id], target, verb },
            },
          );
        }
      }
    }
  },
};
