// The ordered registry of checker rules and the runner that applies them. Semantic rules
// read the model; logic rules read the IR and run only when no error was found before.
import { codes, type DiagnosticCode } from '../diagnostics/codes.js';
import { createDiagnostic, START_OF_TEXT, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { IrProgram } from '../ir/ir.js';
import type { Declaration } from '../language/ast.js';
import type { LoadedFile, SemanticModel } from '../semantics/model.js';
import { namesToken } from '../semantics/model/env.js';
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
import { scheduleAnchor } from './rules/schedule-anchor.js';
import { tighteningSchedule } from './rules/tightening-schedule.js';
import { emptyTightening } from './rules/empty-tightening.js';
import { tighteningsIncomparable } from './rules/tightenings-incomparable.js';
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
import { otherwiseWithoutGroup } from './rules/otherwise-without-group.js';
import { duplicateOtherwise } from './rules/duplicate-otherwise.js';
import { otherwiseCycleRule } from './rules/otherwise-cycle.js';
import { loneOtherwise } from './rules/lone-otherwise.js';
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
  emptyTightening,
  tableRowCells,
  unknownHitPolicy,
  emptyTable,
  otherwiseWithoutGroup,
  duplicateOtherwise,
  otherwiseCycleRule,
  loneOtherwise,
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
  tighteningSchedule,
  tighteningsIncomparable,
  scheduleAnchor,
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

/** A declaration's findings by rule, valid while its file, its extent and the names it can read are the same. */
interface Findings {
  readonly names: object;
  readonly uri: string;
  /** The declaration's length: a check, not a copy of its text (which would keep every older text of the file alive). */
  readonly length: number;
  readonly byRule: Map<string, readonly Diagnostic[]>;
}
const findings = new WeakMap<Declaration, Findings>();

/**
 * The findings of a declaration rule on one declaration: kept from an earlier check while
 * the declaration object, its file and the model's names are the same; else checked and
 * kept. The parser keeps a declaration's object only when an edit touched none of its text
 * (comments included: the declaration holding a change is parsed again). They are checked
 * with no cap (the cap applies as they are added to the run, in the same order).
 */
function keptFindings(model: SemanticModel): (rule: CheckerRule, d: Declaration, file: LoadedFile) => readonly Diagnostic[] {
  const names = namesToken(model);
  // Each declaration is validated once per run, not once per rule.
  const valid = new Set<Findings>();
  // One context for every declaration checked: reports go to the list being filled.
  let sink: Diagnostic[] = [];
  const own: CheckContext = {
    model,
    ir: undefined,
    full: false,
    report: (code, at, args, options) => void sink.push(createDiagnostic(code, at, args, options)),
  };
  return (rule, d, file) => {
    let f = findings.get(d);
    if (!f || !valid.has(f)) {
      const length = d.range.end.offset - d.range.start.offset;
      if (!f || f.names !== names || f.uri !== file.uri || f.length !== length) {
        f = { names, uri: file.uri, length, byRule: new Map() };
        findings.set(d, f);
      }
      valid.add(f);
    }
    let found = f.byRule.get(rule.name);
    if (!found) {
      sink = [];
      rule.checkDeclaration!(own, d, file.uri);
      found = sink.length === 0 ? NONE : sink;
      f.byRule.set(rule.name, found);
    }
    return found;
  };
}

const NONE: readonly Diagnostic[] = [];

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
  const kept = rules.some((r) => r.checkDeclaration) ? keptFindings(model) : undefined;
  for (const rule of rules) {
    try {
      if (rule.checkDeclaration && kept) {
        for (const file of model.files) {
          for (const d of file.document.declarations) {
            for (const x of kept(rule, d, file)) {
              if (out.length >= MAX_DIAGNOSTICS) break;
              out.push(x);
            }
          }
        }
      } else rule.check(ctx);
    } catch (err) {
      // A rule must never take the others down; its failure is itself reported.
      const first = model.files[0];
      ctx.report(codes.internalError, { uri: first?.uri ?? '', range: first?.document.range ?? START_OF_TEXT }, { rule: rule.name, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}
