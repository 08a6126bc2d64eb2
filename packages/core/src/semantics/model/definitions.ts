// Definition declarations, and the cycles among them (found by depth-first search over
// the names each definition uses).
import type { DefineDecl } from '../../language/ast.js';
import { walkExprs } from '../../language/walk.js';
import type { DefinitionSymbol } from '../model.js';
import { symbolFor, type ModelTables } from './tables.js';

export function declareDefinition(t: ModelTables, d: DefineDecl, uri: string): void {
  if (t.claim('value', 'definition', d.name, uri)) t.definitions.set(d.name.value, symbolFor(d, uri, (): DefinitionSymbol => ({ kind: 'definition', name: d.name.value, decl: d, uri })));
}

/** Definitions that take part in a cycle, each with the cycle's names. */
export function definitionCycles(definitions: ReadonlyMap<string, DefinitionSymbol>): Map<string, string[]> {
  const defDeps = new Map<string, string[]>();
  for (const [name, def] of definitions) {
    const deps: string[] = [];
    walkExprs([def.decl.expr], (e) => {
      if (e.kind === 'NameRef' && definitions.has(e.name.value)) deps.push(e.name.value);
    });
    defDeps.set(name, deps);
  }
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 1);
    stack.push(n);
    for (const d of defDeps.get(n) ?? []) {
      const s = state.get(d);
      if (s === 1) {
        const cycle = [...stack.slice(stack.indexOf(d)), d];
        for (const c of cycle) if (!cycles.has(c)) cycles.set(c, cycle);
      } else if (s === undefined) visit(d);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of definitions.keys()) if (!state.has(n)) visit(n);
  return cycles;
}
