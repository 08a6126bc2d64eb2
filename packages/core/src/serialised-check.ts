// A check result as plain data, for another thread or process (the language server checks
// in a worker thread), and its restoration on the other side. Syntax trees are not sent:
// cloning them costs more than the check. The restored result has the diagnostics and texts
// at once; its files are parsed again from the checked texts (through the pipeline's parse
// cache, depth-limited as the check did, so they are the trees the check had), and its
// model and IR are built when first read.
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { hasErrors } from './diagnostics/diagnostic.js';
import type { IrProgram } from './ir/ir.js';
import { LoweringError, lowerProgram } from './ir/lower.js';
import { withoutTooDeep } from './language/expression-depth.js';
import { SourceText } from './language/source.js';
import { parseCached, type CheckResult } from './pipeline.js';
import { buildModel, type ImportProblem, type LoadedFile, type SemanticModel } from './semantics/model.js';

export interface SerialisedCheck {
  readonly diagnostics: readonly Diagnostic[];
  /** The files of the rule set, in the pipeline's order, with the texts that were checked. */
  readonly files: readonly { readonly uri: string; readonly text: string }[];
  readonly importProblems: readonly ImportProblem[];
}

export function serialiseCheck(r: CheckResult): SerialisedCheck {
  return {
    diagnostics: r.diagnostics,
    files: r.files.map((f) => ({ uri: f.uri, text: f.source.text })),
    importProblems: r.model.importProblems,
  };
}

/** Restored results, with a test of whether their model is built yet. */
const restored = new WeakMap<CheckResult, () => boolean>();

/** Whether reading `result.model` costs nothing: always, but for a restored result whose model is not built yet. */
export function modelIsBuilt(result: CheckResult): boolean {
  return restored.get(result)?.() ?? true;
}

export function restoreCheck(s: SerialisedCheck): CheckResult {
  const sources = new Map(s.files.map((f) => [f.uri, new SourceText(f.uri, f.text)]));
  let files: LoadedFile[] | undefined;
  let model: SemanticModel | undefined;
  let ir: { value: IrProgram | undefined } | undefined;
  const loaded = (): LoadedFile[] =>
    (files ??= s.files.map((f) => {
      const parsed = parseCached(f.text, f.uri);
      return { uri: f.uri, source: parsed.source, document: withoutTooDeep(parsed.document).document };
    }));
  const built = (): SemanticModel => (model ??= buildModel(loaded(), s.importProblems));
  const result: CheckResult = {
    diagnostics: s.diagnostics,
    sources,
    get files() {
      return loaded();
    },
    get model() {
      return built();
    },
    // The check lowered it when nothing was in error; lowering again reuses what it kept.
    get ir() {
      if (!ir) {
        let value: IrProgram | undefined;
        if (!hasErrors(s.diagnostics)) {
          try {
            value = lowerProgram(built());
          } catch (err) {
            if (!(err instanceof LoweringError)) throw err;
          }
        }
        ir = { value };
      }
      return ir.value;
    },
  };
  restored.set(result, () => model !== undefined);
  return result;
}
