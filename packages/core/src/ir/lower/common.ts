// What every part of lowering shares: its error, the bound on exact numbers, IR types of
// semantic types, and the per-program context (the model, locations, unit conversion, atom ids).
import type { Range } from '../../language/ast.js';
import type { SemanticModel, SemType } from '../../semantics/model.js';
import { drugDosing, type DrugDosing } from '../../semantics/doses.js';
import { Rational } from '../../units/rational.js';
import { conversionFactor, parseUnit, type UnitInfo } from '../../units/units.js';
import type { IrExpr, IrLocation, IrType } from '../ir.js';

export class LoweringError extends Error {}

/** The longest exact number the IR carries (the JavaScript back end refuses longer ones). */
export const MAX_EXACT_LENGTH = 400;

/**
 * `r` as an IR exact, refused when a back end could not keep it: longer than
 * MAX_EXACT_LENGTH characters or, nonzero, outside [1e-300, 1e300] (so its nearest double
 * is never 0 or infinite). The literal-limits checker rule keeps rule text well inside
 * this; what remains (extreme unit conversions) fails here, in check as in compile.
 */
export function boundedExact(r: Rational, what: string): string {
  const s = r.toExact();
  const x = Math.abs(r.toNumber());
  if (s.length > MAX_EXACT_LENGTH || (!r.isZero() && !(x >= 1e-300 && x <= 1e300))) {
    throw new LoweringError(`${what} is ${s.length > 40 ? `${s.slice(0, 20)}…${s.slice(-8)}` : s}, beyond the numbers an engine keeps exactly (nonzero magnitudes from 1e-300 to 1e300, at most ${MAX_EXACT_LENGTH} characters)`);
  }
  return s;
}

export function unitOrFail(code: string): UnitInfo {
  const u = parseUnit(code);
  if (!u.ok) throw new LoweringError(`invalid unit '${code}'`);
  return u.unit;
}

export function irType(t: SemType): IrType {
  switch (t.kind) {
    case 'enum':
      return { kind: 'enum', values: t.values };
    case 'quantity':
      return { kind: 'quantity', unit: t.unit.code, dimension: t.unit.dimension };
    case 'set':
      return { kind: 'set', element: irType(t.element) };
    case 'symbol':
    case 'error':
      throw new LoweringError(`untyped expression (${t.kind})`);
    default:
      return { kind: t.kind };
  }
}

/** A lowered expression; `unit` is set for quantity-valued ones. */
export interface Lowered {
  readonly expr: IrExpr;
  readonly unit?: UnitInfo;
}

/** What lowering one declaration needs from the program around it. */
export interface LowerContext {
  readonly model: SemanticModel;
  /** Each drug's dosing unit and standard dose, for relative doses. */
  readonly dosing: ReadonlyMap<string, DrugDosing>;
  loc(uri: string, range: Range): IrLocation;
  /** The source text of `range`, whitespace collapsed (an atom's or a dose's text). */
  textAt(uri: string, range: Range): string;
  /** The next atom id: atoms are numbered in the order they are lowered. */
  nextAtom(): number;
  /** Hands out `n` atom ids at once (to a declaration whose lowering was kept). */
  skipAtoms(n: number): void;
  /** How many atom ids were handed out. */
  readonly atomCount: number;
}

export function lowerContext(model: SemanticModel): LowerContext {
  let atoms = 0;
  const sourceOf = new Map(model.files.map((f) => [f.uri, f.source]));
  return {
    model,
    dosing: drugDosing(model),
    loc: (uri, range) => ({ uri, start: range.start, end: range.end }),
    textAt: (uri, range) => (sourceOf.get(uri)?.text.slice(range.start.offset, range.end.offset) ?? '').replace(/\s+/g, ' ').trim(),
    nextAtom: () => atoms++,
    skipAtoms: (n) => void (atoms += n),
    get atomCount() {
      return atoms;
    },
  };
}

/** Bring a quantity expression to `target`, folding literals exactly. */
export function convert(v: Lowered, target: UnitInfo): IrExpr {
  if (!v.unit) throw new LoweringError('expected a quantity');
  const f = conversionFactor(v.unit, target);
  if (!f) throw new LoweringError(`cannot convert ${v.unit.code} to ${target.code}`);
  if (v.expr.kind === 'quantity') {
    const value = boundedExact(Rational.parse(v.expr.value).mul(f), `a value converted to ${target.code}`);
    return { kind: 'quantity', value, unit: target.code, dimension: target.dimension };
  }
  if (f.eq(Rational.ONE)) return v.expr;
  return { kind: 'scale', arg: v.expr, factor: boundedExact(f, `the factor from ${v.unit.code} to ${target.code}`), unit: target.code, dimension: target.dimension };
}
