// Expressions nested deeper than the passes after parsing can walk. The parser reads a
// chain of 2,000 `and` terms without recursion, but the checker, lowering, the code
// generator and the explanations recurse once per level; so a declaration holding a deeper
// expression is refused with a clear error and left out before any of them sees it.
import { codes } from '../diagnostics/codes.js';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Declaration, Document, Expr, Range } from './ast.js';
import { declarationExprs, exprChildren } from './walk.js';

/** The deepest expression accepted: a chain of up to this many `and`/`or`/`+` terms. */
export const MAX_EXPRESSION_DEPTH = 500;

/** Depths kept with the declaration object: the parser keeps those an edit did not touch. */
const depths = new WeakMap<Declaration, number>();

/** The depth of the deepest expression in a declaration (1 for a single comparison's root). */
export function expressionDepth(d: Declaration): number {
  const known = depths.get(d);
  if (known !== undefined) return known;
  const depth = measureDepth(d);
  depths.set(d, depth);
  return depth;
}

function measureDepth(d: Declaration): number {
  let max = 0;
  const stack: [Expr, number][] = declarationExprs(d).map((e) => [e, 1]);
  while (stack.length > 0) {
    const [e, depth] = stack.pop()!;
    if (depth > max) max = depth;
    for (const child of exprChildren(e)) stack.push([child, depth + 1]);
  }
  return max;
}

export interface TooDeep {
  readonly range: Range;
  readonly depth: number;
}

/** The document without its too-deep declarations, and where each was. */
export function withoutTooDeep(document: Document): { document: Document; tooDeep: TooDeep[] } {
  const tooDeep: TooDeep[] = [];
  const kept = document.declarations.filter((d) => {
    const depth = expressionDepth(d);
    if (depth <= MAX_EXPRESSION_DEPTH) return true;
    const name = 'id' in d ? d.id : 'name' in d ? d.name : undefined;
    tooDeep.push({ range: name?.range ?? d.range, depth });
    return false;
  });
  return tooDeep.length === 0 ? { document, tooDeep } : { document: { ...document, declarations: kept }, tooDeep };
}

/** The document without its too-deep declarations, and the error (VGL1004) for each. */
export function limitDepth(document: Document): { document: Document; diagnostics: Diagnostic[] } {
  const { document: kept, tooDeep } = withoutTooDeep(document);
  const code = codes.expressionTooDeep;
  const diagnostics = tooDeep.map((t) => createDiagnostic(code, { uri: document.uri, range: t.range }, { depth: t.depth, max: MAX_EXPRESSION_DEPTH }));
  return { document: kept, diagnostics };
}
