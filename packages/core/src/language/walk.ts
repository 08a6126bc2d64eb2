// Generic traversal of the AST: every child of a node, in source order.
import type { Declaration, Document, Expr, Node } from './ast.js';
import { tableRules } from './tables.js';

export function exprChildren(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'LogicalExpr':
    case 'CompareExpr':
    case 'ArithmeticExpr':
      return [e.left, e.right];
    case 'NotExpr':
    case 'NegateExpr':
      return [e.operand];
    case 'InExpr':
    case 'PresenceExpr':
    case 'IncludesExpr':
    case 'ElapsedExpr':
      return [e.subject];
    case 'ParenExpr':
      return [e.expr];
    default:
      return [];
  }
}

/** Top-level expressions of a declaration (conditions, dose expressions). */
export function declarationExprs(d: Declaration): readonly Expr[] {
  switch (d.kind) {
    case 'DefineDecl':
      return [d.expr];
    case 'RuleDecl': {
      const out: Expr[] = [];
      if (d.when) out.push(d.when);
      out.push(...d.unless);
      for (const a of d.actions) {
        if (a.dose) {
          out.push(a.dose.low);
          if (a.dose.high) out.push(a.dose.high);
          if (a.dose.titration) out.push(a.dose.titration.step);
        }
        if (a.schedule?.anchor) out.push(a.schedule.anchor);
      }
      return out;
    }
    case 'TableDecl': {
      // The rows' conditions hold the columns; a column no cell tests is walked on its own.
      const out = tableRules(d).flatMap((r) => declarationExprs(r));
      d.columns.forEach((c, i) => {
        if (d.rows.every((r) => (r.cells[i]?.tests.length ?? 0) === 0)) out.push(c);
      });
      if (d.when && d.rows.length === 0) out.push(d.when);
      return out;
    }
    default:
      return [];
  }
}

/** Calls `visit` on every expression node below the roots, parents before children. */
export function walkExprs(roots: readonly Expr[], visit: (e: Expr, parent: Expr | undefined) => void): void {
  const stack: [Expr, Expr | undefined][] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push([roots[i]!, undefined]);
  while (stack.length) {
    const [e, parent] = stack.pop()!;
    visit(e, parent);
    const kids = exprChildren(e);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, e]);
  }
}

/**
 * A declaration's expressions in `walkExprs` order, with their parents, kept with the
 * declaration object: the semantic model and several checker rules walk every expression
 * on each check, and the parser keeps the declarations an edit did not touch.
 */
const flattened = new WeakMap<Declaration, { readonly exprs: readonly Expr[]; readonly parents: readonly (Expr | undefined)[] }>();

function flatten(d: Declaration): { readonly exprs: readonly Expr[]; readonly parents: readonly (Expr | undefined)[] } {
  let f = flattened.get(d);
  if (!f) {
    const exprs: Expr[] = [];
    const parents: (Expr | undefined)[] = [];
    walkExprs(declarationExprs(d), (e, p) => {
      exprs.push(e);
      parents.push(p);
    });
    f = { exprs, parents };
    flattened.set(d, f);
  }
  return f;
}

/** Every expression of one declaration, parents before children (the list is kept with the declaration object). */
export function declarationExprList(d: Declaration): readonly Expr[] {
  return flatten(d).exprs;
}

/** Every expression of one declaration, with its parent, in `forEachExpr` order. */
export function forEachDeclarationExpr(d: Declaration, visit: (e: Expr, parent: Expr | undefined) => void): void {
  const { exprs, parents } = flatten(d);
  for (let i = 0; i < exprs.length; i++) visit(exprs[i]!, parents[i]);
}

/** Every expression in a document, with the declaration it belongs to. */
export function forEachExpr(doc: Document, visit: (e: Expr, decl: Declaration, parent: Expr | undefined) => void): void {
  for (const d of doc.declarations) {
    const { exprs, parents } = flatten(d);
    for (let i = 0; i < exprs.length; i++) visit(exprs[i]!, d, parents[i]);
  }
}

export function unwrapParens(e: Expr): Expr {
  while (e.kind === 'ParenExpr') e = e.expr;
  return e;
}

export type { Node };

/** Every AST node below `root` (any object with a `kind`), parents first. For rare, whole-tree checks. */
export function forEachNode(root: Node, visit: (n: Node) => void): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    if ('kind' in v) visit(v as Node);
    // for…in rather than Object.entries: same order, no array per node.
    for (const k in v) {
      if (k === 'range' || k === 'verbRange' || k === 'opRange' || k === 'cellsRange' || k === 'header') continue;
      const child = (v as Record<string, unknown>)[k];
      if (child && typeof child === 'object') stack.push(child);
    }
  }
}

/**
 * Every AST node below `root` whose kind is `kind`, in no particular order, found by
 * walking all properties without recursion (so no nesting depth can exhaust the stack).
 */
export function nodesOfKind<K extends Node['kind']>(root: unknown, kind: K, visit: (node: Extract<Node, { kind: K }>) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v !== null && typeof v === 'object') {
      const node = v as { kind?: unknown };
      if (node.kind === kind) {
        visit(node as Extract<Node, { kind: K }>);
        continue;
      }
      // for…in rather than Object.entries: same order, no array per node.
      for (const k in v) {
        if (k === 'range') continue;
        const child = (v as Record<string, unknown>)[k];
        if (child !== null && typeof child === 'object') stack.push(child);
      }
    }
  }
}
