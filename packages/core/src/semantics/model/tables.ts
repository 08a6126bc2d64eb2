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

export function modelTables(): ModelTables {
  const duplicates: Duplicate[] = [];
  const firstLoc = new Map<string, Loc>();
  return {
    facts: new Map(),
    definitions: new Map(),
    valueSets: new Map(),
    rules: new Map(),
    groups: new Map(),
    members: new Map(),
    duplicates,
    claim(namespace, what, name, uri) {
      const key = `${namespace}:${name.value}`;
      const prev = firstLoc.get(key);
      if (prev) {
        duplicates.push({ what, name: name.value, first: prev, second: { uri, range: name.range } });
        return false;
      }
      firstLoc.set(key, { uri, range: name.range });
      return true;
    },
  };
}
