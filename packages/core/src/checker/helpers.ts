// Small helpers shared by checker rules: source text of a node, typed operand descriptions,
// and the walk over every rule's actions.
import type { Action, Expr, Range, RuleDecl } from '../language/ast.js';
import { withTableRules } from '../language/tables.js';
import type { SemanticModel } from '../semantics/model.js';
import { describeType } from '../semantics/model.js';

export function textOf(model: SemanticModel, uri: string, range: Range): string {
  const file = model.files.find((f) => f.uri === uri);
  if (!file) return '';
  return file.source.text.slice(range.start.offset, range.end.offset).replace(/\s+/g, ' ').trim();
}

/** `'tpmt' (enum { normal, … })`: how messages name an operand. */
export function describeOperand(model: SemanticModel, uri: string, e: Expr): string {
  return `'${textOf(model, uri, e.range)}' (${describeType(model.typeOf(e))})`;
}

export function at(uri: string, range: Range): { uri: string; range: Range } {
  return { uri, range };
}

/** Every action of every rule (decision-table rows included), with its rule and file, in source order. */
export function* ruleActions(model: SemanticModel): Generator<{ readonly uri: string; readonly rule: RuleDecl; readonly action: Action }> {
  for (const file of model.files)
    for (const d of withTableRules(file.document.declarations)) {
      if (d.kind !== 'RuleDecl') continue;
      for (const action of d.actions) yield { uri: file.uri, rule: d, action };
    }
}
