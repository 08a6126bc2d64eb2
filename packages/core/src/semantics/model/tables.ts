// The symbol tables a model is built into, and the one place names are claimed: the first
// declaration of a name in a namespace wins, a later one is recorded as a duplicate.
import type { Name } from '../../language/ast.js';
import type { DefinitionSymbol, Duplicate, FactSymbol, GroupSymbol, Loc, MemberSymbol, RuleSymbol, ValueSetSymbol } from '../model.js';

export interface ModelTables {
  readonly facts: Map<string, FactSymbol>;
  readonly definitions: Map<string, DefinitionSymbol>;
  readonly valueSets: Map<string, ValueSetSymbol>;
  readonly rules: Map<string, RuleSymbol>;
  readonly groups: Map<string, GroupSymbol>;
  readonly members: Map<string, MemberSymbol[]>;
  readonly duplicates: Duplicate[];
  /**
   * Claim `name` in `namespace` ('value': facts, definitions, value sets; 'rule': rules,
   * protocols, groups): false, with a duplicate recorded, when it was claimed before.
   */
  claim(namespace: 'value' | 'rule', what: string, name: Name, uri: string): boolean;
}

/**
 * The symbol made for a declaration node in `uri`, kept with the node: a declaration the
 * parser kept across an edit gets the very same symbol, so that what was computed from the
 * symbols (expression types) can be kept too.
 */
const symbols = new WeakMap<object, { readonly uri: string; readonly symbol: unknown }>();
export function symbolFor<T>(node: object, uri: string, make: () => T): T {
  const hit = symbols.get(node);
  if (hit && hit.uri === uri) return hit.symbol as T;
  const symbol = make();
  symbols.set(node, { uri, symbol });
  return symbol;
}

export function modelTables(): ModelTables {
  const duplicates: Duplicate[] = [];
  // One map per namespace: no key string built per name.
  const firstLoc = { value: new Map<string, Loc>(), rule: new Map<string, Loc>() };
  return {
    facts: new Map(),
    definitions: new Map(),
    valueSets: new Map(),
    rules: new Map(),
    groups: new Map(),
    members: new Map(),
    duplicates,
    claim(namespace, what, name, uri) {
      const seen = firstLoc[namespace];
      const prev = seen.get(name.value);
      if (prev) {
        duplicates.push({ what, name: name.value, first: prev, second: { uri, range: name.range } });
        return false;
      }
      seen.set(name.value, { uri, range: name.range });
      return true;
    },
  };
}
