// The nodes of one kind in a document's declarations, found once per declaration: the list
// is kept with the declaration object, and the parser keeps the objects of the declarations
// an edit did not touch, so after an edit only the touched ones are walked again (a walk of
// a 2,000-rule file per checker rule cost several milliseconds on every keystroke).
import type { Declaration, Document, Node } from './ast.js';
import { forEachNode } from './walk.js';

const indexes = new WeakMap<Declaration, ReadonlyMap<string, readonly Node[]>>();
const NONE: readonly Node[] = [];

function indexOf(d: Declaration): ReadonlyMap<string, readonly Node[]> {
  let index = indexes.get(d);
  if (!index) {
    const byKind = new Map<string, Node[]>();
    forEachNode(d, (n) => {
      const list = byKind.get(n.kind);
      if (list) list.push(n);
      else byKind.set(n.kind, [n]);
    });
    index = byKind;
    indexes.set(d, index);
  }
  return index;
}

/**
 * Every node of kind `kind` in the document's declarations (not its header, imports or
 * comments): declaration by declaration in source order, each in the order `forEachNode`
 * visits it.
 */
export function declarationNodes<K extends Node['kind']>(doc: Document, kind: K): Extract<Node, { kind: K }>[] {
  const out: Node[] = [];
  for (const d of doc.declarations) for (const n of indexOf(d).get(kind) ?? NONE) out.push(n);
  return out as Extract<Node, { kind: K }>[];
}

/** Every node of kind `kind` in one declaration, in the order `forEachNode` visits it. */
export function nodesOf<K extends Node['kind']>(d: Declaration, kind: K): readonly Extract<Node, { kind: K }>[] {
  return (indexOf(d).get(kind) ?? NONE) as readonly Extract<Node, { kind: K }>[];
}
