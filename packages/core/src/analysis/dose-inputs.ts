// The facts a rule's actions read: a dose computed from the weight (directly, or through
// the drug's standard dose), or a schedule dated from an anchor fact, cannot be given
// without it, so the engine reports the rule not
// evaluable when one is missing. Analyses that ask "when does this rule act?" conjoin these
// facts' presence with the rule's fire condition; the diff splits its regions on them.
import type { IrExpr, IrFactRef, IrProgram, IrRule } from '../ir/ir.js';

const byName = new WeakMap<IrProgram, ReadonlyMap<string, IrExpr>>();

/** A program's definitions by name, built once per program (every rule's dose inputs read it). */
function definitionsOf(program: IrProgram): ReadonlyMap<string, IrExpr> {
  let m = byName.get(program);
  if (!m) {
    m = new Map(program.definitions.map((d) => [d.name, d.expr]));
    byName.set(program, m);
  }
  return m;
}

/** Fact parts a rule's doses read, through the definitions they use, each once, in order. */
export function doseInputs(rule: IrRule, program: IrProgram): IrFactRef[] {
  const definitions = definitionsOf(program);
  const refs = new Map<string, IrFactRef>();
  const seen = new Set<string>();
  const visit = (e: IrExpr | undefined): void => {
    if (!e) return;
    if (e.kind === 'fact') {
      const key = `${e.ref.fact}:${e.ref.part}`;
      if (!refs.has(key)) refs.set(key, e.ref);
    } else if (e.kind === 'ref' && !seen.has(e.definition)) {
      seen.add(e.definition);
      visit(definitions.get(e.definition));
    } else if (e.kind === 'arith') {
      visit(e.left);
      visit(e.right);
    } else if (e.kind === 'scale' || e.kind === 'negate') visit(e.arg);
  };
  for (const a of rule.actions) {
    // An anchored schedule (`from FACT`) is dated from its anchor: without it the rule is not evaluable too.
    if (a.anchor && !refs.has(`${a.anchor.fact}:value`)) refs.set(`${a.anchor.fact}:value`, { fact: a.anchor.fact, part: 'value' });
    if (!a.dose) continue;
    visit(a.dose.low);
    visit(a.dose.high);
    visit(a.dose.titration?.step);
  }
  return [...refs.values()];
}

/** `F is present` for each dose input, as conditions (atom -1: no source atom of their own). */
export function doseInputsPresent(rule: IrRule, program: IrProgram): IrExpr[] {
  return doseInputs(rule, program).map((ref) => ({
    kind: 'presence',
    ref,
    missing: false,
    atom: -1,
    text: `${ref.part === 'value' ? ref.fact : `${ref.fact}.${ref.part}`} is present`,
    location: rule.location,
  }));
}
