// Reports an `overrides` naming a group that closes a loop: a member of the group
// overrides the overriding rule, directly or through others, so each would suppress the
// other. Loops made of rule ids alone are override-cycle's; this rule reports each loop
// that passes through a group once, at the group's name in the clause.
import { codes } from '../../diagnostics/codes.js';
import { itemRules } from '../../semantics/groups.js';
import type { CheckerRule } from '../rule.js';

export const groupOverrideCycle: CheckerRule = {
  name: 'group-override-cycle',
  phase: 'semantic',
  check(ctx) {
    const model = ctx.model;
    if (model.groups.size === 0) return;
    // The `overrides` graph with groups expanded.
    const edges = new Map<string, string[]>();
    for (const r of model.rules.values()) {
      if (r.decl.kind !== 'RuleDecl') continue;
      const out = new Set<string>();
      for (const item of r.decl.overrideItems) for (const id of itemRules(model, r.name, item)) out.add(id);
      edges.set(r.name, [...out]);
    }
    const component = stronglyConnected(edges);
    for (const r of model.rules.values()) {
      if (r.decl.kind !== 'RuleDecl') continue;
      for (const item of r.decl.overrideItems) {
        if (!model.groups.has(item.name.value)) continue;
        const back = itemRules(model, r.name, item).find((id) => component.get(id) === component.get(r.name));
        if (back === undefined) continue;
        const path = pathFrom(edges, back, r.name) ?? [back, r.name];
        // The usual fix: leave out the member that overrides back (as AZA-PRE-05 does AZA-PRE-05-B).
        const end = item.name.range;
        const fixes = item.except.length === 0 ? [{ title: `Add 'except ${back}'`, edits: [{ uri: r.uri, range: { start: end.end, end: end.end }, newText: ` except ${back}` }] }] : [];
        ctx.report(codes.groupOverrideCycle, { uri: r.uri, range: item.name.range }, { rule: r.name, group: item.name.value, cycle: [r.name, ...path].join(' → ') }, { fixes });
        if (ctx.full) return;
      }
    }
  },
};

/** Tarjan's strongly connected components, iterative (a long chain must not exhaust the stack): node → component number. */
function stronglyConnected(edges: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const comp = new Map<string, number>();
  let next = 0;
  let count = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; i: number }[] = [{ node: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const out = edges.get(top.node) ?? [];
      if (top.i < out.length) {
        const w = out[top.i++]!;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.set(w, count);
        } while (w !== top.node);
        count++;
      }
    }
  }
  return comp;
}

/** A shortest path of overrides from one rule to another (both ends included), if any. */
function pathFrom(edges: ReadonlyMap<string, readonly string[]>, from: string, to: string): string[] | undefined {
  const parent = new Map<string, string>([[from, from]]);
  const queue = [from];
  for (let q = 0; q < queue.length; q++) {
    const n = queue[q]!;
    if (n === to) {
      const path = [n];
      for (let p = n; p !== from; ) path.unshift((p = parent.get(p)!));
      return path;
    }
    for (const w of edges.get(n) ?? []) {
      if (parent.has(w)) continue;
      parent.set(w, n);
      queue.push(w);
    }
  }
  return undefined;
}
