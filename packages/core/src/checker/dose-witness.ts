// What the dose checks of the logic phase share: a patient the rule acts for for whom a
// query on its dose holds (its inputs positive and plausible), and the dose as written.
import type { Analyzer } from '../analysis/solver.js';
import type { DoseSpec } from '../language/ast.js';
import { withTableRules } from '../language/tables.js';
import type { IrExpr, IrLocation, IrProgram, IrRule } from '../ir/ir.js';
import type { SemanticModel } from '../semantics/model.js';
import { doseInputBounds } from './rules/overlap.js';

export interface DoseWitness {
  readonly facts: Readonly<Record<string, unknown>>;
  readonly text: string;
}

/**
 * A patient `rule` acts for for whom `query` holds, the dose inputs `inputs` read bounded as
 * the engine accepts them (atoms from `firstAtom` on), or null when there is none or the
 * solver can only approximate.
 */
export function doseWitness(analyzer: Analyzer, ir: IrProgram, rule: IrRule, query: IrExpr, inputs: readonly (IrExpr | undefined)[], firstAtom: number, location: IrLocation): DoseWitness | null {
  const bounds = doseInputBounds(ir, inputs, firstAtom, location);
  const r = analyzer.solve([
    { expr: analyzer.actsCondition(rule), want: 'true' },
    { expr: bounds.length === 0 ? query : { kind: 'and', args: [query, ...bounds] }, want: 'true' },
  ]);
  return r.status !== 'sat' || r.approximate ? null : { facts: r.witness.facts, text: r.witness.text };
}

/** The dose of action `index` of `rule` as written (a table row's too), if its file is at hand. */
export function doseSpecOf(model: SemanticModel, rule: IrRule, index: number): DoseSpec | undefined {
  const file = model.files.find((f) => f.uri === rule.location.uri);
  if (!file) return undefined;
  for (const d of withTableRules(file.document.declarations)) if (d.kind === 'RuleDecl' && d.id.value === rule.id) return d.actions[index]?.dose;
  return undefined;
}
