// Single-action overrides (`overrides dose of G`: a rule that fires suppresses some actions
// of another, not the whole rule) in SQL, as the JS engine applies them (applyOverrides):
// after the whole-rule overrides, an entry is in force when its rule fired (before
// overrides, as for whole rules), the rule it names fired and that rule is not overridden
// whole; the named actions then leave the decisions and the result's `overridden` list
// gets `{rule, by, actions: [{index, action, targets}]}` after the whole-rule entries, in
// the order of the rules that override and of their entries. Conditions are never
// unknown here: a rule that is not evaluable (status 2) neither suppresses nor is suppressed.
import type { IrProgram } from '@vigil/core';
import { SqlCompileError } from './quote.js';

export interface ActionOverride {
  /** The rule that overrides, and the rule whose actions it suppresses (rule indexes). */
  readonly by: number;
  readonly over: number;
  /** The suppressed actions (indexes into the rule's actions), as the IR lists them. */
  readonly actions: readonly number[];
  /** The entry of the result's `overridden` list, as JSON text. */
  readonly json: string;
}

/** Every single-action override of a rule set, in the engine's order. */
export function actionOverrides(ir: IrProgram): ActionOverride[] {
  const index = new Map(ir.rules.map((r, i) => [r.id, i]));
  const out: ActionOverride[] = [];
  ir.rules.forEach((r, by) => {
    for (const o of r.overrideActions ?? []) {
      const over = index.get(o.rule);
      if (over === undefined) throw new SqlCompileError(`rule ${JSON.stringify(r.id)} overrides actions of the unknown rule ${JSON.stringify(o.rule)}`);
      const target = ir.rules[over]!;
      if (o.actions.length === 0) throw new SqlCompileError(`rule ${JSON.stringify(r.id)} overrides no action of rule ${JSON.stringify(o.rule)}`);
      const actions = o.actions.map((j) => {
        const a = target.actions[j];
        if (!Number.isInteger(j) || a === undefined) throw new SqlCompileError(`rule ${JSON.stringify(r.id)} overrides action ${String(j)} of rule ${JSON.stringify(o.rule)}, which has ${target.actions.length} actions`);
        return { index: j, action: a.verb, targets: a.targets };
      });
      out.push({ by, over, actions: o.actions, json: JSON.stringify({ rule: target.id, by: r.id, actions }) });
    }
  });
  return out;
}

/** Whether the override is in force, over the query's statuses (`s<i>`, before overrides) and whole-rule overrides (`o<i>`); never NULL. */
export function actionOverrideInForce(o: ActionOverride): string {
  return `(s${o.by} = 1 AND s${o.over} = 1 AND NOT o${o.over})`;
}

/** Per rule and action, the overrides that can suppress it (indexes into the list). */
export function suppressorsOf(list: readonly ActionOverride[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  list.forEach((o, k) => {
    for (const j of o.actions) {
      const key = `${o.over}_${j}`;
      out.set(key, [...(out.get(key) ?? []), k]);
    }
  });
  return out;
}
