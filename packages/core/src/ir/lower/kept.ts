// Lowered declarations kept across checks. A declaration's IR depends on its own text and
// place, on the facts, definitions and value sets it can name (their types, members and
// codes), and, for a dose, on the unit and standard dose of its drug; its atom ids follow
// the atoms lowered before it. The parser keeps the objects of the declarations an edit did
// not touch (a declaration holding any change, in a comment too, is parsed again) and the
// model their symbols, so while the declaration object, its file, those symbols and its
// drugs' dosing are unchanged, its IR is the same but for the
// atom ids, which a cheap copy renumbers. An edit of one rule then lowers that rule only.
import type { Declaration } from '../../language/ast.js';
import type { LowerContext } from './common.js';

interface Kept {
  readonly env: object;
  readonly uri: string;
  /** The declaration's length: a check, not a copy of its text (which would keep every older text of the file alive). */
  readonly length: number;
  /** What the declaration reads beyond the environment (its drugs' dosing), as one string. */
  readonly reads: string;
  readonly firstAtom: number;
  readonly atoms: number;
  readonly value: unknown;
}

const kept = new WeakMap<Declaration, Kept>();

/**
 * `lower()` of declaration `d` in `uri`, or the IR kept from an earlier check when nothing
 * it depends on changed (renumbered when atoms before it were added or removed).
 */
export function keptOr<T>(ctx: LowerContext, env: object, d: Declaration, uri: string, reads: string, lower: () => T): T {
  const first = ctx.atomCount;
  const length = d.range.end.offset - d.range.start.offset;
  const k = kept.get(d);
  if (k && k.env === env && k.uri === uri && k.reads === reads && k.length === length) {
    ctx.skipAtoms(k.atoms);
    if (k.firstAtom === first) return k.value as T;
    const value = shiftAtoms(k.value, first - k.firstAtom) as T;
    kept.set(d, { ...k, firstAtom: first, value });
    return value;
  }
  const value = lower();
  kept.set(d, { env, uri, length, reads, firstAtom: first, atoms: ctx.atomCount - first, value });
  return value;
}

/** A copy of lowered IR with every atom id moved by `delta`. */
function shiftAtoms(v: unknown, delta: number): unknown {
  if (Array.isArray(v)) return v.map((x) => shiftAtoms(x, delta));
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    out[k] = k === 'atom' && typeof x === 'number' ? x + delta : shiftAtoms(x, delta);
  }
  return out;
}
