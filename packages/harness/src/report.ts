// The structured result of a test run: what every reporter (text, JSON, JUnit) renders and
// what library users assert on. The JSON reporter writes exactly this shape (schema
// `vigil-test-report/1`, documented in docs/fixtures.md).
import type { Diagnostic } from '@vigil/core';
import { actionLabel, doseDetailText, type DoseResult, type NotEvaluable, type Overridden } from '@vigil/runtime';

export const REPORT_SCHEMA = 'vigil-test-report/1';

export type CaseStatus = 'passed' | 'failed' | 'error';

/** A decision as the report shows it. */
export interface DecisionSummary {
  readonly rule: string;
  readonly title: string;
  readonly action: string;
  readonly targets: readonly string[];
  readonly permanent?: boolean;
  readonly message?: string;
  readonly dose?: DoseResult;
  /** As `vigil eval` prints it: `every 1 wk for 4 wk, then every 1 mo`. */
  readonly schedule?: string;
  readonly strength?: string;
  /** The conditions that made it, with the patient's values. */
  readonly explanation: readonly string[];
}

export type FailureKind =
  | 'missing-decision'
  | 'forbidden-decision'
  | 'unexpected-decision'
  | 'not-evaluable'
  | 'missing-facts'
  | 'overridden'
  | 'no-snapshot';

export interface Failure {
  readonly kind: FailureKind;
  /** One sentence. */
  readonly message: string;
  /** What the fixture expected, as text. */
  readonly expected?: string;
  /** What happened instead, as text. */
  readonly actual?: string;
}

/** One line of the expected-versus-actual decisions: ` ` both, `-` expected only, `+` actual only. */
export interface DiffLine {
  readonly sign: ' ' | '-' | '+';
  readonly text: string;
}

export type TruthValue = 'true' | 'false' | 'unknown' | 'not evaluated';

export interface TraceCondition {
  readonly atom: number;
  /** The condition as written, e.g. `wbc < 3.5 10*9/L`. */
  readonly text: string;
  readonly value: TruthValue;
  /** The patient's values of the facts it reads: `wbc = 6.5 10*9/L`. */
  readonly facts: readonly string[];
  readonly clause: 'when' | 'unless';
  /** Written under `not`: the rule needs it false. */
  readonly negated: boolean;
  /** The definition it belongs to, when it is not written in the rule itself. */
  readonly definition?: string;
}

/** Why a rule did or did not decide, for the rules a failure involves. */
export interface TraceEntry {
  readonly rule: string;
  readonly title: string;
  readonly outcome: 'fired' | 'not fired' | 'not evaluable' | 'overridden';
  /** The first rule that overrode it (`overriddenByAll`: every one). */
  readonly overriddenBy?: string;
  readonly overriddenByAll?: readonly string[];
  readonly missing?: readonly string[];
  /** Fired: the engine's explanation. */
  readonly explanation: readonly string[];
  readonly conditions: readonly TraceCondition[];
}

export interface ActualResult {
  readonly decisions: readonly DecisionSummary[];
  readonly notEvaluable: readonly NotEvaluable[];
  readonly overridden: readonly Overridden[];
}

export interface CaseReport {
  readonly name: string;
  /** The fixture file, relative to the working directory. */
  readonly file: string;
  readonly uri: string;
  /** 1-based line of the case. */
  readonly line: number;
  readonly status: CaseStatus;
  /**
   * The rules the case concerns, sorted: those its expectations name, and those that decided
   * or were overridden when it ran. Tools credit a case to its rules from this list.
   */
  readonly rules: readonly string[];
  readonly durationMs: number;
  /** The evaluation time (ISO 8601). */
  readonly asOf: string;
  /** The facts given to the engine (after `extends` and relative dates). */
  readonly facts?: Readonly<Record<string, unknown>>;
  readonly failures: readonly Failure[];
  readonly diff: readonly DiffLine[];
  readonly actual?: ActualResult;
  readonly trace: readonly TraceEntry[];
  /** Why the case could not run (status `error`). */
  readonly diagnostics: readonly Diagnostic[];
  /** `--update` rewrote this case's snapshot. */
  readonly updated?: boolean;
}

export interface FileReport {
  readonly file: string;
  readonly uri: string;
  /** The rule set's directory, relative to the working directory. */
  readonly ruleSet?: string;
  /** Problems of the file as a whole; any error makes the file count as one error. */
  readonly diagnostics: readonly Diagnostic[];
  readonly cases: readonly CaseReport[];
}

export interface RuleSetReport {
  readonly root: string;
  readonly files: readonly string[];
  /** Check errors: every case of the rule set is an error. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface AtomCoverage {
  readonly atom: number;
  readonly text: string;
  /** `file:line` of the condition. */
  readonly location: string;
  readonly true: number;
  readonly false: number;
  readonly unknown: number;
  /** Seen both true and false. */
  readonly covered: boolean;
}

export interface RuleCoverage {
  readonly rule: string;
  readonly title: string;
  /** Number of cases in which the rule fired (overridden ones included). */
  readonly fired: number;
  readonly notFired: number;
  readonly notEvaluable: number;
  readonly overridden: number;
  /** Atom ids of its conditions (through definitions). */
  readonly atoms: readonly number[];
}

export interface CoverageTotals {
  readonly rules: number;
  readonly rulesFired: number;
  /** Rules fired at least once, in percent. */
  readonly rulePercent: number;
  readonly atoms: number;
  readonly atomsCovered: number;
  /** Condition outcomes (true, false) seen, in percent of 2 × atoms: the figure `--min-coverage` checks. */
  readonly branchPercent: number;
  /** Decision-table rows (rules `TABLE.rowN`), when there are any. */
  readonly rows?: number;
  /** Rows that decided (fired and were not overridden) in at least one case. */
  readonly rowsHit?: number;
  readonly rowPercent?: number;
}

export interface RuleSetCoverage {
  readonly root: string;
  readonly cases: number;
  readonly rules: readonly RuleCoverage[];
  readonly atoms: readonly AtomCoverage[];
  readonly neverFired: readonly string[];
  /** Decision-table rows that no case made decide (fired, not overridden). */
  readonly rowsNeverHit: readonly string[];
  readonly totals: CoverageTotals;
}

export interface CoverageReport {
  readonly ruleSets: readonly RuleSetCoverage[];
  readonly totals: CoverageTotals;
  readonly minimum?: number;
  /** False when `branchPercent` is below `minimum`. */
  readonly meetsMinimum: boolean;
}

export interface Totals {
  readonly files: number;
  readonly cases: number;
  readonly passed: number;
  readonly failed: number;
  /** Cases that could not run, plus fixture files with errors of their own. */
  readonly errors: number;
  /** Cases left out by the filter. */
  readonly filteredOut: number;
  /** Snapshots written by `--update`. */
  readonly updated: number;
}

/** What `--suggest` did for one rule set. */
/** What a suggested case is for: a rule outcome (`rule`, `outcome`), or a condition outcome (`condition`, `want`, and its `rule`). */
export interface SuggestionGoalReport {
  readonly rule?: string;
  /** `fired`, `quiet` (decided not to fire) or `unknown` (not evaluable). */
  readonly outcome?: 'fired' | 'quiet' | 'unknown';
  readonly condition?: string;
  readonly want?: 'true' | 'false';
}

export interface SuggestionReport {
  /** The rule set's directory, relative to the working directory. */
  readonly ruleSet: string;
  /** The fixture file the cases were added to. */
  readonly file: string;
  /** The suggested cases, whether new or already in the file. */
  readonly cases: readonly (SuggestionGoalReport & {
    readonly name: string;
    /** Every outcome no earlier case gave that this case gives, its own first: `AZA-PRE-02 fires`, `AZA-PRE-02: tpmt in { low, absent } → true`. */
    readonly covers: readonly string[];
  })[];
  /** How many of them were added (the rest were in the file already). */
  readonly added: number;
  /** Outcomes no case exercises and no patient was found for, with why. */
  readonly unreached: readonly (SuggestionGoalReport & { readonly reason: string })[];
  /** Set when the file could not be written. */
  readonly error?: string;
}

export interface TestReport {
  readonly schema: typeof REPORT_SCHEMA;
  /** No failures, no errors, and coverage at or above the minimum. */
  readonly ok: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly ruleSets: readonly RuleSetReport[];
  readonly files: readonly FileReport[];
  readonly totals: Totals;
  readonly coverage?: CoverageReport;
  /** With `suggest`: per rule set, the cases suggested for the condition outcomes no case exercised. */
  readonly suggestions?: readonly SuggestionReport[];
}

// ---------------------------------------------------------------- shared text forms

function trimNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

export function formatDose(dose: { low: number; high?: number | undefined; highExclusive?: boolean | undefined; unit?: string | undefined; ofStandard?: boolean | undefined; frequency?: DoseResult['frequency']; titration?: DoseResult['titration'] }): string {
  if (dose.ofStandard) {
    const pct = (x: number) => `${trimNumber(x * 100)}%`;
    return `${pct(dose.low)}${dose.high !== undefined ? `${dose.highExclusive ? ' to below ' : ' to '}${pct(dose.high)}` : ''} of standard`;
  }
  const unit = dose.unit && dose.unit !== '1' ? ` ${dose.unit}` : '';
  const perTime = dose.frequency || dose.titration ? doseDetailText(dose as DoseResult) : undefined;
  return `${trimNumber(dose.low)}${dose.high !== undefined ? `${dose.highExclusive ? ' to below ' : ' to '}${trimNumber(dose.high)}` : ''}${unit}${perTime ? ` (${perTime})` : ''}`;
}

/** `AZA-PRE-02 contraindicate azathioprine: "Very low or absent TPMT …"`. */
export function formatDecision(d: DecisionSummary): string {
  const parts = [d.rule, actionLabel(d.action)];
  if (d.targets.length > 0) parts.push(d.targets.join(', '));
  if (d.permanent) parts.push('permanently');
  if (d.dose) parts.push(formatDose(d.dose));
  if (d.schedule) parts.push(d.schedule);
  let text = parts.join(' ');
  if (d.message !== undefined) text += `: ${JSON.stringify(d.message)}`;
  return text;
}
