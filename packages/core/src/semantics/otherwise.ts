// `otherwise` rules: a rule that fires when no other rule of its group fires. Which group
// (the rule's only group, or the one named after `in`) and which siblings its condition
// negates are answered here, so lowering, the checker, the logic memo and the editor agree.
import type { RuleDecl } from '../language/ast.js';
import { groupMembers } from './groups.js';
import type { SemanticModel } from './model.js';

/** The group an `otherwise` clause completes, or undefined when it cannot be told (the checker reports why). */
export function otherwiseGroup(model: SemanticModel, rule: RuleDecl): string | undefined {
  const o = rule.otherwise;
  if (!o) return undefined;
  const joined = rule.groups.map((g) => g.value).filter((g) => model.groups.has(g));
  if (o.group) return joined.includes(o.group.value) ? o.group.value : undefined;
  return new Set(joined).size === 1 ? joined[0] : undefined;
}

/** The rules whose conditions an `otherwise` rule negates: the other members of its group, in declaration order. */
export function otherwiseSiblings(model: SemanticModel, rule: RuleDecl): readonly string[] {
  const g = otherwiseGroup(model, rule);
  if (g === undefined) return [];
  return (groupMembers(model).get(g) ?? []).filter((id) => id !== rule.id.value);
}

/**
 * A loop of `otherwise` rules each negating the next (A completes a group B joins, B one A
 * joins): the ids in order, the first repeated at the end; undefined when `start` is in none.
 */
export function otherwiseCycle(model: SemanticModel, start: string): readonly string[] | undefined {
  const next = (id: string): readonly string[] => {
    const d = model.rules.get(id)?.decl;
    return d?.kind === 'RuleDecl' && d.otherwise ? otherwiseSiblings(model, d).filter((s) => { const x = model.rules.get(s)?.decl; return x?.kind === 'RuleDecl' && x.otherwise !== undefined; }) : [];
  };
  const path: string[] = [];
  const onPath = new Set<string>();
  const done = new Set<string>();
  const visit = (id: string): readonly string[] | undefined => {
    if (onPath.has(id)) return id === start ? [...path, id] : undefined;
    if (done.has(id)) return undefined;
    path.push(id);
    onPath.add(id);
    for (const n of next(id)) {
      const c = visit(n);
      if (c) return c;
    }
    path.pop();
    onPath.delete(id);
    done.add(id);
    return undefined;
  };
  return visit(start);
}
