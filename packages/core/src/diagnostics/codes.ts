// The one registry of every diagnostic Vigil reports, banded by phase:
// 1xxx syntax, 2xxx names, 3xxx types, 4xxx units, 5xxx logic, 6xxx compile, 7xxx facts and harness,
// 8xxx FHIR and CDS Hooks.
// Messages are templates; `{{key}}` is filled from the report's arguments.
import type { Severity } from './diagnostic.js';

export interface DiagnosticCode {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly template: string;
  /** One sentence for the docs page. */
  readonly summary: string;
}

function def(code: string, name: string, severity: Severity, template: string, summary: string): DiagnosticCode {
  return { code, name, severity, template, summary };
}

export const codes = {
  // syntax
  syntaxError: def('VGL1001', 'syntax-error', 'error', '{{message}}', 'The text does not follow the grammar.'),
  lexicalError: def('VGL1002', 'unexpected-character', 'error', '{{message}}', 'A character or string that no token matches.'),
  tooManyErrors: def('VGL1003', 'too-many-errors', 'error', '{{message}}', 'More syntax errors than are reported, or than a parse records: the first ones are shown, and the rest of the file may not be checked.'),
  bidiControl: def('VGL1005', 'bidi-control', 'warning', 'Invisible bidirectional control character {{char}} in a {{where}}: it can make the text read differently from what is checked ("Trojan Source"); remove it or write it as an escape.', 'A bidirectional-override character (U+202A–U+202E, U+2066–U+2069) in a string or comment, which can reorder how the code is displayed.'),
  expressionTooDeep: def('VGL1004', 'expression-too-deep', 'error', 'This declaration holds an expression {{depth}} levels deep; the limit is {{max}} (a chain of N and/or/+ terms is N levels): split it into definitions.', 'An expression nested deeper than 500 levels (for example a chain of 2,000 `and` terms); the declaration is left out.'),

  // names
  unknownName: def('VGL2001', 'unknown-name', 'error', "Unknown {{what}} '{{name}}'.{{suggestion}}", 'A name that no declaration in the rule set defines.'),
  duplicateDeclaration: def('VGL2002', 'duplicate-declaration', 'error', "Duplicate {{what}} '{{name}}'; first declared at {{where}}.", 'Two declarations share one name or id.'),
  importCycle: def('VGL2003', 'import-cycle', 'error', 'Import cycle: {{cycle}}.', 'Files that import each other in a loop.'),
  importNotFound: def('VGL2004', 'import-not-found', 'error', "Cannot read imported file '{{path}}': {{reason}}.", 'An import whose file cannot be read.'),
  unknownEnumValue: def('VGL2005', 'unknown-enum-value', 'error', "'{{value}}' is not a value of {{fact}} ({{values}}).{{suggestion}}", 'An enum comparison names a value the enum does not have.'),
  definitionCycle: def('VGL2006', 'definition-cycle', 'error', 'Definition cycle: {{cycle}}.', 'Definitions that refer to each other in a loop.'),
  unknownCodeSystem: def('VGL2007', 'unknown-code-system', 'error', "Unknown code system '{{system}}'; expected one of {{systems}}.", 'A value-set member code names an unknown code system.'),
  unknownRule: def('VGL2008', 'unknown-rule', 'error', "Unknown rule '{{name}}'.{{suggestion}}", 'An `overrides` or `tightens` clause names a rule or group that does not exist.'),
  overrideCycle: def('VGL2009', 'override-cycle', 'error', 'Rule {{rule}} overrides itself: {{cycle}}; every rule in the loop would suppress the others.', 'Rules whose `overrides` clauses form a loop (a rule overriding itself, directly or through others).'),
  unreadableFile: def('VGL2010', 'unreadable-file', 'error', "Cannot read rule file '{{path}}': {{reason}}.", 'A rule file of the rule set that cannot be read (permissions, a dangling link, a directory, a device or pipe, over the size limit): never silently left out.'),
  duplicateRulesetHeader: def('VGL2012', 'duplicate-ruleset-header', 'error', "A second header, `ruleset {{name}}`, in the rule set that {{first}} already names: a rule set has one header; put each set in a folder of its own, or remove this header.", 'Two files of one rule set (one folder, or a file and one it imports) each start with `ruleset NAME`.'),
  duplicateRulesetName: def('VGL2013', 'duplicate-ruleset-name', 'error', "ruleset {{name}} is declared by two folders: '{{first}}' and '{{second}}'; give one of them another name.", 'Two rule sets in the folders a command is given share one name, so their outputs and reports cannot be told apart.'),
  importRefused: def('VGL2011', 'import-refused', 'error', "Import '{{path}}' is refused: {{reason}}.", 'An import of a file that is not a `.vigil` file inside the rule set\'s folders; the file is not read.'),
  unknownGroup: def('VGL2021', 'unknown-group', 'error', "Unknown group '{{name}}'; declare it in a groups block.{{suggestion}}", 'A rule\'s `group` clause names a group that no `groups` block declares.'),
  groupOverrideCycle: def('VGL2022', 'group-override-cycle', 'error', 'Rule {{rule}} overrides group {{group}}, which reaches back to it: {{cycle}}; every rule in the loop would suppress the others. Leave one out of the group or add `except`.', 'An `overrides` clause naming a group closes a loop of overrides through a member of the group.'),
  emptyGroup: def('VGL2023', 'empty-group', 'warning', "Group '{{name}}' has no rules: no rule joins it with `group {{name}}`, so overriding it suppresses nothing.", 'A declared group that no rule joins.'),
  emptyTightening: def('VGL2025', 'empty-tightening', 'warning', "'{{item}}' tightens nothing: {{reason}}.", 'A `tightens` item that reaches no monitoring schedule (no rule of the group monitors, or not that target, or every member excepted).'),
  emptyOverride: def('VGL2024', 'empty-override', 'warning', "'{{item}}' overrides nothing: {{reason}}.", 'An `overrides` item that reaches no rule or no action (a group with only the overriding rule, every member excepted, or actions the group\'s rules do not have).'),
  tableRowCells: def('VGL2030', 'table-row-cells', 'error', 'Row {{row}} of table {{table}} has {{cells}} cell{{s}} but the header has {{columns}} column{{cs}} ({{names}}): give one cell per column, `-` for any value.', 'A decision-table row whose number of cells differs from the header\'s number of columns.'),
  unknownHitPolicy: def('VGL2031', 'unknown-hit-policy', 'error', "Unknown hit policy '{{name}}' for table {{table}}; expected unique, first, priority or collect.{{suggestion}}", 'A decision table whose `hit` clause names no hit policy.'),
  emptyTable: def('VGL2032', 'empty-table', 'warning', 'Table {{table}} has no rows: it decides nothing.', 'A decision table with a header and no rows.'),
  otherwiseWithoutGroup: def('VGL2040', 'otherwise-without-group', 'error', "Rule {{rule}} says 'otherwise' but {{reason}}.", 'An `otherwise` rule whose group cannot be told: the rule joins no group, joins several without `otherwise in G`, or names a group it does not join.'),
  duplicateOtherwise: def('VGL2041', 'duplicate-otherwise', 'error', "Group '{{group}}' has a second 'otherwise' rule, {{rule}} ({{first}} is the first): each would fire only when the other does not, so neither answer is defined.", 'Two `otherwise` rules complete one group.'),
  otherwiseCycle: def('VGL2042', 'otherwise-cycle', 'error', "Rule {{rule}} fires only when {{next}} does not, which comes back to it: {{cycle}}; an 'otherwise' rule cannot complete a group whose 'otherwise' rule completes one of its own.", '`otherwise` rules that negate each other in a loop (each is a member of the group the other completes).'),
  loneOtherwise: def('VGL2043', 'lone-otherwise', 'warning', "Rule {{rule}} is the only rule of group '{{group}}', so 'otherwise' excludes nothing: it fires whenever its own condition holds.", 'An `otherwise` rule whose group has no other rule.'),

  // types
  typeMismatch: def('VGL3001', 'type-mismatch', 'error', 'Cannot compare {{left}} with {{right}}.', 'A comparison of two operands whose types cannot be compared, naming both sides.'),
  orderingNotQuantity: def('VGL3011', 'ordering-not-quantity', 'error', "'{{op}}' orders quantities only; {{left}} and {{right}} can only be tested with '=' or '!='.", 'An ordering (`<`, `<=`, `>`, `>=`) of operands that are not quantities, such as enum values.'),
  inNotEnum: def('VGL3012', 'in-not-enum', 'error', "'in' tests an enum or code fact, but {{subject}} is neither; use 'includes' for sets.", 'An `in` test whose subject is not an enum or code fact.'),
  includesNotSet: def('VGL3013', 'includes-not-set', 'error', "'includes' tests a set fact, but {{subject}} is not a set.", 'An `includes` test whose subject is not a set fact.'),
  presenceNotFact: def('VGL3014', 'presence-not-fact', 'error', "'is missing' / 'is present' apply to a fact, not to {{subject}}.", 'An `is missing` or `is present` test of something that is not a fact (a definition, a literal).'),
  elapsedNotDate: def('VGL3015', 'elapsed-not-date', 'error', "'{{op}}' needs a date or datetime fact, but {{subject}} is not one.", 'A `more than … ago`, `less than … ago` or `within` test of something that is not a date or datetime fact.'),
  arithmeticNotQuantity: def('VGL3016', 'arithmetic-not-quantity', 'error', 'Arithmetic needs quantities, but {{operand}} is used as a quantity.', 'An operand of `+`, `-`, `*`, `/`, `x` or a minus sign that is not a quantity (a boolean, an enum, a text).'),
  notACondition: def('VGL3002', 'not-a-condition', 'error', '{{what}} must be a condition (boolean), but it is {{type}}.', 'A `when`, `unless`, `and`, `or` or `not` operand that is not boolean.'),
  noBaseline: def('VGL3003', 'no-baseline', 'error', "Fact '{{fact}}' declares no {{part}}; add '{{part}}' after its type to give it {{label}}.", '`baseline` or `uln` used where no fact declares it.'),
  bareBaseline: def('VGL3017', 'bare-baseline', 'error', "Bare '{{part}}' needs exactly one fact on the other side of a comparison; write 'fact.{{part}}' instead.", 'A bare `baseline` or `uln` whose fact cannot be told: it needs exactly one fact on the other side of its comparison.'),
  invalidAction: def('VGL3004', 'invalid-action', 'error', 'A dose must be a quantity, but {{operand}} is not.', 'A dose that is not a quantity (a boolean, an enum, a text).'),
  invalidRange: def('VGL3006', 'invalid-range', 'error', "The range of '{{fact}}' is empty: its low bound {{low}} is above its high bound {{high}}.", "A fact's plausible range that is empty: its low bound above its high bound."),
  rangeNotQuantity: def('VGL3018', 'range-not-quantity', 'error', "Only a quantity fact can declare a range; '{{fact}}' is {{type}}.", 'A plausible range on a fact that is not a quantity.'),
  actionIncomplete: def('VGL3020', 'action-incomplete', 'error', "'{{verb}}' needs {{what}}.", 'An action without what its verb needs: a target, or for `advise`, a message.'),
  relativeDoseNotFraction: def('VGL3021', 'relative-dose-not-fraction', 'error', "A dose 'of standard' must be a percentage or a fraction, e.g. '30% to 70% of standard'.", 'A dose `of standard` that is not a percentage or a fraction of the standard dose.'),
  fractionWithoutStandard: def('VGL3022', 'fraction-without-standard', 'error', "A dose given as a percentage or fraction needs 'of standard'.", 'A dose that is a percentage or a fraction but does not say `of standard`.'),
  intervalReversed: def('VGL3030', 'interval-reversed', 'error', "The interval '{{interval}}' runs backwards: its low end {{low}} is longer than its high end {{high}}.", 'A duration interval (`every 1 to 2 wk`, `for 3 to 6 mo`) whose low end is above its high end.'),
  emptyDoseRange: def('VGL3032', 'empty-dose-range', 'error', "Rule {{rule}} can give the dose '{{dose}}' with no dose in it ({{why}}) for a patient it fires for; witness: {{witness}}.", 'A dose range that is empty for a patient the rule fires for: the low end above the high end, or at an excluded high end (`to below`). Add the condition that keeps it open (`injurious_dose > 50 mg/d`).'),
  frequencyCount: def('VGL3033', 'frequency-count', 'error', "'{{count}}' in '{{frequency}}' is not a whole number of administrations; write once, twice, a whole number or a number word up to twelve ('3 times', 'three times').", 'A dose frequency whose count is not a whole number of administrations above zero (`1.5 times daily`, `some times daily`).'),
  titrationDirection: def('VGL3034', 'titration-direction', 'error', "Rule {{rule}}'s schedule '{{schedule}}' cannot {{direction}} as written: for a patient it fires for, its start is not on the right side of its limit; witness: {{witness}}.", 'A titration (`increase`) whose start is not below its limit, or a taper (`decrease`) whose start is not above it, for a patient the rule fires for.'),
  titrationStep: def('VGL3035', 'titration-step', 'error', "Rule {{rule}}'s schedule '{{schedule}}' has a step that is not above zero for a patient it fires for, so it never reaches its limit; witness: {{witness}}.", 'A titration or taper step that is zero or negative for a patient the rule fires for (the direction is said by `increase` or `decrease`).'),
  scheduleAnchorNotDate: def('VGL3036', 'schedule-anchor-not-date', 'error', "A schedule is dated from '{{anchor}}', which is {{what}}; write a date or datetime fact after 'from'.", 'A monitoring schedule anchored (`from FACT`) to a name that is not a date or datetime fact: a definition, or a fact of another type.'),
  tighteningLoosens: def('VGL3037', 'tightening-loosens', 'error', "'{{clause}}' would make phase {{phase}} of {{target}}'s schedule less frequent: every {{from}} becomes every {{to}}; a modifier can only tighten (each end of the cadence no longer than before).", 'A schedule modifier (`tightens … to every …`) that would leave some phase of a schedule it reaches less frequent, at either end of its cadence; the phase is named.'),
  tighteningFactor: def('VGL3038', 'tightening-factor', 'error', "'{{factor}} times as often' does not tighten: the factor must be a number above 1 ('twice as often', '3 times as often').", 'A schedule modifier whose factor is not above 1 (`1 times as often`).'),
  tighteningsIncomparable: def('VGL3039', 'tightenings-incomparable', 'error', "{{first}} and {{second}} both tighten {{target}}'s schedule, but neither is at least as frequent as the other in every phase (phase {{phase}}: every {{a}} and every {{b}}); when both fire the engine could not tell which applies. Make one the tighter, or have one override the other.", 'Two schedule modifiers of one monitoring action, neither at least as frequent as the other at both ends of every phase: the engine applies the most frequent one that fires, so they must be ordered.'),
  intervalEqualEnds: def('VGL3031', 'interval-equal-ends', 'warning', "The interval '{{interval}}' has equal ends; write the one duration.", 'A duration interval whose two ends are the same duration (`every 7 d to 1 wk`).'),
  standardDoseNotQuantity: def('VGL3023', 'standard-dose-not-quantity', 'error', "The standard dose of '{{drug}}' must be a quantity with a unit, such as '2 mg/kg/d * weight', but it is {{type}}.", "A drug's `define standard` dose that is not a quantity with a unit."),
  protocolWithoutTarget: def('VGL3019', 'protocol-without-target', 'error', "Protocol {{protocol}} declares no 'target … over …', so its steps cannot be checked.", "A protocol without `target … over …`: its steps' totals cannot be checked."),
  unknownStrength: def('VGL3005', 'unknown-strength', 'error', "Unknown strength '{{name}}'; expected one of {{values}}.{{suggestion}}", 'A rule or protocol strength outside the rule set\'s vocabulary (its header\'s `strengths`, or by default strong, moderate, conditional, weak, expert).'),
  numberOutOfRange: def('VGL3007', 'number-out-of-range', 'error', 'The number {{number}} has {{digits}} digits; a number in rule text has at most {{max}} (so a nonzero one lies between 1e-{{max}} and 1e{{max}}).', 'A number literal with more than 30 digits: too small or too large or too precise to be kept exact from rule text to engine.'),
  durationOutOfRange: def('VGL3008', 'duration-out-of-range', 'error', 'The duration {{duration}} is longer than {{max}}, the limit for a duration in rule text.', 'A duration longer than 10,000 years: the dates it reaches lie outside the calendar engines compute with.'),

  // units
  invalidUnit: def('VGL4001', 'invalid-unit', 'error', "'{{unit}}' is not a valid UCUM unit{{reason}}", 'A unit that UCUM does not define, or one with an offset (like Cel) that cannot be compared by ratio.'),
  incommensurableUnits: def('VGL4002', 'incommensurable-units', 'error', 'Cannot {{operation}} {{left}} and {{right}}: the units are not commensurable.', 'Two quantities compared, added or subtracted whose units measure different things, naming both sides.'),
  doseRangeUnits: def('VGL4003', 'dose-range-units', 'error', "The dose range '{{dose}}' mixes units that are not commensurable ({{low}} and {{high}}).", 'A dose range whose low and high ends are in units that measure different things.'),
  doseUnitMismatch: def('VGL4004', 'dose-unit-mismatch', 'error', "The dose '{{dose}}' is in {{unit}} ({{dimension}}), but {{drug}} is dosed in {{drugUnit}} ({{drugDimension}}), set by {{why}}: every dose of a drug must be in one unit.", "A dose in a unit that does not measure what the drug's other doses (or its standard dose) measure."),
  rangeBoundUnits: def('VGL4005', 'range-bound-units', 'error', "The range bound '{{bound}}' of '{{fact}}' is {{given}} ({{dimension}}), but '{{fact}}' is in {{unit}} ({{factDimension}}): the units are not commensurable.", "A bound of a fact's plausible range in a unit that does not measure what the fact measures."),
  elapsedNotTime: def('VGL4006', 'elapsed-not-time', 'error', "A time since an event needs a time unit, but '{{quantity}}' is in {{unit}} ({{dimension}}).", 'A `more than … ago`, `less than … ago` or `within` amount that is not a time.'),
  scheduleNotTime: def('VGL4007', 'schedule-not-time', 'error', "A schedule needs time units, but '{{quantity}}' is not a time.", 'A monitoring interval or bound (`every`, `for`, `until`) that is not a time.'),
  protocolDurationNotTime: def('VGL4008', 'protocol-duration-not-time', 'error', "The protocol's duration '{{duration}}' is not a time.", "A protocol's `over` duration that is not a time."),
  protocolStepUnits: def('VGL4009', 'protocol-step-units', 'error', "Step {{what}} '{{quantity}}' cannot be added to the target in {{unit}}: the units are not commensurable.", "A protocol step's dose or observation time in a unit that does not measure what the target's does."),
  titrationStepUnits: def('VGL4022', 'titration-step-units', 'error', "The step '{{step}}' is in {{unit}} ({{dimension}}), but the doses it changes are in {{doseUnit}} ({{doseDimension}}): the units are not commensurable.", 'A titration or taper step in a unit that does not measure what its doses measure (`increase by 25 mg` for doses in mg/d).'),
  frequencyNotAmount: def('VGL4020', 'frequency-not-amount', 'error', "A dose given '{{frequency}}' needs an amount per administration: {{reason}}.", 'A dose frequency (`twice daily`) on something that is not an amount given each time: a rate (`10 mg/d twice daily`) or a fraction of the standard dose.'),
  frequencyRounding: def('VGL4021', 'frequency-rounding', 'error', "A dose given '{{frequency}}' cannot be rounded for display: the step would round the daily total, not the amount given each time; round the amount in the rule text instead.", 'A `rounded to` step on a dose with a frequency: rounding the daily equivalent would show a total that no whole administration gives.'),
  invalidRounding: def('VGL4010', 'invalid-rounding', 'error', "The dose cannot be rounded to {{step}}: {{reason}}.", "A dose's `rounded to` step that is zero, in a unit the dose cannot be given in, or on a fraction of a standard dose the rule set does not declare."),

  // logic
  unreachableRule: def('VGL5001', 'unreachable-rule', 'warning', "Rule {{rule}} can never fire: {{reason}}.", 'A rule whose condition no patient can satisfy.'),
  unsatisfiableExpression: def('VGL5010', 'unsatisfiable-expression', 'warning', 'The expression can never be true: {{reason}}.', 'A `vigil eval --expr` condition that no patient can satisfy.'),
  conflictingActions: def('VGL5002', 'conflicting-actions', 'warning', "Rules {{a}} and {{b}} can fire for the same patient with clashing actions ({{actionA}} vs {{actionB}} {{target}}); witness: {{witness}}.", 'Two rules can fire together with clashing actions and neither overrides the other.'),
  uncoveredMissing: def('VGL5003', 'uncovered-missing', 'warning', "Rule {{rule}} is not evaluable when {{fact}} is missing, and no rule handles '{{fact}} is missing'.", 'A rule can go unknown and no rule covers the missing fact.'),
  protocolTotals: def('VGL5004', 'protocol-totals', 'error', "Protocol {{protocol}}: the steps' {{what}}s add up to {{sum}}, but the target states {{target}} ({{direction}} by {{difference}}).", 'Protocol steps that do not add up to the declared target dose or duration.'),
  missingSource: def('VGL5005', 'missing-source', 'warning', "Rule {{rule}} cites no source.", 'A rule or protocol without `source`: evidence must travel with the rule.'),
  coverageGap: def('VGL5006', 'coverage-gap', 'info', "No '{{action}} {{target}}' rule handles {{region}}, though the group ({{rules}}) handles {{handled}}{{witness}}.", 'A region of patients (an enum value, a quantity range) that no rule of a group handles.'),
  overlap: def('VGL5007', 'overlap', 'info', 'Rules {{first}} and {{second}} can both fire with {{what}} and neither overrides the other; witness: {{witness}}.', 'Two rules that fire on the same region with different actions.'),
  tableGap: def('VGL5020', 'table-gap', 'warning', 'Table {{table}} has no row for {{region}}; witness: {{witness}}.', 'A combination of input values (all present) that no row of a decision table matches.'),
  tableOverlap: def('VGL5021', 'table-overlap', 'error', 'Rows {{first}} and {{second}} of table {{table}} (hit unique) both match one patient; witness: {{witness}}. Make the rows exclusive, or choose the hit policy first, priority or collect.', 'Two rows of a `hit unique` decision table that can match the same patient.'),
  tablePriorityTie: def('VGL5022', 'table-priority-tie', 'error', 'Rows {{first}} and {{second}} of table {{table}} (hit priority) both match one patient with different outputs of the same priority ({{verb}}); witness: {{witness}}.', 'Two rows of a `hit priority` decision table that match the same patient with different outputs ranked alike, so neither wins.'),
  tableShadowedRow: def('VGL5023', 'table-shadowed-row', 'warning', 'Row {{row}} of table {{table}} (hit first) is never hit: {{reason}}.', 'A row of a `hit first` decision table that earlier rows match whenever it matches (with its inputs present), or that no patient matches.'),
  jointCoverageGap: def('VGL5030', 'joint-coverage-gap', 'warning', "No rule of group '{{group}}' fires for {{region}}, though {{why}}; witness: {{witness}}.", 'A region of patients inside a group expected to be complete (declared `complete`, or whose rules split one set of facts between them) that no rule of the group handles, found over the joint condition space of the group, with a witness patient.'),
  jointGapBudget: def('VGL5031', 'joint-gap-budget', 'info', "Group '{{group}}' was not fully analysed for gaps: {{reason}}.", 'The joint gap analysis of a group stopped at its budget (cells or solver steps): gaps may remain unreported.'),

  // compile
  compileError: def('VGL6001', 'compile-error', 'error', 'The rule set could not be compiled: {{reason}}.', 'The rule set passed the checks but could not be lowered to the IR, so no code was generated.'),
  internalError: def('VGL6002', 'internal-error', 'error', 'Internal error in checker rule {{rule}}: {{reason}}', 'A checker rule failed on this rule set; the other rules still ran. A bug in Vigil: please report it with the rule set.'),

  // facts and harness
  invalidFacts: def('VGL7001', 'invalid-facts', 'error', '{{fact}}: {{problem}}', "A fact value that does not fit the rule set's fact schema; the problem is the engine's own validation text."),
  malformedFile: def('VGL7002', 'malformed-file', 'error', 'Malformed {{format}}: {{detail}}', 'A facts or fixture file that is not valid JSON or YAML.'),
  invalidFixture: def('VGL7003', 'invalid-fixture', 'error', '{{what}} must be {{expected}}, but it is {{actual}}.', 'A fixture value of the wrong kind (a list where a mapping belongs, a number where a name belongs).'),
  evaluationFailed: def('VGL7004', 'evaluation-failed', 'error', "Case '{{case}}': the engine could not evaluate the facts: {{reason}}", "The engine refused a fixture case's facts at evaluation time."),
  factsNotMapping: def('VGL7005', 'facts-not-mapping', 'error', 'A facts file holds a mapping from fact names to values, not {{actual}}.{{hint}}', 'A facts file whose top level is not a mapping (a list, a number, null).'),
  inputRefused: def('VGL7006', 'input-refused', 'error', '{{format}} refused: {{detail}}', 'A facts or fixture file past a reading limit (nesting depth, aliases); it is read as empty.'),
  unreadableInput: def('VGL7007', 'unreadable-input', 'error', 'Cannot read {{what}}: {{reason}}.', 'A fixture or shared facts file that cannot be read.'),
  snapshotWriteFailed: def('VGL7008', 'snapshot-write-failed', 'error', 'Could not write the snapshots: {{reason}}.', '`vigil test --update` could not write the recorded decisions back to a fixture file.'),
  invalidFixtureFile: def('VGL7009', 'invalid-fixture-file', 'error', 'A {{file}} holds {{expected}}, but this one holds {{actual}}.', 'A fixture or shared facts file whose top level is not the mapping it must be.'),
  unknownFixtureKey: def('VGL7010', 'unknown-fixture-key', 'error', "Unknown key '{{key}}' in {{where}}; expected {{allowed}}.{{suggestion}}", 'A key a fixture file, case, expectation or decision does not have.'),
  unknownFixtureName: def('VGL7011', 'unknown-fixture-name', 'error', "Unknown {{what}} '{{name}}'.{{suggestion}}", 'A fixture names a rule, fact or set of shared facts that does not exist.'),
  unknownFixtureTarget: def('VGL7012', 'unknown-fixture-target', 'error', "No rule acts on '{{target}}'.{{suggestion}}", 'An expectation names a target that no rule acts on.'),
  unknownFixtureAction: def('VGL7013', 'unknown-fixture-action', 'error', "Unknown action '{{action}}'; expected one of {{actions}}.{{suggestion}}", 'An expectation names an action verb the language does not have.'),
  fixtureRulesNotFound: def('VGL7014', 'fixture-rules-not-found', 'error', "'rules' names '{{path}}', which does not exist.", "A fixture file's `rules:` names a path that does not exist."),
  fixtureWithoutRuleSet: def('VGL7015', 'fixture-without-rule-set', 'error', "No rule set found for this fixture: no .vigil files in {{folder}}. Put fixtures in <rule set>/tests/, or name the rule set with 'rules:'.", 'A fixture file with no rule set: no `rules:` and no `.vigil` files in the folder above it.'),
  protocolNotRule: def('VGL7016', 'protocol-not-rule', 'error', "'{{name}}' is a protocol, which makes no decisions; name a rule.", 'An expectation names a protocol where a deciding rule belongs.'),
  decisionNeverMade: def('VGL7017', 'decision-never-made', 'error', "Rule {{rule}} never {{what}} '{{name}}'; it decides: {{made}}.", 'An expectation pairs a rule with an action or target the rule never decides, so it could never match.'),
  missingFixtureField: def('VGL7018', 'missing-fixture-field', 'error', '{{what}} has no {{field}}; {{advice}}.', 'A fixture file, case or entry without a field it needs (`cases`, `name`, `facts`, `expect`, `rule`).'),
  duplicateCaseName: def('VGL7019', 'duplicate-case-name', 'error', "Duplicate case name '{{name}}' (first at line {{line}}); names identify cases in reports.", 'Two cases of one fixture file share a name.'),
  duplicateSharedFacts: def('VGL7020', 'duplicate-shared-facts', 'error', "Shared facts '{{name}}' are also defined in {{other}}; give one of them another name.", 'Two shared facts files of one rule set define a set of the same name.'),
  sharedFactsCycle: def('VGL7021', 'shared-facts-cycle', 'error', 'Shared facts extend each other in a loop: {{cycle}}.', 'Sets of shared facts whose `extends` form a loop.'),
  emptyDecision: def('VGL7022', 'empty-decision', 'error', 'An empty decision matches anything; name at least its rule or action.', 'An expected decision that names nothing, and so would match any decision.'),
  caseExpectsNothing: def('VGL7023', 'case-expects-nothing', 'error', "Case '{{case}}' expects nothing; add 'decisions', 'not', 'not_evaluable', 'decisions_exactly' or 'snapshot'.", 'A case whose `expect` is empty, so it could never fail.'),
  snapshotAndExactly: def('VGL7024', 'snapshot-and-exactly', 'error', "Case '{{case}}' has both 'decisions_exactly' and 'snapshot'; keep one.", 'A case with both `decisions_exactly` and `snapshot`, which both fix the whole list of decisions.'),
  invalidMessagePattern: def('VGL7025', 'invalid-message-pattern', 'error', "'message' is not a valid regular expression: {{reason}}.", "An expected decision's `message` pattern that is not a valid regular expression."),
  invalidDoseUnit: def('VGL7026', 'invalid-dose-unit', 'error', "'dose.unit' '{{unit}}' is not a valid UCUM unit: {{reason}}.", "An expected dose's unit that UCUM does not define."),
  invalidFactName: def('VGL7027', 'invalid-fact-name', 'error', 'A fact name must be plain text, in {{where}}.', "A key of a fixture's facts that is not plain text (a list, a mapping)."),

  // FHIR and CDS Hooks
  invalidBindings: def('VGL8001', 'invalid-bindings', 'error', '{{field}}: {{problem}}', 'A FHIR bindings file that is malformed or does not fit the rule set\'s facts.'),
  invalidServiceConfig: def('VGL8003', 'invalid-service-config', 'error', '{{field}}: {{problem}}', 'A `vigil serve` configuration file with an unknown or invalid setting.'),
  fhirInput: def('VGL8002', 'fhir-input', 'warning', '{{field}}: {{problem}}', 'A part of a FHIR input that is malformed and was skipped; the facts it would fill are missing.'),
  notFhirResource: def('VGL8004', 'not-fhir-resource', 'error', 'expected a FHIR resource or Bundle: the JSON object has no resourceType', 'A FHIR input file whose top-level object has no `resourceType`.'),
} as const satisfies Record<string, DiagnosticCode>;

export type CodeKey = keyof typeof codes;

export const allCodes: readonly DiagnosticCode[] = Object.values(codes);

export function formatTemplate(template: string, args: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => (key in args ? String(args[key]) : ''));
}
