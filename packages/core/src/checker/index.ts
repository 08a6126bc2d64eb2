// The ordered registry of checker rules and the runner that applies them. Semantic rules
// read the model; logic rules read the IR and run only when no error was found before.
import { codes, type DiagnosticCode } from '../diagnostics/codes.js';
import { createDiagnostic, START_OF_TEXT, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { IrProgram } from '../ir/ir.js';
import type { SemanticModel } from '../semantics/model.js';
import type { CheckContext, CheckerRule, ReportOptions } from './rule.js';
import { bidiControl } from './rules/bidi-control.js';
import { definitionCycle } from './rules/definition-cycle.js';
import { duplicateDeclaration } from './rules/duplicate-declaration.js';
import { duplicateRulesetHeader } from './rules/duplicate-ruleset-header.js';
import { importProblems } from './rules/import-problems.js';
import { incommensurableUnits } from './rules/incommensurable-units.js';
import { doseRounding } from './rules/dose-rounding.js';
import { doseUnits } from './rules/dose-units.js';
import { invalidAction } from './rules/invalid-action.js';
import { scheduleIntervals } from './rules/schedule-intervals.js';
import { doseFrequency } from './rules/dose-frequency.js';
import { titrationUnits } from './rules/titration-units.js';
import { invalidRange } from './rules/invalid-range.js';
import { invalidUnit } from './rules/invalid-unit.js';
import { literalLimits } from './rules/literal-limits.js';
import { missingSource } from './rules/missing-source.js';
import { noBaseline } from './rules/no-baseline.js';
import { overrideCycle } from './rules/override-cycle.js';
import { notACondition } from './rules/not-a-condition.js';
import { protocolTotals } from './rules/protocol-totals.js';
import { typeMismatch } from './rules/type-mismatch.js';
import { unknownCodeSystem } from './rules/unknown-code-system.js';
import { unknownEnumValue } from './rules/unknown-enum-value.js';
import { unknownName } from './rules/unknown-name.js';
import { unknownRule } from './rules/unknown-rule.js';
import { unknownStrength } from './rules/unknown-strength.js';
import { unknownGroup } from './rules/unknown-group.js';
import { groupOverrideCycle } from './rules/group-override-cycle.js';
import { emptyGroup } from './rules/empty-group.js';
import { emptyOverride } from './rules/empty-override.js';
import { logicRules } from './logic-rules.js';
import { tableRowCells } from './rules/table-row-cells.js';
import { unknownHitPolicy } from './rules/unknown-hit-policy.js';
import { emptyTable } from './rules/empty-table.js';

export const semanticRules: readonly CheckerRule[] = [
  importProblems,
  bidiControl,
  duplicateDeclaration,
  duplicateRulesetHeader,
  definitionCycle,
  unknownName,
  unknownEnumValue,
  unknownRule,
  unknownGroup,
  overrideCycle,
  groupOverrideCycle,
  emptyGroup,
  emptyOverride,
  tableRowCells,
  unknownHitPolicy,
  emptyTable,
  unknownStrength,
  unknownCodeSystem,
  literalLimits,
  invalidUnit,
  typeMismatch,
  notACondition,
  incommensurableUnits,
  noBaseline,
  invalidAction,
  scheduleIntervals,
  doseFrequency,
  titrationUnits,
  invalidRange,
  doseUnits,
  doseRounding,
  protocolTotals,
  missingSource,
];

export const allRules: readonly CheckerRule[] = [...semanticRules, ...logicRules];

/** More than this many diagnostics from one run are cut, as graphql-js caps validation errors. */
export const MAX_DIAGNOSTICS = 1000;

export function runRules(rules: readonly CheckerRule[], model: SemanticModel, ir: IrProgram | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ctx: CheckContext = {
    model,
    ir,
    get full() {
      return out.length >= MAX_DIAGNOSTICS;
    },
    report(code: DiagnosticCode, at, args, options?: ReportOptions) {
      if (out.length >= MAX_DIAGNOSTICS) return;
      out.push(createDiagnostic(code, at, args, options));
    },
  };
  for (const rule of rules) {
    try {
      rule.check(ctx);
    } catch (err) {
      // A rule must never take the others down; its failure is itself reported.
      const first = model.files[0];
      ctx.report(codes.internalError, { uri: first?.uri ?? '', range: first?.document.range ?? START_OF_TEXT }, { rule: rule.name, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}
