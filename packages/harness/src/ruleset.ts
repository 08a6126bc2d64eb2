// A rule set as the harness uses it: checked once, its engine instantiated once, and the
// indexes that expectations are validated against (rule ids, actions, targets, inputs).
import { statSync } from 'node:fs';
import { checkFiles, hasErrors } from '@vigil/core';
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
    const seenDefs = new Set<string>();
    const walk = (e: IrExpr, clause: 'when' | 'unless', definition: string | undefined, negated = false): void => {
      switch (e.kind) {
        case 'and':
        case 'or':
          for (const a of e.args) walk(a, clause, definition, negated);
          return;
        case 'not':
          walk(e.arg, clause, definition, !negated);
          return;
        case 'negate':
        case 'scale':
          walk(e.arg, clause, definition, negated);
          return;
        case 'arith':
          walk(e.left, clause, definition, negated);
          walk(e.right, clause, definition, negated);
          return;
        case 'ref': {
          const def = definitions.get(e.definition);
          if (def && !seenDefs.has(def.name)) {
            seenDefs.add(def.name);
            walk(def.expr, clause, def.name, negated);
          }
          return;
        }
        case 'compare':
        case 'in':
        case 'includes':
        case 'presence':
        case 'elapsed':
        case 'truth':
          if (!seen.has(e.atom)) {
            seen.add(e.atom);
            out.push({ atom: e, clause, negated, ...(definition !== undefined ? { definition } : {}) });
          }
          if (e.kind === 'compare') {
            walk(e.left, clause, definition, negated);
            walk(e.right, clause, definition, negated);
          } else if (e.kind === 'in' || e.kind === 'includes') walk(e.subject, clause, definition, negated);
          else if (e.kind === 'truth') walk(e.arg, clause, definition, negated);
          return;
        default:
          return;
      }
    };
    if (rule.when) walk(rule.when, 'when', undefined);
    for (const u of rule.unless) walk(u, 'unless', undefined);
    ruleAtoms.set(rule.id, out);
  }
  // Every atom of the program, by id (definitions included, rule by rule, then the rest).
  const byId = new Map<number, IrAtom>();
  const collect = (e: IrExpr): void => {
    switch (e.kind) {
      case 'and':
      case 'or':
        e.args.forEach(collect);
        return;
      case 'not':
      case 'negate':
      case 'scale':
        collect(e.arg);
        return;
      case 'arith':
        collect(e.left);
        collect(e.right);
        return;
      case 'compare':
        byId.set(e.atom, e);
        collect(e.left);
        collect(e.right);
        return;
      case 'in':
      case 'includes':
        byId.set(e.atom, e);
        collect(e.subject);
        return;
      case 'truth':
        byId.set(e.atom, e);
        collect(e.arg);
        return;
      case 'presence':
      case 'elapsed':
        byId.set(e.atom, e);
        return;
      default:
        return;
    }
  };
  for (const d of ir.definitions) collect(d.expr);
  for (const r of ir.rules) {
    if (r.when) collect(r.when);
    r.unless.forEach(collect);
    for (const a of r.actions) {
      if (a.dose) {
        collect(a.dose.low);
        if (a.dose.high) collect(a.dose.high);
      }
    }
  }
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

/** Input names an atom reads: `wbc`, or `alt_baseline` for a baseline part. */
export function atomInputs(atom: IrAtom): string[] {
  const names = new Set<string>();
  const ref = (r: { fact: string; part: string }) => names.add(r.part === 'value' ? r.fact : `${r.fact}_${r.part}`);
  const walk = (e: IrExpr): void => {
    switch (e.kind) {
      case 'fact':
        ref(e.ref);
        return;
      case 'scale':
      case 'negate':
        walk(e.arg);
        return;
      case 'arith':
        walk(e.left);
        walk(e.right);
        return;
      default:
        return;
    }
  };
  if (atom.kind === 'presence' || atom.kind === 'elapsed') ref(atom.ref);
  else if (atom.kind === 'compare') {
    walk(atom.left);
    walk(atom.right);
  } else if (atom.kind === 'in' || atom.kind === 'includes') walk(atom.subject);
  else if (atom.kind === 'truth') walk(atom.arg);
  return [...names];
}
