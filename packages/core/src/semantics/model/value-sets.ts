// Value-set declarations: the set, and each member name with every set it belongs to.
import type { ValueSetDecl } from '../../language/ast.js';
import type { ValueSetSymbol } from '../model.js';
import { symbolFor, type ModelTables } from './tables.js';

export function declareValueSet(t: ModelTables, d: ValueSetDecl, uri: string): void {
  if (!t.claim('value', 'value set', d.name, uri)) return;
  const vs = symbolFor(d, uri, (): ValueSetSymbol => ({ kind: 'valueset', name: d.name.value, decl: d, uri }));
  t.valueSets.set(d.name.value, vs);
  const seen = new Set<string>();
  for (const m of d.members) {
    if (seen.has(m.name.value)) {
      t.duplicates.push({ what: `member of ${d.name.value}`, name: m.name.value, first: { uri, range: d.members.find((x) => x.name.value === m.name.value)!.name.range }, second: { uri, range: m.name.range } });
      continue;
    }
    seen.add(m.name.value);
    const list = t.members.get(m.name.value) ?? [];
    list.push({ kind: 'member', name: m.name.value, valueSet: vs, member: m });
    t.members.set(m.name.value, list);
  }
}
