// The names a declaration can read, as one token: the same object while the model's facts
// and value sets are the same symbols (the parser keeps the declarations an edit did not
// touch, and the model their symbols) and its definitions have the same names, in the same
// order, with the same types. A declaration reads a definition only through its name and
// type (its IR refers to it by name), so an edit inside a definition that keeps its type
// changes no other declaration's types, IR or findings. What is computed from a declaration
// and these names alone can be kept while the token is the same.
import type { SemanticModel, SemType } from '../model.js';

let last: { readonly symbols: readonly object[]; readonly definitions: string; readonly token: object } | undefined;
const tokens = new WeakMap<SemanticModel, object>();

/** A type as a string: equal strings, equal types. */
export function typeKey(t: SemType): string {
  switch (t.kind) {
    case 'enum':
      return `enum(${t.values.join(',')})${t.fact ?? ''}`;
    case 'quantity':
      return `q(${t.unit.code})`;
    case 'set':
      return `set(${typeKey(t.element)})`;
    case 'symbol':
      return `sym(${t.name})`;
    default:
      return t.kind;
  }
}

export function namesToken(model: SemanticModel): object {
  let token = tokens.get(model);
  if (token) return token;
  const symbols: object[] = [...model.facts.values(), ...model.valueSets.values()];
  let definitions = '';
  for (const d of model.definitions.values()) definitions += `${d.name}\u0000${typeKey(model.typeOf(d.decl.expr))}\u0001`;
  if (last && last.definitions === definitions && last.symbols.length === symbols.length && last.symbols.every((s, i) => s === symbols[i])) token = last.token;
  else last = { symbols, definitions, token: (token = {}) };
  tokens.set(model, token);
  return token;
}

/** Forgets the last token (a check from scratch). */
export function clearNamesToken(): void {
  last = undefined;
}
