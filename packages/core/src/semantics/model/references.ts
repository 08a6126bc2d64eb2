// Names that occur as references, for find-references and rename: value names, value-set
// items, overrides and group memberships.
import { forEachExpr } from '../../language/walk.js';
import type { LoadedFile, SemanticModel, SemSymbol } from '../model.js';
import type { ModelTables } from './tables.js';

export function referencesIn(t: ModelTables, files: readonly LoadedFile[], resolveValue: SemanticModel['resolveValue']): SemanticModel['references'] {
  const references: { uri: string; name: SemanticModel['references'][number]['name']; symbol: SemSymbol }[] = [];
  for (const f of files) {
    forEachExpr(f.document, (e) => {
      if (e.kind === 'NameRef') {
        const s = resolveValue(e) ?? t.valueSets.get(e.name.value) ?? t.members.get(e.name.value)?.[0];
        if (s) references.push({ uri: f.uri, name: e.name, symbol: s });
      } else if (e.kind === 'MemberRef') {
        const s = t.facts.get(e.object.value);
        if (s) references.push({ uri: f.uri, name: e.object, symbol: s });
      } else if (e.kind === 'InExpr' || e.kind === 'IncludesExpr') {
        for (const item of e.values.items) {
          const s = t.valueSets.get(item.value) ?? t.members.get(item.value)?.[0];
          if (s) references.push({ uri: f.uri, name: item, symbol: s });
        }
      }
    });
    for (const d of f.document.declarations) {
      // A table's rows' overrides are not written in the text: only its group clause is.
      if (d.kind === 'TableDecl') {
        for (const g of d.groups) {
          const s = t.groups.get(g.value);
          if (s) references.push({ uri: f.uri, name: g, symbol: s });
        }
        continue;
      }
      if (d.kind !== 'RuleDecl') continue;
      const names = [...d.overrides, ...d.overrideItems.flatMap((i) => i.except), ...(d.tightens ?? []).flatMap((t) => [t.item.name, ...t.item.except]), ...d.groups, ...(d.otherwise?.group ? [d.otherwise.group] : [])];
      for (const o of names) {
        const s = t.rules.get(o.value) ?? t.groups.get(o.value);
        if (s) references.push({ uri: f.uri, name: o, symbol: s });
      }
    }
  }
  return references;
}
