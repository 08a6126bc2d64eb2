// A checker rule: one file per rule under rules/, each with a header comment saying what
// it checks in one sentence, a test file beside it, and the registry codes it reports.
// Rules never throw and never format ranges themselves: they call `ctx.report`.
import type { Declaration, Range } from '../language/ast.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import type { DiagnosticOptions } from '../diagnostics/diagnostic.js';
import type { IrProgram } from '../ir/ir.js';
import type { SemanticModel } from '../semantics/model.js';

export type ReportOptions = DiagnosticOptions;

export interface CheckContext {
  /** Names, types and units resolved over every document of the rule set. */
  readonly model: SemanticModel;
  /** Present for `logic` rules only: they run when the semantic rules found no error. */
  readonly ir: IrProgram | undefined;
  /** True once the run holds as many diagnostics as it keeps: costly rules may stop early. */
  readonly full: boolean;
  report(
    code: DiagnosticCode,
    at: { readonly uri: string; readonly range: Range },
    args: Readonly<Record<string, string | number>>,
    options?: ReportOptions,
  ): void;
}

export interface CheckerRule {
  /** Same as the file name, e.g. `unreachable-rule`. */
  readonly name: string;
  /** `semantic` rules read the model; `logic` rules read the IR. */
  readonly phase: 'semantic' | 'logic';
  check(ctx: CheckContext): void;
  /**
   * Set (by `declarationRule`) for a rule whose findings on a declaration depend only on that
   * declaration and on the facts, definitions and value sets it can name: the runner then
   * keeps each declaration's findings across checks while those are unchanged.
   */
  readonly checkDeclaration?: (ctx: CheckContext, d: Declaration, uri: string) => void;
}

/**
 * A rule checked one declaration at a time, in source order. Only for findings that depend
 * on nothing but the declaration (its text and place) and the facts, definitions and value
 * sets of the model (their types, members, codes): not on other rules, groups or dosing.
 */
export function declarationRule(rule: { readonly name: string; readonly checkDeclaration: (ctx: CheckContext, d: Declaration, uri: string) => void }): CheckerRule {
  return {
    name: rule.name,
    phase: 'semantic',
    checkDeclaration: rule.checkDeclaration,
    check(ctx) {
      for (const file of ctx.model.files) for (const d of file.document.declarations) rule.checkDeclaration(ctx, d, file.uri);
    },
  };
}
