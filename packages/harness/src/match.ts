// Comparing what a case expects with what the engine decided: failures (one sentence each,
// with expected and actual), the decisions as a `- expected` / `+ actual` diff, and the
// trace of the rules involved (each condition with its value and the patient's facts).
import type { Decision, EvaluationResult, SchedulePhaseResult } from '@vigil/runtime';
import { conversionFactor, formatFactValue, irAtomInputs, parseUnit, Rational } from '@vigil/core';
import type { DecisionMatcher, Expectations } from './fixture.js';
import { actionLabel, scheduleText, windowText } from '@vigil/runtime';
import { formatDecision, formatDose } from './report.js';
import type { ActualResult, DecisionSummary, DiffLine, Failure, TraceCondition, TraceEntry, TruthValue } from './report.js';
import type { RuleSetIndex } from './ruleset.js';

export function formatSchedule(schedule: readonly SchedulePhaseResult[], anchor?: Decision['anchor'], tightening?: Pick<Decision, 'tightened' | 'tighteningUnknown'>): string {
  return scheduleText(schedule, anchor, tightening);
}

export function summariseDecision(d: Decision): DecisionSummary {
  return {
    rule: d.rule,
    title: d.title,
    action: d.action,
    targets: [...d.targets],
    ...(d.permanent ? { permanent: true } : {}),
    ...(d.message !== undefined ? { message: d.message } : {}),
    ...(d.dose ? { dose: d.dose } : {}),
    ...(d.schedule && d.schedule.length > 0 ? { schedule: formatSchedule(d.schedule, d.anchor, d) } : {}),
    // A one-off window reads as a schedule: `after 2 to 3 wk`.
    ...(d.window ? { schedule: windowText(d.window, d.anchor) } : {}),
    ...(d.strength !== undefined ? { strength: d.strength } : {}),
    explanation: d.explanation.map((e) => e.text),
  };
}

export function actualOf(result: EvaluationResult): ActualResult {
  return { decisions: result.decisions.map(summariseDecision), notEvaluable: result.notEvaluable, overridden: result.overridden };
}

/** Every rule that overrode `rule` (the engine reports one pair per overriding rule), each once. */
export function overridersOf(overridden: readonly { readonly rule: string; readonly by: string }[], rule: string): string[] {
  return [...new Set(overridden.filter((o) => o.rule === rule).map((o) => o.by))];
}

/** `A`, `A and B`, `A, B and C`. */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A matcher as text: `AZA-PRE-02 contraindicate azathioprine, message ~ "pancytopenia"`. */
export function formatMatcher(m: DecisionMatcher): string {
  const parts = [m.rule?.name ?? '(any rule)'];
  if (m.action !== undefined) parts.push(actionLabel(m.action));
  if (m.targets) parts.push(m.targets.map((t) => t.name).join(', '));
  else if (m.target) parts.push(m.target.name);
  if (m.permanent) parts.push('permanently');
  if (m.dose) {
    const d = m.dose;
    // Without a unit, a number up to 1 reads as a fraction of the standard; with one, never.
    const relative = (x: number) => d.ofStandard ?? (d.unit === undefined && x <= 1);
    if (d.low !== undefined) parts.push(formatDose({ low: d.low, high: d.high, highExclusive: d.highExclusive, unit: d.unit, ofStandard: relative(d.low) }));
    else if (d.high !== undefined) parts.push(`up to ${formatDose({ low: d.high, unit: d.unit, ofStandard: relative(d.high) })}`);
  }
  if (m.schedule) parts.push(m.schedule);
  if (m.strength) parts.push(`(strength ${m.strength})`);
  let text = parts.join(' ');
  if (m.message !== undefined) text += m.exact ? `: ${JSON.stringify(m.message)}` : `, message ~ ${JSON.stringify(m.message)}`;
  return text;
}

/**
 * Doses are compared as exact quantities. With a unit, the expectation is converted
 * exactly into the decision's unit (1.4 to 2.1 g/d is 1400 to 2100 mg/d); a unit of
 * another kind never matches. With `%` or `1`, or `of_standard: true`, the expectation is
 * the fraction of the standard dose (0.3 or "30%"), matched against a dose still relative
 * or against the fractions a resolved one was computed from. Without a unit, the numbers
 * are in the decision's unit.
 */
function doseMatches(want: NonNullable<DecisionMatcher['dose']>, got: NonNullable<DecisionSummary['dose']>, exact: boolean): boolean {
  const gotRelative = got.ofStandard || got.relative !== undefined;
  // An excluded high end is part of the dose: it matches only when asked for (or, in an exact match, when not asked, only its absence).
  const gotExclusive = got.highExclusive === true;
  // A frequency is compared as written, spaces squashed; in an exact match a dose without one must have none.
  const squashed = (s: string | undefined) => s?.trim().replace(/\s+/g, ' ').toLowerCase();
  if (want.frequency !== undefined ? squashed(want.frequency) !== squashed(got.frequency?.text) : exact && got.frequency !== undefined) return false;
  if (want.highExclusive !== undefined ? want.highExclusive !== gotExclusive : exact && gotExclusive) return false;
  if (want.ofStandard !== undefined && want.ofStandard !== gotRelative) return false;
  const wantUnit = want.unit === undefined ? undefined : parseUnit(want.unit);
  if (wantUnit && !wantUnit.ok) return false;
  const dimensionless = wantUnit?.ok === true && wantUnit.unit.dimension === '1';
  let low: Rational | undefined;
  let high: Rational | undefined;
  let factor = Rational.ONE;
  if (want.ofStandard === true || dimensionless) {
    // Fractions of the standard dose.
    if (got.relative) {
      low = got.relative.low === null ? undefined : Rational.parse(got.relative.low);
      high = got.relative.high === null || got.relative.high === undefined ? undefined : Rational.parse(got.relative.high);
    } else if (got.ofStandard) {
      low = exactOf(got.exact?.low, got.low);
      high = got.high === undefined ? undefined : exactOf(got.exact?.high, got.high);
    } else return false;
    if (wantUnit?.ok) factor = conversionFactor(wantUnit.unit, '1') ?? Rational.ONE;
  } else {
    low = exactOf(got.exact?.low, got.low);
    high = got.high === undefined ? undefined : exactOf(got.exact?.high, got.high);
    if (wantUnit?.ok) {
      if (got.ofStandard) return false;
      const k = conversionFactor(wantUnit.unit, got.unit);
      if (!k) return false;
      factor = k;
    }
  }
  const same = (w: Rational | undefined, n: number | undefined, g: Rational | undefined) => {
    const x = w ?? (n === undefined ? undefined : Rational.fromNumber(n));
    return x !== undefined && g !== undefined && x.mul(factor).eq(g);
  };
  if (want.low !== undefined && !same(want.lowExact, want.low, low)) return false;
  if (want.high === undefined) return !exact || high === undefined;
  return same(want.highExact, want.high, high);
}

function exactOf(text: string | undefined, n: number): Rational | undefined {
  return text !== undefined ? Rational.tryParse(text) : Rational.fromNumber(n);
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export function messageMatches(pattern: string, message: string | undefined, exact: boolean): boolean {
  if (exact) return message === pattern;
  const re = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (re) return new RegExp(re[1]!, re[2]).test(message ?? '');
  return (message ?? '').toLowerCase().includes(pattern.toLowerCase());
}

const squash = (s: string) => s.trim().replace(/\s+/g, ' ');

/** Why a decision does not match (empty: it matches). */
export function mismatches(m: DecisionMatcher, d: DecisionSummary): string[] {
  const out: string[] = [];
  if (m.rule && d.rule !== m.rule.name) out.push(`it is rule ${d.rule}`);
  if (m.action !== undefined && d.action !== m.action) out.push(`the action is '${actionLabel(d.action)}'`);
  const wantTargets = m.targets ? m.targets.map((t) => t.name) : m.exact && m.target ? [m.target.name] : undefined;
  if (wantTargets) {
    const same = wantTargets.length === d.targets.length && wantTargets.every((t) => d.targets.includes(t));
    if (!same) out.push(`the targets are ${d.targets.join(', ') || '(none)'}`);
  } else if (m.target && !d.targets.includes(m.target.name)) out.push(`the targets are ${d.targets.join(', ') || '(none)'}`);
  if (m.message !== undefined) {
    if (!messageMatches(m.message, d.message, m.exact)) out.push(d.message === undefined ? 'it has no message' : `the message is ${JSON.stringify(d.message)}`);
  } else if (m.exact && d.message !== undefined) out.push(`it has a message, ${JSON.stringify(d.message)}`);
  if (m.dose) {
    const want = m.dose;
    const got = d.dose;
    if (!got) out.push('it has no dose');
    else if (!doseMatches(want, got, m.exact)) out.push(`the dose is ${formatDose(got)}`);
  } else if (m.exact && d.dose) out.push(`it has a dose, ${formatDose(d.dose)}`);
  if (m.permanent !== undefined ? (d.permanent ?? false) !== m.permanent : m.exact && d.permanent) out.push(d.permanent ? 'it is permanent' : 'it is not permanent');
  if (m.strength !== undefined && d.strength !== m.strength) out.push(`its strength is ${d.strength ?? '(none)'}`);
  if (m.schedule !== undefined ? squash(d.schedule ?? '') !== squash(m.schedule) : m.exact && d.schedule !== undefined) {
    out.push(d.schedule ? `the schedule is '${d.schedule}'` : 'it has no schedule');
  }
  return out;
}

/** A maximum one-to-one matching of matchers to decisions (Kuhn's augmenting paths); result[i] is the decision of matcher i or -1. */
function oneToOne(matchers: readonly DecisionMatcher[], decisions: readonly DecisionSummary[]): number[] {
  const ok = matchers.map((m) => decisions.map((d) => mismatches(m, d).length === 0));
  const owner = new Array<number>(decisions.length).fill(-1);
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < decisions.length; j++) {
      if (!ok[i]![j] || seen[j]) continue;
      seen[j] = true;
      if (owner[j] === -1 || tryAssign(owner[j]!, seen)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < matchers.length; i++) tryAssign(i, new Array<boolean>(decisions.length).fill(false));
  const result = new Array<number>(matchers.length).fill(-1);
  owner.forEach((i, j) => {
    if (i >= 0) result[i] = j;
  });
  return result;
}

export interface Assessment {
  readonly failures: Failure[];
  readonly diff: DiffLine[];
  /** Rules the failures are about, for the trace. */
  readonly rules: string[];
}

function nearMiss(m: DecisionMatcher, decisions: readonly DecisionSummary[]): string | undefined {
  const candidates = decisions.filter((d) => (m.rule ? d.rule === m.rule.name : m.action !== undefined && d.action === m.action));
  if (candidates.length === 0) return undefined;
  const best = candidates.map((d) => ({ d, why: mismatches(m, d) })).sort((a, b) => a.why.length - b.why.length)[0]!;
  return `${best.d.rule} decided, but ${best.why.join('; ')}`;
}

/** Compares expectations with the result. `pendingSnapshot`: `snapshot: true` with nothing recorded and no `--update`. */
export function assess(expect: Expectations, actual: ActualResult, options: { updating: boolean }): Assessment {
  const failures: Failure[] = [];
  const rules = new Set<string>();
  const decisions = actual.decisions;
  const used = new Set<number>();
  const diff: DiffLine[] = [];

  // Forbidden decisions.
  const forbidden = new Set<number>();
  for (const m of expect.not) {
    decisions.forEach((d, j) => {
      if (mismatches(m, d).length > 0) return;
      forbidden.add(j);
      failures.push({ kind: 'forbidden-decision', message: `Decision made that the case rules out: ${formatDecision(d)}.`, expected: `not ${formatMatcher(m)}`, actual: formatDecision(d) });
      rules.add(d.rule);
    });
  }

  const placed = new Set<number>();
  const plus = (j: number) => `${formatDecision(decisions[j]!)}${forbidden.has(j) ? '   (ruled out by `not`)' : ''}`;
  const addMissing = (m: DecisionMatcher) => {
    const miss = nearMiss(m, decisions);
    // An action of the rule suppressed by another rule (`overrides dose of G`): say so.
    const suppressed = m.rule ? actual.overridden.filter((o) => o.rule === m.rule!.name && o.actions?.some((a) => m.action === undefined || a.action === m.action)) : [];
    const why = suppressed.length > 0 ? ` (its ${[...new Set(suppressed.flatMap((o) => o.actions!.map((a) => actionLabel(a.action))))].join(', ')} was overridden by ${andList([...new Set(suppressed.map((o) => o.by))])})` : '';
    failures.push({ kind: 'missing-decision', message: `Expected decision not made: ${formatMatcher(m)}${why}.`, expected: formatMatcher(m), ...(miss ? { actual: miss } : {}) });
    if (m.rule) rules.add(m.rule.name);
    diff.push({ sign: '-', text: formatMatcher(m) });
    // The nearest actual decision right under it, so the two lines read as a change.
    const j = decisions.findIndex((d, k) => !used.has(k) && !placed.has(k) && (m.rule ? d.rule === m.rule.name : m.action !== undefined && d.action === m.action));
    if (j >= 0) {
      placed.add(j);
      diff.push({ sign: '+', text: plus(j) });
    }
  };

  // Subset expectations: each matcher needs a decision of its own where possible.
  const subset = oneToOne(expect.decisions, decisions);
  const missing: DecisionMatcher[] = [];
  expect.decisions.forEach((m, i) => {
    const j = subset[i]!;
    const fallback = j >= 0 ? j : decisions.findIndex((d) => mismatches(m, d).length === 0);
    if (fallback >= 0) {
      if (!used.has(fallback)) diff.push({ sign: ' ', text: formatDecision(decisions[fallback]!) });
      used.add(fallback);
    } else missing.push(m);
  });

  // Exact lists: decisions_exactly, or a recorded snapshot (unless it is being re-recorded).
  const exactList = expect.exactly ?? (options.updating ? undefined : expect.snapshot?.recorded);
  if (exactList) {
    const pairs = oneToOne(exactList, decisions);
    exactList.forEach((m, i) => {
      const j = pairs[i]!;
      if (j >= 0) {
        if (!used.has(j)) diff.push({ sign: ' ', text: formatDecision(decisions[j]!) });
        used.add(j);
      } else missing.push(m);
    });
    const matched = new Set(pairs.filter((j) => j >= 0));
    decisions.forEach((d, j) => {
      if (matched.has(j)) return;
      const what = expect.exactly ? 'decisions_exactly' : 'the snapshot';
      failures.push({ kind: 'unexpected-decision', message: `Decision not in ${what}: ${formatDecision(d)}.`, actual: formatDecision(d) });
      rules.add(d.rule);
    });
  }

  for (const m of missing) addMissing(m);

  if (expect.snapshot && !expect.snapshot.recorded && !options.updating) {
    failures.push({
      kind: 'no-snapshot',
      message: 'No snapshot recorded yet: run with --update to record the decisions below.',
      actual: decisions.length === 0 ? '(no decisions)' : decisions.map(formatDecision).join('\n'),
    });
  }

  // Every decision not accounted for is `+` (for subset expectations it is context, not a failure).
  decisions.forEach((_, j) => {
    if (!used.has(j) && !placed.has(j)) diff.push({ sign: '+', text: plus(j) });
  });

  // Not evaluable.
  for (const n of expect.notEvaluable) {
    const entry = actual.notEvaluable.find((x) => x.rule === n.rule.name);
    if (!entry) {
      const fired = decisions.some((d) => d.rule === n.rule.name);
      const by = overridersOf(actual.overridden, n.rule.name);
      const status = fired ? 'it fired' : by.length > 0 ? `it fired and was overridden by ${andList(by)}` : 'it was evaluated and did not fire';
      failures.push({ kind: 'not-evaluable', message: `Expected rule ${n.rule.name} to be not evaluable, but ${status}.`, expected: `${n.rule.name} not evaluable`, actual: `${n.rule.name}: ${status}` });
      rules.add(n.rule.name);
      continue;
    }
    const lacking = (n.missing ?? []).filter((f) => !entry.missing.includes(f.name)).map((f) => f.name);
    if (lacking.length > 0) {
      failures.push({
        kind: 'missing-facts',
        message: `Rule ${n.rule.name} is not evaluable, but not for lack of ${lacking.join(', ')}.`,
        expected: `missing ${(n.missing ?? []).map((f) => f.name).join(', ')}`,
        actual: `missing ${entry.missing.join(', ') || '(none listed)'}`,
      });
      rules.add(n.rule.name);
    }
  }

  // Overridden.
  for (const o of expect.overridden) {
    const entry = actual.overridden.find((x) => x.rule === o.rule.name && (o.by === undefined || x.by === o.by.name));
    if (!entry) {
      const others = overridersOf(actual.overridden, o.rule.name);
      const status = others.length > 0 ? `it was overridden by ${andList(others)}` : decisions.some((d) => d.rule === o.rule.name) ? 'it fired and was not overridden' : 'it did not fire';
      const want = `${o.rule.name} overridden${o.by ? ` by ${o.by.name}` : ''}`;
      failures.push({ kind: 'overridden', message: `Expected ${want}, but ${status}.`, expected: want, actual: `${o.rule.name}: ${status}` });
      rules.add(o.rule.name);
      if (o.by) rules.add(o.by.name);
    }
  }

  const order: readonly Failure['kind'][] = ['missing-decision', 'unexpected-decision', 'forbidden-decision', 'no-snapshot', 'not-evaluable', 'missing-facts', 'overridden'];
  failures.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return { failures, diff, rules: [...rules] };
}

// ---------------------------------------------------------------- trace

function truth(code: number | undefined): TruthValue {
  return code === 1 ? 'true' : code === 0 ? 'false' : code === 2 ? 'unknown' : 'not evaluated';
}


export function buildTrace(rules: readonly string[], result: EvaluationResult, index: RuleSetIndex, input: Readonly<Record<string, unknown>>): TraceEntry[] {
  const out: TraceEntry[] = [];
  for (const id of rules) {
    const rule = index.rules.get(id);
    if (!rule) continue;
    const fired = result.decisions.filter((d) => d.rule === id);
    const by = overridersOf(result.overridden, id);
    const over = by.length > 0;
    const ne = result.notEvaluable.find((n) => n.rule === id);
    const outcome: TraceEntry['outcome'] = fired.length > 0 ? 'fired' : over ? 'overridden' : ne ? 'not evaluable' : 'not fired';
    const conditions: TraceCondition[] = (index.ruleAtoms.get(id) ?? []).map(({ atom, clause, negated, definition }) => ({
      atom: atom.atom,
      text: atom.text,
      value: truth(result.atoms?.[atom.atom]),
      facts: irAtomInputs(atom).map((name) => `${name} = ${formatFactValue(input[name])}`),
      clause,
      negated,
      ...(definition !== undefined ? { definition } : {}),
    }));
    const explanation = [...new Set(fired.flatMap((d) => d.explanation.map((e) => e.text)))];
    out.push({
      rule: id,
      title: rule.title,
      outcome,
      ...(over ? { overriddenBy: by[0]!, overriddenByAll: by } : {}),
      ...(ne ? { missing: ne.missing } : {}),
      explanation,
      conditions,
    });
  }
  return out;
}
