// Small helpers shared by checker rules: source text of a node, and typed operand descriptions.
import type { Expr, Range } from '../language/ast.js';
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
