// Walking IR expressions: the one place that knows which kinds of expression have
// sub-expressions. Passes that look for something (atoms, fact inputs, definitions used) or
// rebuild a tree use these; passes that compute a value per kind (code generation,
// printing, evaluation, linear forms) keep their own switch, which a walker would not shorten.
import type { IrAtom, IrDefinition, IrExpr, IrFactRef, IrProgram, IrRule } from './ir.js';

export function isIrAtom(e: IrExpr): e is IrAtom {
  return e.kind === 'compare' || e.kind === 'in' || e.kind === 'includes' || e.kind === 'presence' || e.kind === 'elapsed' || e.kind === 'truth';
}

/** The direct sub-expressions of `e`, in source order. A `ref` has none: walkIr enters definitions when asked. */
export function irChildren(e: IrExpr): readonly IrExpr[] {
  switch (e.kind) {
    case 'and':
    case 'or':
      return e.args;
    case 'not':
    case 'scale':
    case 'negate':
    case 'truth':
      return [e.arg];
    case 'arith':
    case 'compare':
      return [e.left, e.right];
    case 'in':
    case 'includes':
      return [e.subject];
    case 'fact':
    case 'quantity':
    case 'boolean':
    case 'text':
    case 'enumValue':
    case 'ref':
    case 'presence':
    case 'elapsed':
      return [];
    default:
      // A malformed IR read from JSON: no sub-expressions to visit (its consumer reports the kind).
      return [];
  }
}

/** `e` with each direct sub-expression replaced by `f(child)` (a new node), or `e` itself when it has none. */
export function mapIrChildren(e: IrExpr, f: (child: IrExpr) => IrExpr): IrExpr {
  switch (e.kind) {
    case 'and':
    case 'or':
      return { ...e, args: e.args.map(f) };
    case 'not':
    case 'scale':
    case 'negate':
    case 'truth':
      return { ...e, arg: f(e.arg) };
    case 'arith':
    case 'compare':
      return { ...e, left: f(e.left), right: f(e.right) };
    case 'in':
    case 'includes':
      return { ...e, subject: f(e.subject) };
    default:
      return e;
  }
}

/** Where the walk is: inside which definition (entered through a `ref`), and under an odd number of `not`. */
export interface IrWalkPosition {
  /** The innermost definition being walked; undefined in the expression walked. */
  readonly definition: string | undefined;
  readonly negated: boolean;
}

export interface IrWalkOptions {
  /** Follow each `ref` into its definition's expression (after visiting the `ref`), each definition once. */
  readonly definitions?: ReadonlyMap<string, IrDefinition>;
  /** The definitions already entered, shared by several walks (e.g. a rule's `when` and `unless`). */
  readonly entered?: Set<string>;
}

/**
 * Visits `root` and its sub-expressions in pre-order (source order). `visit` returning
 * `false` skips the sub-expressions of that node (and, for a `ref`, its definition).
 */
export function walkIr(root: IrExpr, visit: (e: IrExpr, at: IrWalkPosition) => boolean | void, options: IrWalkOptions = {}): void {
  const entered = options.entered ?? new Set<string>();
  const go = (e: IrExpr, definition: string | undefined, negated: boolean): void => {
    if (visit(e, { definition, negated }) === false) return;
    if (e.kind === 'ref') {
      const d = options.definitions?.get(e.definition);
      if (d !== undefined && !entered.has(d.name)) {
        entered.add(d.name);
        go(d.expr, d.name, negated);
      }
      return;
    }
    const inner = e.kind === 'not' ? !negated : negated;
    for (const c of irChildren(e)) go(c, definition, inner);
  };
  go(root, undefined, false);
}

/** Whether `pred` holds for `root` or any expression under it (definitions followed as in walkIr). */
export function someIr(root: IrExpr, pred: (e: IrExpr) => boolean, options: IrWalkOptions = {}): boolean {
  let found = false;
  walkIr(
    root,
    (e) => {
      if (found) return false;
      if (pred(e)) found = true;
      return !found;
    },
    options,
  );
  return found;
}

/** The expressions a rule holds: its `when`, its `unless` conditions, its dose bounds. */
export function irRuleExpressions(rule: IrRule): IrExpr[] {
  const out: IrExpr[] = [];
  if (rule.when) out.push(rule.when);
  out.push(...rule.unless);
  for (const a of rule.actions) if (a.dose) out.push(a.dose.low, ...(a.dose.high ? [a.dose.high] : []), ...(a.dose.titration ? [a.dose.titration.step] : []));
  return out;
}

/** Every expression root of a program: definitions, then each rule's (irRuleExpressions). */
export function irProgramExpressions(ir: IrProgram): IrExpr[] {
  return [...ir.definitions.map((d) => d.expr), ...ir.rules.flatMap(irRuleExpressions)];
}

/** The input key of a fact reference: `wbc`, or `alt_baseline` for a baseline part. */
export function irInputName(ref: IrFactRef): string {
  return ref.part === 'value' ? ref.fact : `${ref.fact}_${ref.part}`;
}

/** The input keys an atom reads, in order, each once (definitions are not entered). */
export function irAtomInputs(atom: IrAtom): string[] {
  const names = new Set<string>();
  if (atom.kind === 'presence' || atom.kind === 'elapsed') names.add(irInputName(atom.ref));
  walkIr(atom, (e) => {
    if (e.kind === 'fact') names.add(irInputName(e.ref));
  });
  return [...names];
}
