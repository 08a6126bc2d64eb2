// Group declarations (a `groups` block); the rules that join a group are found by
// semantics/groups.ts. A group shares the rule namespace.
import type { GroupsBlock } from '../../language/ast.js';
import type { ModelTables } from './tables.js';

export function declareGroups(t: ModelTables, block: GroupsBlock, uri: string): void {
  for (const g of block.groups) if (t.claim('rule', 'group', g.name, uri)) t.groups.set(g.name.value, { kind: 'group', name: g.name.value, decl: g, uri });
}
