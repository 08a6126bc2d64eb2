// Coverage of a rule set by its fixtures: per rule, how many cases made it fire, not fire,
// or go unknown; per condition (atom), whether the cases saw it both true and false
// (branch coverage, from the engine's traced evaluation).
import { oneBased, parseRowId } from '@vigil/core';
import type { EvaluationResult } from '@vigil/runtime';
import type { AtomCoverage, CoverageReport, CoverageTotals, RuleCoverage, RuleSetCoverage } from './report.js';
import type { LoadedRuleSet } from './ruleset.js';

/** What a rule did for one patient, as coverage counts it (an overridden rule fired). */
export type RuleOutcome = 'fired' | 'quiet' | 'unknown';

/** Each rule's outcome on one evaluation. */
export function ruleOutcomes(result: EvaluationResult): { outcome(rule: string): RuleOutcome } {
  const fired = firedRules(result);
  for (const o of result.overridden) fired.add(o.rule);
  const unknown = new Set(result.notEvaluable.map((n) => n.rule));
  return { outcome: (rule) => (fired.has(rule) ? 'fired' : unknown.has(rule) ? 'unknown' : 'quiet') };
}

/**
 * The rules that gave a decision, and the schedule modifiers that tightened one: a rule whose
 * only effect is a `tightens` clause fires without a decision of its own.
 */
function firedRules(result: EvaluationResult): Set<string> {
  const fired = new Set<string>();
  for (const d of result.decisions) {
    fired.add(d.rule);
    if (d.tightened) fired.add(d.tightened.by);
  }
  return fired;
}

interface RuleCounts {
  fired: number;
  notFired: number;
  notEvaluable: number;
  overridden: number;
}

export class CoverageCollector {
  private readonly sets = new Map<string, { ruleSet: LoadedRuleSet; display: string; cases: number; rules: Map<string, RuleCounts>; atoms: { t: number; f: number; u: number }[] }>();

  constructor(private readonly displayPath: (uri: string) => string) {}

  /** Registers a rule set even if no case of it runs, so that it shows with 0 %. */
  register(ruleSet: LoadedRuleSet): void {
    if (!ruleSet.ir || this.sets.has(ruleSet.key)) return;
    this.sets.set(ruleSet.key, {
      ruleSet,
      display: this.displayPath(ruleSet.root),
      cases: 0,
      rules: new Map(ruleSet.ir.rules.map((r) => [r.id, { fired: 0, notFired: 0, notEvaluable: 0, overridden: 0 }])),
      atoms: Array.from({ length: ruleSet.ir.atomCount }, () => ({ t: 0, f: 0, u: 0 })),
    });
  }

  record(ruleSet: LoadedRuleSet, result: EvaluationResult): void {
    this.register(ruleSet);
    const entry = this.sets.get(ruleSet.key);
    if (!entry) return;
    entry.cases++;
    const fired = firedRules(result);
    const overridden = new Set(result.overridden.map((o) => o.rule));
    const unknown = new Set(result.notEvaluable.map((n) => n.rule));
    for (const [id, counts] of entry.rules) {
      if (fired.has(id)) counts.fired++;
      else if (overridden.has(id)) {
        counts.fired++;
        counts.overridden++;
      } else if (unknown.has(id)) counts.notEvaluable++;
      else counts.notFired++;
    }
    const atoms = result.atoms ?? [];
    for (let i = 0; i < entry.atoms.length; i++) {
      const v = atoms[i];
      const a = entry.atoms[i]!;
      if (v === 1) a.t++;
      else if (v === 0) a.f++;
      else if (v === 2) a.u++;
    }
  }

  /** Per rule of a rule set, the outcomes the recorded cases gave it. */
  rulesSeen(key: string): Map<string, Set<RuleOutcome>> | undefined {
    const entry = this.sets.get(key);
    if (!entry) return undefined;
    const out = new Map<string, Set<RuleOutcome>>();
    for (const [id, c] of entry.rules) {
      const seen = new Set<RuleOutcome>();
      if (c.fired > 0) seen.add('fired');
      if (c.notFired > 0) seen.add('quiet');
      if (c.notEvaluable > 0) seen.add('unknown');
      out.set(id, seen);
    }
    return out;
  }

  /** The atoms (by id) the recorded cases of a rule set saw true and false. */
  seen(key: string): { true: Set<number>; false: Set<number> } | undefined {
    const entry = this.sets.get(key);
    if (!entry) return undefined;
    const seen = { true: new Set<number>(), false: new Set<number>() };
    entry.atoms.forEach((a, i) => {
      if (a.t > 0) seen.true.add(i);
      if (a.f > 0) seen.false.add(i);
    });
    return seen;
  }

  report(minimum?: number): CoverageReport {
    const ruleSets: RuleSetCoverage[] = [];
    for (const entry of this.sets.values()) {
      const { ruleSet } = entry;
      const ir = ruleSet.ir!;
      const index = ruleSet.index!;
      const rules: RuleCoverage[] = ir.rules.map((r) => ({
        rule: r.id,
        title: r.title,
        ...entry.rules.get(r.id)!,
        atoms: (index.ruleAtoms.get(r.id) ?? []).map((a) => a.atom.atom),
      }));
      const atoms: AtomCoverage[] = index.atoms.map((atom) => {
        const c = entry.atoms[atom.atom] ?? { t: 0, f: 0, u: 0 };
        return {
          atom: atom.atom,
          text: atom.text,
          location: `${this.displayPath(atom.location.uri)}:${oneBased(atom.location.start).line}`,
          true: c.t,
          false: c.f,
          unknown: c.u,
          covered: c.t > 0 && c.f > 0,
        };
      });
      ruleSets.push({
        root: entry.display,
        cases: entry.cases,
        rules,
        atoms,
        neverFired: rules.filter((r) => r.fired === 0).map((r) => r.rule),
        rowsNeverHit: rules.filter((r) => parseRowId(r.rule) && !rowHit(r)).map((r) => r.rule),
        totals: totalsOf(rules, atoms),
      });
    }
    const totals = totalsOf(
      ruleSets.flatMap((s) => s.rules),
      ruleSets.flatMap((s) => s.atoms),
    );
    return {
      ruleSets,
      totals,
      ...(minimum !== undefined ? { minimum } : {}),
      meetsMinimum: minimum === undefined || totals.branchPercent + 1e-9 >= minimum,
    };
  }
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10;
}

/** A table row counts as hit when it decided: fired and was not overridden (a later row of a `first` table overridden by an earlier one was not the row that decided). */
function rowHit(r: RuleCoverage): boolean {
  return r.fired - r.overridden > 0;
}

function totalsOf(rules: readonly RuleCoverage[], atoms: readonly AtomCoverage[]): CoverageTotals {
  const rulesFired = rules.filter((r) => r.fired > 0).length;
  const outcomes = atoms.reduce((n, a) => n + (a.true > 0 ? 1 : 0) + (a.false > 0 ? 1 : 0), 0);
  const rows = rules.filter((r) => parseRowId(r.rule) !== undefined);
  const rowsHit = rows.filter(rowHit).length;
  return {
    ...(rows.length > 0 ? { rows: rows.length, rowsHit, rowPercent: percent(rowsHit, rows.length) } : {}),
    rules: rules.length,
    rulesFired,
    rulePercent: percent(rulesFired, rules.length),
    atoms: atoms.length,
    atomsCovered: atoms.filter((a) => a.covered).length,
    branchPercent: percent(outcomes, atoms.length * 2),
  };
}
