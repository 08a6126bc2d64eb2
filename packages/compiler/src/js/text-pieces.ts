// Texts that generated code builds at run time (explanations, dose calculations), written as
// pieces: literal text, JS string expressions, and choices between piece lists. `concat`
// writes them as one JS expression with as few `+` as it can: every `+` that runs allocates
// a string, and most explanations are one comparison. Adjacent literals are joined at
// generation time, and a choice between literal texts takes in the literals around it:
//   "wbc " + $fmtF(3, v1) + " 10*9/L" + (t0 === 0 ? " >= " : " < ") + "2.5 10*9/L"
// becomes
//   "wbc " + $fmtF(3, v1) + (t0 === 0 ? " 10*9/L >= 2.5 10*9/L" : " 10*9/L < 2.5 10*9/L")
// Literals hold no side effects and the expressions keep their order, so the text is the same.
import { lit } from './escape.js';

/** A literal text, a JS expression giving a string, or a choice: `when ? then : else`. */
export type Piece = string | { readonly js: string } | Choice;
export interface Choice {
  readonly when: string;
  readonly then: readonly Piece[];
  readonly else: readonly Piece[];
}

export const js = (expr: string): Piece => ({ js: expr });
export const choice = (when: string, then: readonly Piece[], otherwise: readonly Piece[]): Choice => ({ when, then, else: otherwise });

type Item = string | { readonly js: string } | Node;
/** A choice after joining: each branch is one literal (a leaf) or a list of items. */
interface Node {
  readonly when: string;
  readonly then: Item[];
  readonly else: Item[];
}

const isNode = (x: Item): x is Node => typeof x === 'object' && 'when' in x;

/** Every branch, all the way down, is one literal: the choice can take in literals around it. */
function literalTree(x: Item): boolean {
  if (!isNode(x)) return false;
  const branch = (b: Item[]) => (b.length === 1 && (typeof b[0] === 'string' || literalTree(b[0]!))) || b.length === 0;
  return branch(x.then) && branch(x.else);
}

/** The literal tree x with `before` and `after` around each of its leaves. */
function wrapLeaves(x: Node, before: string, after: string): Node {
  const branch = (b: Item[]): Item[] => {
    if (b.length === 0) return [before + after];
    const y = b[0]!;
    return [typeof y === 'string' ? before + y + after : wrapLeaves(y as Node, before, after)];
  };
  return { when: x.when, then: branch(x.then), else: branch(x.else) };
}

function join(pieces: readonly Piece[]): Item[] {
  const out: Item[] = [];
  for (const p of pieces) {
    if (typeof p === 'string') {
      if (typeof out[out.length - 1] === 'string') out[out.length - 1] += p;
      else out.push(p);
    } else if ('js' in p) out.push(p);
    else out.push({ when: p.when, then: join(p.then), else: join(p.else) });
  }
  // A literal tree takes in the literal before it and the one after it.
  const merged: Item[] = [];
  for (let i = 0; i < out.length; i++) {
    let x = out[i]!;
    if (literalTree(x)) {
      const prev = merged[merged.length - 1];
      const before = typeof prev === 'string' ? (merged.pop() as string) : '';
      const next = out[i + 1];
      const after = typeof next === 'string' ? next : '';
      if (typeof next === 'string') i++;
      x = wrapLeaves(x as Node, before, after);
    }
    merged.push(x);
  }
  return merged.filter((x) => x !== '');
}

function render(items: readonly Item[]): string {
  if (items.length === 0) return '""';
  const parts = items.map((x) => (typeof x === 'string' ? lit(x) : isNode(x) ? `(${x.when} ? ${render(x.then)} : ${render(x.else)})` : x.js));
  // Two expressions first: a string before them keeps `+` a concatenation whatever they give.
  const expr = (x: Item | undefined) => x !== undefined && typeof x !== 'string' && !isNode(x);
  if (expr(items[0]) && expr(items[1])) parts.unshift('""');
  return parts.join(' + ');
}

/** The pieces as one JS expression giving their text. */
export function concat(pieces: readonly Piece[]): string {
  return render(join(pieces));
}
