// A rule set as the harness uses it: checked once, its engine instantiated once, and the
// indexes that expectations are validated against (rule ids, actions, targets, inputs).
import { statSync } from 'node:fs';
import { checkFiles, hasErrors, irProgramExpressions, isIrAtom, walkIr } from '@vigil/core';
import type { Diagnostic, IrAtom, IrExpr, IrProgram, IrRule, IrType } from '@vigil/core';
import type { EvaluateOptions, EvaluationResult, FactIssue } from '@vigil/runtime';

/** What the harness needs of a compiled engine. */
export interface HarnessEngine {
  validateFacts(input: unknown): { readonly ok: true; readonly facts: unknown } | { readonly ok: false; readonly issues: readonly FactIssue[] };
  evaluate(input: unknown, options?: EvaluateOptions): EvaluationResult;
}

export type EngineFactory = (ir: IrProgram) => HarnessEngine;

export interface LoadedRuleSet {
  readonly key: string;
  readonly root: string;
  readonly files: readonly string[];
  /** Errors only (warnings are `vigil check`'s business). */
  readonly errors: readonly Diagnostic[];
  readonly ir?: IrProgram;
  readonly engine?: HarnessEngine;
  readonly index?: RuleSetIndex;
}

export interface RuleSetIndex {
  readonly rules: ReadonlyMap<string, IrRule>;
  readonly ruleIds: readonly string[];
  readonly protocolIds: ReadonlySet<string>;
  readonly targets: readonly string[];
  /** Input names (`alt`, `alt_baseline`, `alt_uln`) and their types. */
  readonly inputs: ReadonlyMap<string, IrType>;
  /** Per rule: its conditions' atoms (through definitions), with the clause they sit in. */
  readonly ruleAtoms: ReadonlyMap<string, readonly RuleAtom[]>;
  readonly atoms: readonly IrAtom[];
}

export interface RuleAtom {
  readonly atom: IrAtom;
  readonly clause: 'when' | 'unless';
  /** Under an odd number of `not`s: the rule needs it false. */
  readonly negated: boolean;
  readonly definition?: string;
}

export class RuleSetCache {
  private readonly cache = new Map<string, { signature: string; loaded: LoadedRuleSet }>();

  constructor(private readonly instantiate: EngineFactory) {}

  /** The rule set of these files; reused while none of them changes (size and modification time). */
  load(root: string, files: readonly string[]): LoadedRuleSet {
    const key = files.join('\n');
    const signature = files.map(stamp).join('\n');
    const hit = this.cache.get(key);
    if (hit && hit.signature === signature) return hit.loaded;
    const loaded = this.build(key, root, files);
    this.cache.set(key, { signature, loaded });
    return loaded;
  }

  private build(key: string, root: string, files: readonly string[]): LoadedRuleSet {
    const check = checkFiles(files);
    const errors = check.diagnostics.filter((d) => d.severity === 'error');
    if (hasErrors(check.diagnostics) || !check.ir) return { key, root, files, errors };
    const engine = this.instantiate(check.ir);
    return { key, root, files, errors, ir: check.ir, engine, index: indexOf(check.ir) };
  }
}

function stamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

export function indexOf(ir: IrProgram): RuleSetIndex {
  const inputs = new Map<string, IrType>();
  for (const f of ir.facts) {
    inputs.set(f.name, f.type);
    if (f.baseline) inputs.set(`${f.name}_baseline`, f.type);
    if (f.uln) inputs.set(`${f.name}_uln`, f.type);
  }
  const targets = new Set<string>();
  for (const r of ir.rules) for (const a of r.actions) for (const t of a.targets) targets.add(t);
  const definitions = new Map(ir.definitions.map((d) => [d.name, d]));
  const atoms: IrAtom[] = [];
  const ruleAtoms = new Map<string, RuleAtom[]>();
  for (const rule of ir.rules) {
    const out: RuleAtom[] = [];
    const seen = new Set<number>();
    const entered = new Set<string>();
    const walk = (root: IrExpr, clause: 'when' | 'unless'): void =>
      walkIr(
        root,
        (e, at) => {
          if (isIrAtom(e) && !seen.has(e.atom)) {
            seen.add(e.atom);
            out.push({ atom: e, clause, negated: at.negated, ...(at.definition !== undefined ? { definition: at.definition } : {}) });
          }
        },
        { definitions, entered },
      );
    if (rule.when) walk(rule.when, 'when');
    for (const u of rule.unless) walk(u, 'unless');
    ruleAtoms.set(rule.id, out);
  }
  // Every atom of the program, by id (definitions included, rule by rule, then the rest).
  const byId = new Map<number, IrAtom>();
  for (const root of irProgramExpressions(ir)) walkIr(root, (e) => void (isIrAtom(e) && byId.set(e.atom, e)));
  for (let i = 0; i < ir.atomCount; i++) {
    const a = byId.get(i);
    if (a) atoms.push(a);
  }
  return {
    rules: new Map(ir.rules.map((r) => [r.id, r])),
    ruleIds: ir.rules.map((r) => r.id),
    protocolIds: new Set(ir.protocols.map((p) => p.id)),
    targets: [...targets].sort(),
    inputs,
    ruleAtoms,
    atoms,
  };
}
