// What a compiled Vigil engine takes and returns. Shared by the CLI, the harness and the
// diff; each generated engine.d.ts carries the declarations below the engine line, as
// they are written here (scripts/gen-engine-text.mjs copies them), with its own `RuleId`,
// `FactName` and `NormalizedFacts` in place of the general ones above it.

import type { ActionVerb } from './vocabulary.js';

/** A rule id; an engine's .d.ts narrows it to the union of its rules' ids. */
export type RuleId = string;
/** A fact name; an engine's .d.ts narrows it to its facts. */
export type FactName = string;
/** Facts after validation; an engine's .d.ts lists its keys and their types. */
export type NormalizedFacts = { readonly [key: string]: unknown };

// ---- engine declarations

/** One reason a decision was made: an atom of the condition, with the patient's values. */
export interface ExplanationItem {
  /** Atom id in the IR. */
  readonly atom: number;
  /** The atom with the patient's values, e.g. `wbc 2.1 10*9/L < 2.5 10*9/L`. */
  readonly text: string;
}

export interface DoseResult {
  /**
   * Absolute dose in `unit` (the drug's dose unit), the double nearest to `exact`; or, when
   * `ofStandard`, a fraction of a standard dose the rule set does not declare (0.3 = 30 %).
   */
  readonly low: number;
  readonly high?: number;
  /** `to below HIGH`: `high` is excluded, the dose must be lower than it (`50 to below 150 mg/d`). */
  readonly highExclusive?: true;
  /**
   * `start 50 mg/d, increase by 25 mg/d every 1 wk to 150 mg/d` (or `decrease`, a taper):
   * `low`/`high` above are the range it moves through; this is where it starts, the step and
   * the limit (exact, in `unit`), the interval, and how many steps reach the limit (the last
   * one stops at it; null when the step does not move towards it).
   */
  readonly titration?: {
    readonly direction: 'increase' | 'decrease';
    readonly start: string;
    readonly step: string;
    readonly limit: string;
    readonly every: string;
    readonly everyDays: number;
    readonly steps: number | null;
  };
  /**
   * `10 mg twice daily`: `low`/`high` above are the daily equivalent (20 mg/d); this is the
   * frequency as written, the count per period of `periodDays` days, and the amount given each
   * time (the doubles and, exactly, decimals or fractions `n/d`).
   */
  readonly frequency?: {
    readonly text: string;
    readonly count: number;
    readonly periodDays: number;
    readonly amount: { readonly low: number; readonly high?: number; readonly unit: string; readonly exact: { readonly low: string; readonly high?: string } };
  };
  readonly unit: string;
  /** True only for a dose relative to a standard dose the rule set does not declare. */
  readonly ofStandard: boolean;
  /** The exact values: decimals, or fractions `n/d` when they do not terminate (engines always give them). */
  readonly exact?: { readonly low: string; readonly high?: string };
  /** A dose `of standard` resolved against the drug's standard dose: the fractions and the standard (in `unit`), exact. */
  readonly relative?: { readonly low: string | null; readonly high?: string | null; readonly standard: string };
  /** How the dose was computed with the patient's values, e.g. `standard azathioprine = 2 mg/kg/d x weight 60 kg = 120 mg/d; 30% to 70% of standard → 36 to 84 mg/d`. */
  readonly calculation?: string;
  /**
   * The dose shown in multiples of the rule's declared step (`rounded to 25 mg/d`): a range
   * shrinks to the multiples inside it, one dose goes to the nearest multiple (a tie to the
   * lower). Exact texts in `unit`; `low` absent when no multiple fits, and `text` says so.
   * Display only: `low`/`high`/`exact` above are the dose.
   */
  readonly rounded?: { readonly step: string; readonly low?: string; readonly high?: string; readonly text: string };
}

/**
 * One phase of a monitoring schedule: `every 1 wk for 1 mo`, or with intervals `every 1 to 2 wk for 3 to 6 mo`
 * (`every` and `bound.text` as written, the days as numbers, the low end first).
 */
export interface SchedulePhaseResult {
  readonly every: string;
  readonly everyDays: number;
  /** `every 1 to 2 wk`: the interval's high end in days (`everyDays` is the low one). */
  readonly everyDaysHigh?: number;
  readonly bound?: { readonly kind: 'for' | 'until'; readonly days: number; readonly daysHigh?: number; readonly text: string };
  /** The same days exactly (decimals, or fractions `n/d` when they do not terminate: `every 8 h` is `1/3` d); given for a phase with an interval or a fraction. */
  readonly exact?: { readonly everyDays: string; readonly everyDaysHigh?: string; readonly boundDays?: string; readonly boundDaysHigh?: string };
  /**
   * An anchored schedule (`… from FACT`): when the phase starts and ends, from the anchor
   * fact's value (ISO 8601: a date while whole days from a date fact, else a UTC date and
   * time). `startLatest`/`endLatest` when a bound is an interval (`for 3 to 6 mo`); no `end`
   * for an open last phase.
   */
  readonly start?: string;
  readonly startLatest?: string;
  readonly end?: string;
  readonly endLatest?: string;
}

/**
 * A one-off check (`monitor lft after 2 to 3 wk`): due in a window after the decision, or,
 * anchored (`… from FACT`), after the anchor fact's date. `after` as written, the days as
 * numbers (the low end first) and exactly.
 */
export interface WindowResult {
  readonly after: string;
  readonly days: number;
  /** `after 2 to 3 wk`: the window's high end in days (`days` is the low one). */
  readonly daysHigh?: number;
  /** The same days exactly (decimals, or fractions `n/d`); given for an interval or a fraction. */
  readonly exact?: { readonly days: string; readonly daysHigh?: string };
  /** Anchored: the earliest and (for an interval) latest due date, ISO 8601 as a schedule phase's `start`. */
  readonly due?: string;
  readonly dueLatest?: string;
}

export interface Decision {
  readonly rule: RuleId;
  readonly title: string;
  readonly action: ActionVerb;
  readonly targets: readonly string[];
  readonly permanent?: boolean;
  readonly message?: string;
  readonly dose?: DoseResult;
  readonly schedule?: readonly SchedulePhaseResult[];
  /** A one-off check's window (a monitoring action written `after …` has it instead of `schedule`). */
  readonly window?: WindowResult;
  /** An anchored schedule's anchor: the date or datetime fact and its value, as the phases' dates count from it. */
  readonly anchor?: { readonly fact: string; readonly value: string };
  /**
   * A schedule modifier fired (`tightens monitor cbc of G twice as often`): `schedule` above is
   * the tightened one; this names the rule that tightened it, how, and the schedule as the
   * rule itself gives it. When several fire, the most frequent applies.
   */
  readonly tightened?: { readonly by: RuleId; readonly how: string; readonly original: readonly SchedulePhaseResult[] };
  /**
   * Modifiers that would tighten `schedule` further but are not evaluable (a fact they need is
   * missing; each is listed in `notEvaluable`): the schedule each would give. The schedule
   * shown is then the most frequent one known, never more than that.
   */
  readonly tighteningUnknown?: readonly { readonly rule: RuleId; readonly how: string; readonly schedule: readonly SchedulePhaseResult[] }[];
  readonly sources: readonly string[];
  readonly strength?: string;
  readonly explanation: readonly ExplanationItem[];
}

export interface NotEvaluable {
  readonly rule: RuleId;
  readonly title: string;
  /** Input keys (`alt`, `alt_baseline`) whose absence left the rule unknown; sorted. */
  readonly missing: readonly string[];
}

/**
 * A fired rule whose actions another fired rule suppressed. Without `actions` the whole
 * rule is suppressed (`overrides RULE` or a group); with it, only those of its actions
 * (`overrides dose of GROUP`), and the rule's other decisions stand.
 */
export interface Overridden {
  readonly rule: RuleId;
  readonly by: RuleId;
  readonly actions?: readonly OverriddenAction[];
}

/** One suppressed action: its position in the rule's actions (as in the engine's `rules` metadata), verb and targets. */
export interface OverriddenAction {
  readonly index: number;
  readonly action: string;
  readonly targets: readonly string[];
}

export interface EvaluationResult {
  /** Fired decisions, most severe action first, then in rule order. */
  readonly decisions: readonly Decision[];
  readonly notEvaluable: readonly NotEvaluable[];
  readonly overridden: readonly Overridden[];
  /** With `{ trace: true }`: per atom id, 1 true, 0 false, 2 unknown, -1 not evaluated. */
  readonly atoms?: readonly number[];
}

export interface FactIssue {
  /** The input path, e.g. `wbc` or `medications[2]`; empty for the whole input. */
  readonly path: string;
  readonly message: string;
}

export type ValidationResult =
  | { readonly ok: true; readonly facts: NormalizedFacts }
  | { readonly ok: false; readonly issues: readonly FactIssue[] };

export interface EvaluateOptions {
  /** Evaluation time (for `… ago`); default: now. */
  readonly now?: Date | string | number;
  /** Record every atom's value (no short-circuit) for coverage. */
  readonly trace?: boolean;
  /** Build explanations for fired decisions (default true). */
  readonly explain?: boolean;
}

export type FactType =
  | { readonly kind: 'boolean' | 'text' | 'date' | 'datetime' | 'code' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'quantity'; readonly unit: string }
  | { readonly kind: 'set'; readonly element: FactType };

export interface FactInfo {
  readonly name: FactName;
  readonly type: FactType;
  readonly baseline: boolean;
  readonly uln: boolean;
  readonly acceptedUnits?: readonly string[];
  readonly description?: string;
}

export interface RuleInfo {
  readonly id: RuleId;
  readonly title: string;
  readonly sources: readonly string[];
  readonly strength?: string;
  readonly overrides: readonly RuleId[];
  /** Schedule modifiers: the monitoring actions (rule and action index) this rule tightens when it fires, and how. */
  readonly tightens?: readonly { readonly rule: RuleId; readonly action: number; readonly how: string }[];
  readonly actions: readonly {
    readonly verb: ActionVerb;
    readonly targets: readonly string[];
    readonly permanent: boolean;
    readonly message?: string;
    readonly dose?: { readonly unit: string; readonly ofStandard: boolean };
    readonly schedule?: readonly { readonly every: string; readonly bound?: { readonly kind: 'for' | 'until'; readonly text: string } }[];
    /** A one-off check's window as written (`2 to 3 wk`). */
    readonly window?: string;
    /** The date or datetime fact an anchored schedule is dated from. */
    readonly anchor?: string;
  }[];
}
