// The abstract syntax tree: readonly, `kind`-discriminated, every node with its range.
// Produced only by the parser (cst-to-ast); nothing here has semantics.
import type { ActionVerb } from '@vigil/runtime';

/** 0-based line and character (UTF-16 code units), as LSP uses; offset into the text. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly character: number;
}

/** Half-open: `end` is just past the last character. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

interface NodeBase {
  readonly range: Range;
}

/** An identifier occurrence (declaration or reference), kept as a node for rename and go-to. */
export interface Name extends NodeBase {
  readonly kind: 'Name';
  readonly value: string;
}

export interface StringLiteral extends NodeBase {
  readonly kind: 'StringLiteral';
  /** The decoded value, escapes resolved. */
  readonly value: string;
}

export interface Unit extends NodeBase {
  readonly kind: 'Unit';
  /** The UCUM code as written, e.g. `10*9/L`. */
  readonly text: string;
}

export interface Comment extends NodeBase {
  readonly kind: 'Comment';
  /** Including the delimiters: `// …` or `/* … *\/`. */
  readonly text: string;
  readonly block: boolean;
}

// ---------------------------------------------------------------- file

export interface Document extends NodeBase {
  readonly kind: 'Document';
  readonly uri: string;
  readonly header: RulesetHeader | undefined;
  readonly imports: readonly Import[];
  readonly declarations: readonly Declaration[];
  readonly comments: readonly Comment[];
}

export interface RulesetHeader extends NodeBase {
  readonly kind: 'RulesetHeader';
  readonly name: Name;
  readonly version: StringLiteral | undefined;
  /** `strengths { strong, moderate, optional }`: the rule set's own strength vocabulary, strongest first; undefined: the default five. */
  readonly strengths: readonly Name[] | undefined;
}

export interface Import extends NodeBase {
  readonly kind: 'Import';
  readonly path: StringLiteral;
}

export type Declaration = FactsBlock | GroupsBlock | ValueSetDecl | DefineDecl | RuleDecl | ProtocolDecl | TableDecl;

// ---------------------------------------------------------------- groups

/** `groups { NAME "title" … }`: named groups of rules, which rules join and `overrides` names. */
export interface GroupsBlock extends NodeBase {
  readonly kind: 'GroupsBlock';
  readonly groups: readonly GroupDecl[];
}

export interface GroupDecl extends NodeBase {
  readonly kind: 'GroupDecl';
  readonly name: Name;
  /** Declared `complete`: some rule of the group is expected to fire for every patient (the checker looks for gaps). */
  readonly complete?: boolean;
  readonly title: StringLiteral | undefined;
}

// ---------------------------------------------------------------- facts

export interface FactsBlock extends NodeBase {
  readonly kind: 'FactsBlock';
  readonly facts: readonly FactDecl[];
}

export interface FactDecl extends NodeBase {
  readonly kind: 'FactDecl';
  readonly name: Name;
  readonly type: TypeNode;
  /** `range LOW to HIGH`: the values a clinician accepts as plausible, bounds included. */
  readonly plausibleRange: FactRange | undefined;
  /** `baseline` / `uln` / `optional` modifiers, in source order. */
  readonly options: readonly Name[];
  readonly description: StringLiteral | undefined;
}

export interface FactRange extends NodeBase {
  readonly kind: 'FactRange';
  readonly low: RangeBound;
  readonly high: RangeBound;
}

/** A range bound: a quantity literal, with its sign (the grammar has no negative literals). */
export interface RangeBound extends NodeBase {
  readonly kind: 'RangeBound';
  readonly negative: boolean;
  readonly quantity: QuantityLiteral;
}

export type TypeNode = PrimitiveType | EnumType | QuantityType | SetType;

export interface PrimitiveType extends NodeBase {
  readonly kind: 'PrimitiveType';
  readonly name: 'boolean' | 'text' | 'date' | 'datetime' | 'code' | 'duration';
}

export interface EnumType extends NodeBase {
  readonly kind: 'EnumType';
  readonly members: readonly Name[];
}

export interface QuantityType extends NodeBase {
  readonly kind: 'QuantityType';
  readonly unit: Unit;
}

export interface SetType extends NodeBase {
  readonly kind: 'SetType';
  readonly element: TypeNode;
}

// ---------------------------------------------------------------- value sets, definitions

export interface ValueSetDecl extends NodeBase {
  readonly kind: 'ValueSetDecl';
  readonly name: Name;
  readonly title: StringLiteral | undefined;
  readonly members: readonly ValueSetMember[];
}

export interface ValueSetMember extends NodeBase {
  readonly kind: 'ValueSetMember';
  readonly name: Name;
  readonly codes: readonly CodeRef[];
}

export interface CodeRef extends NodeBase {
  readonly kind: 'CodeRef';
  /** Code system: rxnorm, snomed, icd10, loinc, atc. */
  readonly system: Name;
  readonly code: StringLiteral;
}

export interface DefineDecl extends NodeBase {
  readonly kind: 'DefineDecl';
  readonly name: Name;
  /** `define standard DRUG = …`: the drug's standard dose, which `… of standard` doses resolve against. */
  readonly standard: boolean;
  readonly title: StringLiteral | undefined;
  readonly expr: Expr;
}

// ---------------------------------------------------------------- rules

export interface RuleDecl extends NodeBase {
  readonly kind: 'RuleDecl';
  readonly id: Name;
  readonly title: StringLiteral | undefined;
  readonly sources: readonly StringLiteral[];
  readonly strength: Name | undefined;
  /** `group a, b`: the groups the rule joins. */
  readonly groups: readonly Name[];
  /** The rule or group each `overrides` item names (`dose of G` names G), in source order. */
  readonly overrides: readonly Name[];
  /** Each `overrides` item in full: which actions, of what, with which exceptions. */
  readonly overrideItems: readonly OverrideItem[];
  /** `tightens monitor cbc of G twice as often`: schedule modifiers, in source order (absent in table rows). */
  readonly tightens?: readonly TightenClause[];
  /** `otherwise` / `otherwise in G`: the rule fires only when no other rule of its group does. */
  readonly otherwise?: OtherwiseClause;
  /** Undefined when the rule has no `when` (it then always applies). */
  readonly when: Expr | undefined;
  readonly unless: readonly Expr[];
  readonly actions: readonly Action[];
}

/** `otherwise` or `otherwise in G`: `group` names the group when the rule joins several. */
export interface OtherwiseClause extends NodeBase {
  readonly kind: 'OtherwiseClause';
  readonly group: Name | undefined;
}

/**
 * One item of an `overrides` clause: `AZA-PRE-05`, `azathioprine_use except AZA-PRE-05-B`,
 * `dose azathioprine, recommend azathioprine of azathioprine_use`.
 */
export interface OverrideItem extends NodeBase {
  readonly kind: 'OverrideItem';
  /** Empty: the whole rules. Otherwise only their actions these select. */
  readonly actions: readonly OverrideAction[];
  readonly name: Name;
  readonly except: readonly Name[];
}

/**
 * `tightens monitor cbc of G twice as often` or `… to every 1 wk`: when the rule fires, the
 * monitoring `item` selects (its one action is `monitor`, maybe with a target) is shown more
 * often. Exactly one of `factor` and `every` is set.
 */
export interface TightenClause extends NodeBase {
  readonly kind: 'TightenClause';
  readonly item: OverrideItem;
  /** `twice` (2) or `N times`: the number as written, and its range. */
  readonly factor?: { readonly value: string; readonly text: string; readonly range: Range } | undefined;
  /** `to every 1 wk`, `to every 1 to 2 wk`: the new cadence, as a phase without a bound. */
  readonly every?: SchedulePhase | undefined;
}

/** `dose` (every dose) or `dose azathioprine` (the doses whose targets include azathioprine). */
export interface OverrideAction extends NodeBase {
  readonly kind: 'OverrideAction';
  readonly verb: ActionVerb;
  readonly target: Name | undefined;
}

/** The verbs and how each is written: the runtime's vocabulary table. */
export type { ActionVerb };

export interface Action extends NodeBase {
  readonly kind: 'Action';
  readonly verb: ActionVerb;
  /** Range of the verb keyword(s). */
  readonly verbRange: Range;
  /** Empty only for `advise`. */
  readonly targets: readonly Name[];
  readonly permanent: boolean;
  readonly dose: DoseSpec | undefined;
  readonly schedule: Schedule | undefined;
  readonly message: StringLiteral | undefined;
}

export interface DoseSpec extends NodeBase {
  readonly kind: 'DoseSpec';
  readonly low: Expr;
  readonly high: Expr | undefined;
  /** `to below HIGH`: the high end is excluded from the range. */
  readonly highExclusive?: boolean;
  /** `10 mg twice daily`: the amount (low/high) is given per administration, this often. */
  readonly frequency?: DoseFrequency | undefined;
  /** `start A, increase by S every I to L`: `low` is A and `high` is L, as written. */
  readonly titration?: Titration | undefined;
  readonly ofStandard: boolean;
  /** `rounded to 25 mg/d`: the step the dose is also shown in (display only; the exact dose stays). Outside `range`, which spans the amount. */
  readonly rounding: QuantityLiteral | undefined;
}

/** A titration or taper: from `low` (the start) by `step` every `every` to `high` (the limit). */
export interface Titration extends NodeBase {
  readonly kind: 'Titration';
  readonly direction: 'increase' | 'decrease';
  readonly step: Expr;
  readonly every: QuantityLiteral;
}

/** How often a dose is given: `twice daily`, `3 times weekly`, `three times weekly`. */
export interface DoseFrequency extends NodeBase {
  readonly kind: 'DoseFrequency';
  /** The count as written: `once`, `twice`, a number or a number word (the checker reads it). */
  readonly count: string;
  readonly countRange: Range;
  readonly period: 'daily' | 'weekly';
}

export interface Schedule extends NodeBase {
  readonly kind: 'Schedule';
  /** Empty for a one-off window (`after 2 to 3 wk`). */
  readonly phases: readonly SchedulePhase[];
  /** `after Q` or `after Q to Q`: one check, due in this window after the decision (or after the anchor). */
  readonly window?: ScheduleWindow | undefined;
  /** `from FACT`: the date or datetime fact the phases are counted from. */
  readonly anchor?: NameRef | undefined;
}

/** `after 2 to 3 wk`: `amountHigh` for an interval (`amount` may leave its unit to it). */
export interface ScheduleWindow extends NodeBase {
  readonly kind: 'ScheduleWindow';
  readonly amount: QuantityLiteral;
  readonly amountHigh?: QuantityLiteral | undefined;
}

export interface SchedulePhase extends NodeBase {
  readonly kind: 'SchedulePhase';
  readonly every: QuantityLiteral;
  /** `every 1 to 2 wk`: the interval's high end (`every` is the low one; it may omit its unit). */
  readonly everyHigh?: QuantityLiteral | undefined;
  /** `for Q` (length of this phase) or `until Q` (time since start when it ends); `amountHigh` for `for 3 to 6 mo`. */
  readonly bound: { readonly kind: 'for' | 'until'; readonly amount: QuantityLiteral; readonly amountHigh?: QuantityLiteral | undefined } | undefined;
}

// ---------------------------------------------------------------- decision tables

/**
 * `table ID "title" … | col | col | then` and one `| cell | cell | action` line per row.
 * Each row means the rule `ID.rowN` (see tables.ts); the hit policy decides their overrides.
 */
export interface TableDecl extends NodeBase {
  readonly kind: 'TableDecl';
  readonly id: Name;
  readonly title: StringLiteral | undefined;
  readonly sources: readonly StringLiteral[];
  readonly strength: Name | undefined;
  readonly groups: readonly Name[];
  /** `hit first`, as written; undefined: `unique`. */
  readonly hit: Name | undefined;
  /** A condition every row needs besides its cells. */
  readonly when: Expr | undefined;
  /** The inputs, one per column: a fact, `alt.baseline`, a definition, any value. */
  readonly columns: readonly Expr[];
  /** The header line, `| tpmt | nudt15 | then`. */
  readonly header: Range;
  readonly rows: readonly TableRow[];
}

export interface TableRow extends NodeBase {
  readonly kind: 'TableRow';
  readonly cells: readonly TableCell[];
  /** From the row's first `|` to its last, before the actions. */
  readonly cellsRange: Range;
  readonly actions: readonly Action[];
  /** The row's own sources and strength; none: the table's. */
  readonly sources: readonly StringLiteral[];
  readonly strength: Name | undefined;
}

export interface TableCell extends NodeBase {
  readonly kind: 'TableCell';
  /** Empty for `-` (any value, missing included); otherwise every test must hold. */
  readonly tests: readonly CellTest[];
}

export type CellTest = CellIn | CellIncludes | CellCompare | CellRange | CellPresence;

/** `intermediate`, `{ intermediate, poor }`, `not poor`: the column's value is (not) one of these. */
export interface CellIn extends NodeBase {
  readonly kind: 'CellIn';
  readonly negated: boolean;
  readonly values: ValueList;
}

/** `includes xanthine_oxidase_inhibitors`: for a set column. */
export interface CellIncludes extends NodeBase {
  readonly kind: 'CellIncludes';
  readonly values: ValueList;
}

/** `< 2.5 10*9/L`, `>= 2 mg/kg/d * weight`; a bare `true` or `false` is `= true` with no operator written. */
export interface CellCompare extends NodeBase {
  readonly kind: 'CellCompare';
  readonly op: CompareOp;
  /** Undefined for a bare `true` / `false`. */
  readonly opRange: Range | undefined;
  readonly value: Expr;
}

/** `2 mg to 3 mg`: bounds included. */
export interface CellRange extends NodeBase {
  readonly kind: 'CellRange';
  readonly low: QuantityLiteral;
  readonly high: QuantityLiteral;
}

/** `missing` / `present`. */
export interface CellPresence extends NodeBase {
  readonly kind: 'CellPresence';
  readonly missing: boolean;
}

// ---------------------------------------------------------------- protocols

export interface ProtocolDecl extends NodeBase {
  readonly kind: 'ProtocolDecl';
  readonly id: Name;
  readonly title: StringLiteral | undefined;
  readonly sources: readonly StringLiteral[];
  readonly strength: Name | undefined;
  readonly drug: Name | undefined;
  readonly target: ProtocolTarget | undefined;
  readonly steps: readonly ProtocolStep[];
}

export interface ProtocolTarget extends NodeBase {
  readonly kind: 'ProtocolTarget';
  readonly dose: QuantityLiteral;
  readonly duration: QuantityLiteral;
}

export interface ProtocolStep extends NodeBase {
  readonly kind: 'ProtocolStep';
  readonly dose: QuantityLiteral;
  readonly observe: QuantityLiteral;
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | LogicalExpr
  | NotExpr
  | CompareExpr
  | InExpr
  | PresenceExpr
  | IncludesExpr
  | ElapsedExpr
  | ArithmeticExpr
  | NegateExpr
  | QuantityLiteral
  | StringLiteral
  | BooleanLiteral
  | NameRef
  | MemberRef
  | ContextRef
  | ParenExpr;

export interface LogicalExpr extends NodeBase {
  readonly kind: 'LogicalExpr';
  readonly op: 'and' | 'or';
  readonly left: Expr;
  readonly right: Expr;
}

export interface NotExpr extends NodeBase {
  readonly kind: 'NotExpr';
  readonly operand: Expr;
}

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface CompareExpr extends NodeBase {
  readonly kind: 'CompareExpr';
  readonly op: CompareOp;
  readonly opRange: Range;
  readonly left: Expr;
  readonly right: Expr;
}

/** A `{ a, b }` list or a single name (a value set, or one member). */
export interface ValueList extends NodeBase {
  readonly kind: 'ValueList';
  readonly items: readonly Name[];
  /** True when written with braces. */
  readonly braced: boolean;
}

export interface InExpr extends NodeBase {
  readonly kind: 'InExpr';
  readonly subject: Expr;
  readonly negated: boolean;
  readonly values: ValueList;
}

export interface PresenceExpr extends NodeBase {
  readonly kind: 'PresenceExpr';
  readonly subject: Expr;
  readonly missing: boolean;
}

export interface IncludesExpr extends NodeBase {
  readonly kind: 'IncludesExpr';
  readonly subject: Expr;
  readonly values: ValueList;
}

export interface ElapsedExpr extends NodeBase {
  readonly kind: 'ElapsedExpr';
  readonly subject: Expr;
  /** more than Q ago: elapsed > Q; less than Q ago: elapsed < Q; within Q: elapsed <= Q. */
  readonly op: 'more' | 'less' | 'within';
  readonly amount: QuantityLiteral;
}

export interface ArithmeticExpr extends NodeBase {
  readonly kind: 'ArithmeticExpr';
  /** `x` is parsed as `*`. */
  readonly op: '+' | '-' | '*' | '/';
  readonly left: Expr;
  readonly right: Expr;
}

export interface NegateExpr extends NodeBase {
  readonly kind: 'NegateExpr';
  readonly operand: Expr;
}

export interface QuantityLiteral extends NodeBase {
  readonly kind: 'QuantityLiteral';
  /** The decimal text exactly as written, e.g. `2.5`. */
  readonly value: string;
  readonly unit: Unit | undefined;
}

export interface BooleanLiteral extends NodeBase {
  readonly kind: 'BooleanLiteral';
  readonly value: boolean;
}

/** A bare identifier: a fact, definition, enum member or value-set member, by context. */
export interface NameRef extends NodeBase {
  readonly kind: 'NameRef';
  readonly name: Name;
}

/** `alt.baseline`, `alt.uln`. */
export interface MemberRef extends NodeBase {
  readonly kind: 'MemberRef';
  readonly object: Name;
  readonly member: 'baseline' | 'uln';
}

/** Bare `baseline` / `uln`: of the fact on the other side of the comparison. */
export interface ContextRef extends NodeBase {
  readonly kind: 'ContextRef';
  readonly which: 'baseline' | 'uln';
}

export interface ParenExpr extends NodeBase {
  readonly kind: 'ParenExpr';
  readonly expr: Expr;
}

export type Node =
  | Document
  | RulesetHeader
  | Import
  | Declaration
  | GroupDecl
  | OverrideItem
  | TightenClause
  | OverrideAction
  | FactDecl
  | FactRange
  | RangeBound
  | TypeNode
  | ValueSetMember
  | CodeRef
  | Action
  | DoseSpec
  | DoseFrequency
  | Titration
  | Schedule
  | SchedulePhase
  | ScheduleWindow
  | ProtocolTarget
  | ProtocolStep
  | TableRow
  | TableCell
  | CellTest
  | ValueList
  | Expr
  | Name
  | Unit
  | Comment;
