// Rule groups and what an `overrides` clause reaches through them. A group is declared
// in a `groups` block and joined by a rule's `group` clause; `overrides G` reaches every
// rule of G (but the overriding rule itself and the `except`ed ones), and `dose of G`
// only the dose actions of those rules. Lowering, the checker and the editor all ask here,
// so a group means the same rules everywhere.
import type { OverrideAction, OverrideItem, RuleDecl } from '../language/ast.js';
import type { SemanticModel } from './model.js';

const membersCache = new WeakMap<SemanticModel, ReadonlyMap<string, readonly string[]>>();

/** Each declared group with the ids of the rules that join it, in declaration order. */
export function groupMembers(model: SemanticModel): ReadonlyMap<string, readonly string[]> {
  let m = membersCache.get(model);
  if (m) return m;
  const out = new Map<string, string[]>([...model.groups.keys()].map((g) => [g, []]));
  for (const r of model.rules.values()) {
    if (r.decl.kind !== 'RuleDecl') continue;
    for (const g of r.decl.groups) {
      const list = out.get(g.value);
      if (list && !list.includes(r.name)) list.push(r.name);
    }
  }
  m = out;
  membersCache.set(model, m);
  return m;
}

/** The rules an `overrides` item names: the rule itself, or the group's members less `except` and the overriding rule. */
export function itemRules(model: SemanticModel, by: string, item: OverrideItem): readonly string[] {
  const name = item.name.value;
  const members = model.groups.has(name) ? groupMembers(model).get(name) ?? [] : model.rules.get(name)?.kind === 'rule' ? [name] : [];
  const except = new Set(item.except.map((e) => e.value));
  return members.filter((id) => id !== by && !except.has(id));
}

/** Whether an `overrides` selection (`dose`, `dose azathioprine`) takes in an action. */
export function selects(sel: OverrideAction, action: { readonly verb: string; readonly targets: readonly { readonly value: string }[] }): boolean {
  return sel.verb === action.verb && (sel.target === undefined || action.targets.some((t) => t.value === sel.target!.value));
}

export interface ResolvedOverrides {
  /** Rules overridden whole (every action), in first-named order. */
  readonly whole: readonly string[];
  /** Rules of which only some actions are overridden: their indexes, ascending. */
  readonly actions: readonly { readonly rule: string; readonly actions: readonly number[] }[];
}

/**
 * What a rule's `overrides` clauses reach. A selection that takes in every action of a
 * rule is a whole-rule override (the same result, and every back end handles it).
 */
export function resolveOverrides(model: SemanticModel, rule: RuleDecl): ResolvedOverrides {
  const whole: string[] = [];
  const partial = new Map<string, Set<number>>();
  for (const item of rule.overrideItems) {
    for (const id of itemRules(model, rule.id.value, item)) {
      if (item.actions.length === 0) {
        if (!whole.includes(id)) whole.push(id);
        continue;
      }
      const target = model.rules.get(id)!.decl as RuleDecl;
      const set = partial.get(id) ?? new Set<number>();
      target.actions.forEach((a, j) => {
        if (item.actions.some((sel) => selects(sel, a))) set.add(j);
      });
      partial.set(id, set);
    }
  }
  const actions: { rule: string; actions: number[] }[] = [];
  for (const [id, set] of partial) {
    if (whole.includes(id) || set.size === 0) continue;
    const n = (model.rules.get(id)!.decl as RuleDecl).actions.length;
    if (set.size === n) whole.push(id);
    else actions.push({ rule: id, actions: [...set].sort((a, b) => a - b) });
  }
  return { whole, actions };
}
