// Decision tables: a table is a group of its rows (so `overrides T` reaches them all) and
// each row is the rule TABLE.rowN (language/tables.ts says what it means). Table ids and
// row ids share the rule namespace.
import type { GroupDecl, TableDecl } from '../../language/ast.js';
import { tableRules } from '../../language/tables.js';
import type { ModelTables } from './tables.js';

const groupOf = new WeakMap<TableDecl, GroupDecl>();
const tableGroups = new WeakSet<GroupDecl>();

/** The group a table stands for, the same object every time. */
function tableGroupDecl(d: TableDecl): GroupDecl {
  let g = groupOf.get(d);
  if (!g) {
    groupOf.set(d, (g = { kind: 'GroupDecl', name: d.id, title: d.title, range: d.range }));
    tableGroups.add(g);
  }
  return g;
}

/** Whether a group is the one a table stands for (its rows), not one a `groups` block declares. */
export function isTableGroup(g: GroupDecl): boolean {
  return tableGroups.has(g);
}

export function declareTable(t: ModelTables, d: TableDecl, uri: string): void {
  if (t.claim('rule', 'table', d.id, uri)) t.groups.set(d.id.value, { kind: 'group', name: d.id.value, decl: tableGroupDecl(d), uri });
  for (const r of tableRules(d)) if (t.claim('rule', 'rule', r.id, uri)) t.rules.set(r.id.value, { kind: 'rule', name: r.id.value, decl: r, uri });
}
