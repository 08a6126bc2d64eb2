// The typed IR: the contract between the front end (parse, check) and every back end
// (JS code generation, JSON output, region analysis, the harness and the diff).
// It is plain JSON: no classes, no functions, no cycles. Documented in docs/ir.md.
// Bump IR_VERSION on any change a consumer could notice.
import type { ActionVerb } from '@vigil/runtime';

export const IR_VERSION = '1.6';

/**
 * An exact number: a decimal (`"2.5"`, `"-0.125"`) or, when it does not terminate,
 * a reduced fraction (`"1/3"`). Never a binary float.
 */
export type Exact = string;

export interface IrLocation {
  readonly uri: string;
  /** 0-based, as in the AST. */
  readonly start: { readonly line: number; readonly character: number; readonly offset: number };
  readonly end: { readonly line: number; readonly character: number; readonly offset: number };
}

export type IrType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'text' }
  | { readonly kind: 'date' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'code' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  /** `unit` is the UCUM code values are held in; `dimension` a canonical key of its dimension vector. Durations are quantities in `d`. Plain numbers are quantities in `1`. */
  | { readonly kind: 'quantity'; readonly unit: string; readonly dimension: string }
  | { readonly kind: 'set'; readonly element: IrType };

export interface IrAcceptedUnit {
  readonly unit: string;
  /** Multiply a value in `unit` by this to get the fact's unit. */
  readonly factor: Exact;
}

export interface IrFact {
  readonly name: string;
  readonly type: IrType;
  readonly description?: string;
  /** The patient's own baseline for this quantity is an input (`<name>_baseline`). */
  readonly baseline: boolean;
  /** The lab's upper limit of normal is an input (`<name>_uln`). */
  readonly uln: boolean;
  /** Absence is expected (declared `optional`): no checker warning asks for a rule that handles it. */
  readonly optional?: boolean;
  /** Quantity facts: the units accepted at the boundary, with exact factors (always includes the fact's own unit with factor 1). */
  readonly acceptedUnits?: readonly IrAcceptedUnit[];
  /**
   * Quantity facts: the plausible values, bounds included, exact, in the fact's unit; it
   * applies to the value, the baseline and the ULN. `high` absent: no upper bound.
   * `declared` false: the default range of a quantity fact (never negative).
   */
  readonly range?: { readonly low: Exact; readonly high?: Exact; readonly declared: boolean };
  readonly location: IrLocation;
}

export interface IrTerm {
  /** The value-set member name (or enum member). */
  readonly name: string;
  /** `system:code` pairs, system lower-case, e.g. `rxnorm:519`. */
  readonly codes: readonly string[];
}

export interface IrValueSet {
  readonly name: string;
  readonly title?: string;
  readonly members: readonly IrTerm[];
  readonly location: IrLocation;
}

/** A fact reference; `part` selects the baseline or ULN input of a quantity fact. */
export interface IrFactRef {
  readonly fact: string;
  readonly part: 'value' | 'baseline' | 'uln';
}

export type IrExpr =
  // ---- values (typed; quantity values carry the unit they are expressed in)
  | { readonly kind: 'fact'; readonly ref: IrFactRef; readonly type: IrType }
  | { readonly kind: 'quantity'; readonly value: Exact; readonly unit: string; readonly dimension: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'enumValue'; readonly value: string }
  /** Multiply a quantity expression by an exact factor (unit conversion inserted by the compiler). */
  | { readonly kind: 'scale'; readonly arg: IrExpr; readonly factor: Exact; readonly unit: string; readonly dimension: string }
  | {
      readonly kind: 'arith';
      readonly op: '+' | '-' | '*' | '/';
      readonly left: IrExpr;
      readonly right: IrExpr;
      /** Unit of the result (product/quotient of the operands' units; for + and - both sides are already in it). */
      readonly unit: string;
      readonly dimension: string;
    }
  | { readonly kind: 'negate'; readonly arg: IrExpr; readonly unit: string; readonly dimension: string }
  /** A named definition; evaluated once per patient. */
  | { readonly kind: 'ref'; readonly definition: string; readonly type: IrType }
  // ---- conditions (three-valued)
  | { readonly kind: 'and'; readonly args: readonly IrExpr[] }
  | { readonly kind: 'or'; readonly args: readonly IrExpr[] }
  | { readonly kind: 'not'; readonly arg: IrExpr }
  | IrAtom;

/**
 * Atoms are the leaves of conditions: what explanations quote and what branch
 * coverage counts. `atom` is unique across the program (0, 1, 2, … in source order).
 * `text` is the source text, e.g. `wbc < 2.5 10*9/L`.
 */
export type IrAtom =
  | (IrAtomBase & {
      readonly kind: 'compare';
      readonly op: '=' | '!=' | '<' | '<=' | '>' | '>=';
      /** Both sides already in one unit (for quantities). */
      readonly left: IrExpr;
      readonly right: IrExpr;
      readonly operandType: 'quantity' | 'enum' | 'boolean' | 'text' | 'code' | 'date';
    })
  | (IrAtomBase & { readonly kind: 'in'; readonly subject: IrExpr; readonly values: readonly string[]; readonly negated: boolean })
  | (IrAtomBase & { readonly kind: 'includes'; readonly subject: IrExpr; readonly terms: readonly IrTerm[] })
  | (IrAtomBase & { readonly kind: 'presence'; readonly ref: IrFactRef; readonly missing: boolean })
  | (IrAtomBase & {
      readonly kind: 'elapsed';
      /** A date or datetime fact. */
      readonly ref: IrFactRef;
      /** elapsed = now - fact; compared as `elapsed op amount`. */
      readonly op: '>' | '<' | '<=';
      /** The amount in days, exact. */
      readonly days: Exact;
    })
  /** A boolean fact or boolean definition used on its own as a condition. */
  | (IrAtomBase & { readonly kind: 'truth'; readonly arg: IrExpr });

export interface IrAtomBase {
  readonly atom: number;
  readonly text: string;
  readonly location: IrLocation;
}

export interface IrDefinition {
  readonly name: string;
  readonly title?: string;
  readonly type: IrType;
  readonly expr: IrExpr;
  readonly location: IrLocation;
}

/** The action verbs, ranked (lower is more severe): the runtime's vocabulary table. */
export type IrActionVerb = ActionVerb;
export { ACTION_RANK } from '@vigil/runtime';

export interface IrDose {
  /**
   * Quantity expressions in `unit`, the drug's dose unit (every dose of a drug is
   * converted into it). For `of standard` with no standard dose declared for the drug,
   * fractions in unit `1` (30% → 0.3); with one, fraction × standard (see `relative`).
   */
  readonly low: IrExpr;
  readonly high?: IrExpr;
  /** `to below HIGH`: the high end is excluded (the dose must be lower than it). */
  readonly highExclusive?: true;
  /**
   * `10 mg twice daily`: `low`/`high` are the daily equivalent (20 mg/d, in `unit`); this keeps
   * the frequency as written, the count per period, the period in days, and the amount given
   * each time as `bound x amountFactor` in `amountUnit` (exact).
   */
  readonly titration?: IrTitration;
  readonly frequency?: { readonly text: string; readonly count: Exact; readonly periodDays: Exact; readonly amountUnit: string; readonly amountFactor: Exact };
  /** Written `… of standard`. */
  readonly ofStandard: boolean;
  /** The unit the dose is reported in. */
  readonly unit: string;
  /**
   * A dose `of standard` resolved against the drug's `define standard`: the fractions (in
   * `1`), the standard dose (a `ref` in `unit`) and the source text (`30% to 70% of standard`).
   */
  readonly relative?: { readonly low: IrExpr; readonly high?: IrExpr; readonly standard: IrExpr; readonly text: string };
  /**
   * `rounded to 25 mg/d`: the dose is also shown in multiples of `step` (exact, in `unit`);
   * `text` as written. Display only: the exact dose is reported beside it.
   */
  readonly rounding?: { readonly step: Exact; readonly text: string };
}

/**
 * `start A, increase by S every I to L` (or `decrease`): the dose starts at `low` and rises to
 * `high` (increase), or starts at `high` and falls to `low` (decrease), by `step` (a quantity
 * expression in the dose's unit) every `everyDays` days.
 */
export interface IrTitration {
  readonly direction: 'increase' | 'decrease';
  readonly step: IrExpr;
  readonly everyDays: Exact;
  readonly every: string;
  /** The source text, `start 50 mg/d, increase by 25 mg/d every 1 wk to 150 mg/d`. */
  readonly text: string;
}

export interface IrSchedulePhase {
  /** Interval between tests, in days, exact, and as written (`1 wk`, `1 to 2 wk`). */
  readonly everyDays: Exact;
  /** `every 1 to 2 wk`: the interval's high end in days (`everyDays` is the low one). */
  readonly everyDaysHigh?: Exact;
  readonly every: string;
  /** `for`/`until` a duration, or an interval of durations (`for 3 to 6 mo`: `days` low, `daysHigh` high). */
  readonly bound?: { readonly kind: 'for' | 'until'; readonly days: Exact; readonly daysHigh?: Exact; readonly text: string };
}

/** A one-off window: due from `days` to `daysHigh` (equal to `days` when one duration) after its start. */
export interface IrWindow {
  readonly days: Exact;
  readonly daysHigh?: Exact;
  readonly text: string;
}

export interface IrAction {
  readonly verb: IrActionVerb;
  readonly targets: readonly string[];
  readonly permanent: boolean;
  readonly message?: string;
  readonly dose?: IrDose;
  readonly schedule?: readonly IrSchedulePhase[];
  /**
   * `monitor lft after 2 to 3 wk`: one check, due in a window after the decision (or after
   * `anchor`), in days, exact, with the text as written; such an action has no `schedule`.
   */
  readonly window?: IrWindow;
  /** `… from FACT`: the date or datetime fact the schedule's phases (or the window) are dated from. */
  readonly anchor?: { readonly fact: string; readonly type: 'date' | 'datetime' };
  readonly location: IrLocation;
}

export interface IrRule {
  readonly id: string;
  readonly title: string;
  readonly sources: readonly string[];
  readonly strength?: string;
  /** Rules this one suppresses whole when it fires (groups expanded to their rules). */
  readonly overrides: readonly string[];
  /**
   * Rules of which this one suppresses only some actions when it fires (`overrides dose of G`):
   * indexes into that rule's `actions`. Absent when there are none. A back end that cannot
   * suppress single actions must refuse a program that has any.
   */
  readonly overrideActions?: readonly { readonly rule: string; readonly actions: readonly number[] }[];
  /**
   * Schedule modifiers (`tightens monitor cbc of G twice as often`): when this rule fires, each
   * listed monitoring action of another rule shows `schedule` instead of its own (computed
   * exactly; the checker has proved it at least as frequent in every phase). Absent when there
   * are none. A back end that cannot apply them must refuse a program that has any.
   */
  readonly tightens?: readonly IrTightening[];
  /** Absent: the rule always applies. */
  readonly when?: IrExpr;
  readonly unless: readonly IrExpr[];
  readonly actions: readonly IrAction[];
  readonly location: IrLocation;
}

/** One monitoring action a modifier tightens: the rule, the action's index, the schedule it gets, and how (`twice as often`, `to every 1 wk`). */
export interface IrTightening {
  readonly rule: string;
  readonly action: number;
  readonly schedule: readonly IrSchedulePhase[];
  readonly text: string;
}

export interface IrProtocol {
  readonly id: string;
  readonly title: string;
  readonly sources: readonly string[];
  readonly strength?: string;
  readonly drug?: string;
  readonly target?: { readonly dose: { readonly value: Exact; readonly unit: string }; readonly duration: { readonly value: Exact; readonly unit: string } };
  readonly steps: readonly { readonly dose: { readonly value: Exact; readonly unit: string }; readonly observe: { readonly value: Exact; readonly unit: string } }[];
  readonly location: IrLocation;
}

export interface IrProgram {
  readonly irVersion: typeof IR_VERSION;
  /** `strengths`: the header's strength vocabulary, strongest first; absent for the default (STRENGTH_NAMES). */
  readonly ruleset: { readonly name: string; readonly version?: string; readonly strengths?: readonly string[] };
  readonly facts: readonly IrFact[];
  readonly valueSets: readonly IrValueSet[];
  /** In dependency order: a definition only refers to earlier ones. */
  readonly definitions: readonly IrDefinition[];
  readonly rules: readonly IrRule[];
  readonly protocols: readonly IrProtocol[];
  /** Number of atoms; atom ids are 0 … atomCount-1. */
  readonly atomCount: number;
}
