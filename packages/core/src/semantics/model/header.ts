// The rule set's header: its name and version, and its strength scale.
import type { Name, RulesetHeader } from '../../language/ast.js';
import type { Duplicate, SemanticModel } from '../model.js';

export function headerOf(h: RulesetHeader): NonNullable<SemanticModel['header']> {
  return { name: h.name.value, version: h.version?.value };
}

/** The header's strength scale, each name once; a repeated name is a duplicate (its rank would be ambiguous). */
export function headerStrengths(names: readonly Name[], uri: string, duplicates: Duplicate[]): string[] {
  const first = new Map<string, Name>();
  for (const n of names) {
    const prev = first.get(n.value);
    if (prev) duplicates.push({ what: 'strength', name: n.value, first: { uri, range: prev.range }, second: { uri, range: n.range } });
    else first.set(n.value, n);
  }
  return [...first.keys()];
}
