// Reports rules that override themselves, directly or through other rules: every rule in
// such a loop would suppress the others, so a contraindication could vanish.
import { codes } from '../../diagnostics/codes.js';
import type { Range } from '../../language/ast.js';
import type { CheckerRule } from '../rule.js';

export const overrideCycle: CheckerRule = {
  name: 'override-cycle',
  phase: 'semantic',
  check(ctx) {
    // The `overrides` graph, with the clause that makes each edge (for the report's range).
    // Only rules that override rules: one without such a clause closes no cycle, and leaving
    // it out changes neither the walk's order nor what it reports.
    const edges = new Map<string, { target: string; uri: string; range: Range }[]>();
    for (const r of ctx.model.rules.values()) {
      if (r.decl.kind !== 'RuleDecl' || r.decl.overrides.length === 0) continue;
      const out = r.decl.overrides.filter((o) => ctx.model.rules.has(o.value)).map((o) => ({ target: o.value, uri: r.uri, range: o.range }));
      if (out.length > 0) edges.set(r.name, out);
    }
    // Iterative depth-first walk (a long chain of overrides must not exhaust the stack);
    // a back edge closes a cycle, reported once at the clause that closes it.
    const state = new Map<string, 1 | 2>();
    for (const start of [...edges.keys()].sort()) {
      if (state.has(start)) continue;
      const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
      state.set(start, 1);
      while (stack.length > 0 && !ctx.full) {
        const top = stack[stack.length - 1]!;
        const out = edges.get(top.name) ?? [];
        if (top.next >= out.length) {
          state.set(top.name, 2);
          stack.pop();
          continue;
        }
        const edge = out[top.next++]!;
        const s = state.get(edge.target);
        if (s === 1) {
          const from = stack.findIndex((f) => f.name === edge.target);
          const cycle = [...stack.slice(from).map((f) => f.name), edge.target].join(' → ');
          ctx.report(codes.overrideCycle, { uri: edge.uri, range: edge.range }, { rule: top.name, cycle });
        } else if (s === undefined) {
          state.set(edge.target, 1);
          stack.push({ name: edge.target, next: 0 });
        }
      }
    }
  },
};
