// A checker rule: one file per rule under rules/, each with a header comment saying what
// it checks in one sentence, a test file beside it, and the registry codes it reports.
// Rules never throw and never format ranges themselves: they call `ctx.report`.
import type { Range } from '../language/ast.js';
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
}
