// Region enumeration: split each fact part's domain at every threshold the conditions
// mention (quantity cut points with their open/closed ends, days since a date, enum
// values, code and text constants, set terms, missing/present) and list the cells of
// the product, each as readable conditions with a representative patient. Within one
// cell every atom that reads a single fact part has one value, so evaluating the
// representative tells what the whole cell does. Relations between facts
// (`alt >= 5 x baseline`) and opaque atoms are not split on: they are listed in
// `unsplit`, and cells may be mixed on them. The cell count is bounded; the report says
// how much was explored.
import type { IrAtom, IrExpr, IrProgram } from '../ir/ir.js';
import { Rational } from '../units/rational.js';
import { constantForm, subForms, variableForm } from './linear.js';
import { pickNice, type Interval } from './nice.js';
import { plausibleValue, type PlausibleBounds, type PlausibleRanges } from './plausible.js';
import { literal, type Conj, type Literal, type LiteralBody } from './normal-form.js';
import type { PartInfo } from './parts.js';
import { Analyzer, type SolveOptions } from './solver.js';
import { buildWitness, formatQuantity, type Witness } from './witness.js';

export interface RegionOptions extends SolveOptions {
  /** Most cells listed (default 1000). */
  readonly maxCells?: number;
  /** Declared plausible ranges of quantity facts: representatives are chosen inside them. */
  readonly ranges?: PlausibleRanges;
}

export interface RegionAxis {
  /** Fact part key, as in a facts file (`alt_baseline`). */
  readonly part: string;
  /** The pieces its domain is split into, described: `wbc is missing`, `wbc < 2.5 10*9/L`, `wbc in [2.5, 3) 10*9/L`. */
  readonly pieces: readonly string[];
}

export interface RegionCell {
  /** Position in the enumeration (mixed radix over the axes, the last axis fastest). */
  readonly index: number;
  /** One piece per axis. */
  readonly conditions: readonly string[];
  /** The conditions joined with `, `. */
  readonly description: string;
  /** A patient inside the cell. */
  readonly patient: Witness;
  /** The cell as solver literals: ask `regionHolds` whether some condition can hold inside it. */
  readonly constraint: Conj;
}

export interface RegionReport {
  readonly axes: readonly RegionAxis[];
  readonly cells: readonly RegionCell[];
  /** Cells in the full product (may exceed what was listed). */
  readonly totalCells: number;
  readonly explored: number;
  readonly complete: boolean;
  /** `explored 24 of 24 cells` or `explored 1000 of 4096 cells; not explored: 3096 cells (indices 1000–4095)`. */
  readonly summary: string;
  /** Conditions not split on (relations between facts, opaque atoms), by source text. */
  readonly unsplit: readonly string[];
}

interface CellBuilder {
  present: Map<string, boolean>;
  numbers: Map<string, Rational>;
  values: Map<string, string>;
  members: Map<string, string[]>;
}

interface Piece {
  readonly description: string;
  apply(b: CellBuilder): void;
  /** The piece as literals over its part. */
  readonly literals: readonly Literal[];
}

const PIECE_ORIGIN = { atom: -1, text: 'region', value: 'true' as const };
const lit = (body: LiteralBody): Literal => literal(body, PIECE_ORIGIN);

type CutOp = '<' | '<=' | '>' | '>=' | '=' | '!=';

interface PartCuts {
  kind: 'numeric';
  cuts: Map<string, { value: Rational; lower: boolean; upper: boolean; point: boolean }>;
}
interface PartValues {
  kind: 'values';
  values: string[];
}
interface PartTerms {
  kind: 'terms';
  terms: string[];
}
interface PartPresence {
  kind: 'presence';
}
type Split = PartCuts | PartValues | PartTerms | PartPresence;

/**
 * Can every goal hold for some patient inside one of `cells` (of a report over
 * `analyzer`'s program)? `true` when the solver finds one, `false` when it proves none,
 * `undefined` when it cannot tell.
 */
export function regionHolds(analyzer: Analyzer, cells: readonly RegionCell[], goals: readonly { readonly expr: IrExpr; readonly want: 'true' | 'false' | 'unknown' }[]): boolean | undefined {
  let dnfs;
  try {
    dnfs = goals.map((g) => analyzer.compile(g));
  } catch {
    return undefined;
  }
  let unknown = false;
  for (const cell of cells) {
    const r = analyzer.solveCompiled([{ conjs: [cell.constraint], dead: [] }, ...dnfs]);
    if (r.status === 'sat') return true;
    if (r.status === 'inconclusive' || r.approximate) unknown = true;
  }
  return unknown ? undefined : false;
}

function flip(op: CutOp): CutOp {
  return op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
}

/** The cells of the patient space that `exprs` distinguish, with representatives. */
export function regions(program: IrProgram, exprs: readonly IrExpr[], options: RegionOptions = {}): RegionReport {
  const analyzer = new Analyzer(program, options);
  const nf = analyzer.normal;
  const atoms = new Map<number, IrAtom>();
  for (const e of exprs) nf.atomsOf(e, atoms);

  const splits = new Map<string, Split>();
  const unsplit: string[] = [];
  const get = <K extends Split['kind']>(part: string, kind: K): Extract<Split, { kind: K }> | undefined => {
    const cur = splits.get(part);
    if (!cur || cur.kind === 'presence') {
      const fresh: Split =
        kind === 'numeric' ? { kind: 'numeric', cuts: new Map() } : kind === 'values' ? { kind: 'values', values: [] } : kind === 'terms' ? { kind: 'terms', terms: [] } : { kind: 'presence' };
      splits.set(part, fresh);
      return fresh as Extract<Split, { kind: K }>;
    }
    return cur.kind === kind ? (cur as Extract<Split, { kind: K }>) : undefined;
  };
  const cut = (part: string, op: CutOp, value: Rational) => {
    const s = get(part, 'numeric');
    if (!s) return;
    const key = value.toExact();
    const c = s.cuts.get(key) ?? { value, lower: false, upper: false, point: false };
    // `< v` and `>= v` put v in the upper piece; `<= v` and `> v` in the lower one.
    if (op === '<' || op === '>=') c.upper = true;
    else if (op === '<=' || op === '>') c.lower = true;
    else c.point = true;
    s.cuts.set(key, c);
  };
  const addValue = (part: string, v: string) => {
    const s = get(part, 'values');
    if (s && !s.values.includes(v)) s.values.push(v);
  };
  const notSplit = (a: IrAtom) => {
    if (!unsplit.includes(a.text)) unsplit.push(a.text);
    for (const p of nf.partsOf(a)) if (!splits.has(p)) splits.set(p, { kind: 'presence' });
  };

  for (const a of [...atoms.values()].sort((x, y) => x.atom - y.atom)) {
    switch (a.kind) {
      case 'presence':
        if (!splits.has(analyzer.parts.resolve(a.ref).key)) splits.set(analyzer.parts.resolve(a.ref).key, { kind: 'presence' });
        break;
      case 'elapsed':
        cut(analyzer.parts.resolve(a.ref, { kind: 'datetime' }).key, a.op, Rational.parse(a.days));
        break;
      case 'in':
        if (a.subject.kind === 'fact' && a.subject.type.kind !== 'set' && a.subject.type.kind !== 'quantity') {
          const part = analyzer.parts.resolve(a.subject.ref, a.subject.type).key;
          for (const v of a.values) addValue(part, v);
        } else notSplit(a);
        break;
      case 'includes':
        if (a.subject.kind === 'fact' && a.subject.type.kind === 'set') {
          const s = get(analyzer.parts.resolve(a.subject.ref, a.subject.type).key, 'terms');
          if (s) for (const t of a.terms) if (!s.terms.includes(t.name)) s.terms.push(t.name);
        } else notSplit(a);
        break;
      case 'truth':
        if (a.arg.kind === 'fact' && a.arg.type.kind === 'boolean') get(analyzer.parts.resolve(a.arg.ref, a.arg.type).key, 'values');
        else if (a.arg.kind !== 'ref') notSplit(a);
        break;
      case 'compare': {
        if (a.operandType === 'quantity' || a.operandType === 'date') {
          const l = nf.linear(a.left);
          const r = nf.linear(a.right);
          const d = l && r ? subForms(l, r) : null;
          if (!d || d.terms.size !== 1) {
            if (d && d.terms.size === 0) break;
            notSplit(a);
            break;
          }
          const [part, coef] = [...d.terms][0]!;
          // coef·x + c op 0  →  x op' -c/coef
          const value = d.constant.neg().div(coef);
          cut(part, coef.sign() > 0 ? a.op : flip(a.op), value);
          break;
        }
        const constant = (e: IrExpr) => (e.kind === 'enumValue' || e.kind === 'text' ? e.value : e.kind === 'boolean' ? String(e.value) : undefined);
        const lc = constant(a.left);
        const rc = constant(a.right);
        const other = lc !== undefined ? a.right : a.left;
        const c = lc ?? rc;
        if (c !== undefined && other.kind === 'fact' && (a.op === '=' || a.op === '!=')) {
          const part = analyzer.parts.resolve(other.ref, other.type).key;
          if (other.type.kind === 'boolean') get(part, 'values');
          else addValue(part, c);
        } else if (!(lc !== undefined && rc !== undefined)) notSplit(a);
        break;
      }
    }
  }

  const axes: { info: PartInfo; pieces: Piece[] }[] = [];
  for (const [part, split] of splits) {
    const info = analyzer.parts.get(part);
    if (!info) continue;
    axes.push({ info, pieces: piecesOf(info, split, options.ranges) });
  }
  axes.sort((a, b) => a.info.order - b.info.order);

  const max = options.maxCells ?? 1000;
  const totalCells = axes.reduce((n, a) => n * a.pieces.length, 1);
  const explored = Math.min(totalCells, max);
  const cells: RegionCell[] = [];
  for (let index = 0; index < explored; index++) {
    const b: CellBuilder = { present: new Map(), numbers: new Map(), values: new Map(), members: new Map() };
    const conditions: string[] = new Array(axes.length);
    const constraint: Literal[] = [];
    let rest = index;
    for (let k = axes.length - 1; k >= 0; k--) {
      const axis = axes[k]!;
      const piece = axis.pieces[rest % axis.pieces.length]!;
      rest = Math.floor(rest / axis.pieces.length);
      piece.apply(b);
      conditions[k] = piece.description;
      constraint.push(...piece.literals);
    }
    cells.push({ index, conditions, description: conditions.join(', ') || 'every patient', patient: buildWitness(b, analyzer.parts, analyzer.now, false), constraint });
  }
  const complete = explored === totalCells;
  const summary = complete
    ? `explored ${explored} of ${totalCells} cells`
    : `explored ${explored} of ${totalCells} cells; not explored: ${totalCells - explored} cells (indices ${explored}–${totalCells - 1})`;
  return {
    axes: axes.map((a) => ({ part: a.info.key, pieces: a.pieces.map((p) => p.description) })),
    cells,
    totalCells,
    explored,
    complete,
    summary,
    unsplit,
  };
}

function piecesOf(info: PartInfo, split: Split, ranges: PlausibleRanges | undefined): Piece[] {
  const k = info.key;
  const name = info.display;
  const missing: Piece = { description: `${name} is missing`, apply: (b) => b.present.set(k, false), literals: [lit({ kind: 'presence', part: k, present: false })] };
  const present = (b: CellBuilder) => b.present.set(k, true);
  const isPresent = lit({ kind: 'presence', part: k, present: true });
  const oneOf = (values: readonly string[], negated = false) => [isPresent, lit({ kind: 'value', part: k, values, negated })];
  switch (split.kind) {
    case 'presence': {
      // A quantity read only as present still gets a plausible value in the representative.
      const value = info.domain === 'quantity' ? plausibleValue({ loStrict: true, hiStrict: true }, ranges?.get(info.fact)) : undefined;
      const apply = (b: CellBuilder) => (present(b), value && b.numbers.set(k, value));
      return [missing, { description: `${name} is present`, apply, literals: [isPresent] }];
    }
    case 'numeric':
      return [missing, ...numericPieces(info, split, info.domain === 'quantity' ? ranges?.get(info.fact) : undefined)];
    case 'values': {
      if (info.domain === 'boolean') {
        return [missing, ...['true', 'false'].map((v) => ({ description: `${name} = ${v}`, apply: (b: CellBuilder) => (present(b), b.values.set(k, v)), literals: oneOf([v]) }))];
      }
      const mentioned = info.values ? info.values.filter((v) => split.values.includes(v)) : split.values;
      const pieces: Piece[] = [missing, ...mentioned.map((v) => ({ description: `${name} = ${v}`, apply: (b: CellBuilder) => (present(b), b.values.set(k, v)), literals: oneOf([v]) }))];
      if (info.values) {
        const others = info.values.filter((v) => !split.values.includes(v));
        if (others.length > 0) {
          const description = others.length === 1 ? `${name} = ${others[0]}` : `${name} in { ${others.join(', ')} }`;
          pieces.push({ description, apply: (b) => (present(b), b.values.set(k, others[0]!)), literals: oneOf(others) });
        }
      } else {
        let fresh = 'other';
        for (let i = 2; split.values.includes(fresh); i++) fresh = `other_${i}`;
        pieces.push({ description: `${name} not in { ${split.values.join(', ')} }`, apply: (b) => (present(b), b.values.set(k, fresh)), literals: oneOf(split.values, true) });
      }
      return pieces;
    }
    case 'terms': {
      const pieces: Piece[] = [missing];
      const n = split.terms.length;
      for (let mask = 0; mask < 2 ** Math.min(n, 20); mask++) {
        const has = split.terms.filter((_, i) => (mask >> i) & 1);
        const parts = split.terms.map((t, i) => ((mask >> i) & 1 ? `includes ${t}` : `not ${t}`));
        const literals = [isPresent, ...split.terms.map((term, i) => lit({ kind: 'member', part: k, term, member: ((mask >> i) & 1) === 1 }))];
        pieces.push({ description: `${name} ${parts.join(', ')}`, apply: (b) => (present(b), b.members.set(k, has)), literals });
      }
      return pieces;
    }
  }
}

function numericPieces(info: PartInfo, split: PartCuts, range: PlausibleBounds | undefined): Piece[] {
  const k = info.key;
  const isDate = info.domain === 'date';
  const label = isDate ? `days since ${info.display}` : info.display;
  const unit = isDate ? undefined : info.unit;
  const fmt = (r: Rational) => formatQuantity(r, undefined);
  const suffix = unit && unit !== '1' ? ` ${unit}` : '';
  const cuts = [...split.cuts.values()].sort((a, b) => a.value.cmp(b.value));
  const intervals: Interval[] = [];
  let lo: Rational | undefined;
  let loStrict = true;
  for (const c of cuts) {
    const point = c.point || (c.lower && c.upper);
    // The interval below c: c belongs to it only when only the lower side owns c.
    const hiStrict = point || !c.lower;
    intervals.push({ ...(lo ? { lo } : {}), loStrict, hi: c.value, hiStrict });
    if (point) intervals.push({ lo: c.value, loStrict: false, hi: c.value, hiStrict: false });
    lo = c.value;
    loStrict = point || c.lower;
  }
  intervals.push({ ...(lo ? { lo } : {}), loStrict, hiStrict: true });
  return intervals.map((iv) => {
    let description: string;
    if (!iv.lo && !iv.hi) description = `${label} is present`;
    else if (!iv.lo) description = `${label} ${iv.hiStrict ? '<' : '<='} ${fmt(iv.hi!)}${suffix}`;
    else if (!iv.hi) description = `${label} ${iv.loStrict ? '>' : '>='} ${fmt(iv.lo)}${suffix}`;
    else if (iv.lo.eq(iv.hi)) description = `${label} = ${fmt(iv.lo)}${suffix}`;
    else description = `${label} in ${iv.loStrict ? '(' : '['}${fmt(iv.lo)}, ${fmt(iv.hi)}${iv.hiStrict ? ')' : ']'}${suffix}`;
    const value = isDate ? pickNice(iv, { integer: true, fallback: Rational.ZERO }) : plausibleValue(iv, range);
    const x = variableForm(k);
    const literals: Literal[] = [lit({ kind: 'presence', part: k, present: true })];
    // x - lo > 0 (or >= 0), hi - x > 0 (or >= 0).
    if (iv.lo) literals.push(lit({ kind: 'linear', form: subForms(x, constantForm(iv.lo)), op: iv.loStrict ? '>' : '>=' }));
    if (iv.hi) literals.push(lit({ kind: 'linear', form: subForms(constantForm(iv.hi), x), op: iv.hiStrict ? '>' : '>=' }));
    return {
      description,
      literals,
      apply: (b: CellBuilder) => {
        b.present.set(k, true);
        b.numbers.set(k, value);
      },
    };
  });
}
