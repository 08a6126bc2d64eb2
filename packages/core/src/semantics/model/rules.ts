// Rule and protocol declarations: one namespace, shared with groups.
import type { ProtocolDecl, RuleDecl } from '../../language/ast.js';
import type { ModelTables } from './tables.js';

export function declareRule(t: ModelTables, d: RuleDecl | ProtocolDecl, uri: string): void {
  const kind = d.kind === 'RuleDecl' ? 'rule' : 'protocol';
  if (t.claim('rule', kind, d.id, uri)) t.rules.set(d.id.value, { kind, name: d.id.value, decl: d, uri });
}
