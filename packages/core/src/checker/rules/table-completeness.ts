// Warns about each combination of input values (every input present) that no row of a decision table matches, with a witness patient: the table decides nothing for such a patient.
import { analyzerFor, type Goal } from '../../analysis/solver.js';
import { irTables, rowCondition } from '../../analysis/tables.js';
import { codes } from '../../diagnostics/codes.js';
import type { IrAtom, IrExpr, IrFact, IrProgram } from '../../ir/ir.js';
import { Rational } from '../../units/rational.js';
import { irAtomInputs } from '../../ir/walk.js';
import type { CheckerRule } from '../rule.js';
import { at } from './unreachable-rule.js';

/** Most combinations of pieces tried per table, and most gaps reported per table. */
const MAX_COMBINATIONS = 512;
const MAX_REPORTS = 24;

interface Piece {
  readonly description: string;
  readonly expr: IrExpr;
}

interface Axis {
  readonly fact: string;
  readonly pieces: readonly Piece[];
}

/**
 * The pieces one input splits into: each enum value, true and false, or the intervals
 * between the quantity bounds the rows name. Undefined for an input that is no fact
 * (or one whose values are not enumerable, such as codes): the solver then picks its value.
 */
function piecesOf(fact: IrFact, atoms: readonly IrAtom[], next: () => number): Piece[] | undefined {
  const subject: IrExpr = { kind: 'fact', ref: { fact: fact.name, part: 'value' }, type: fact.type };
  const location = fact.location;
  // A column every row leaves `-` splits nothing.
  const read = atoms.some((a) => irAtomInputs(a).includes(fact.name));
  if (!read) return undefined;
  if (fact.type.kind === 'enum')
    return fact.type.values.map((v) => ({ description: `${fact.name} = ${v}`, expr: { kind: 'in', subject, values: [v], negated: false, atom: next(), text: `${fact.name} = ${v}`, location } }));
  if (fact.type.kind === 'boolean')
    return [true, false].map((v) => ({ description: `${fact.name} = ${v}`, expr: { kind: 'compare', op: '=', left: subject, right: { kind: 'boolean', value: v }, operandType: 'boolean', atom: next(), text: `${fact.name} = ${v}`, location } }));
  if (fact.type.kind !== 'quantity') return undefined;
  const { unit, dimension } = fact.type;
  const cuts = new Map<string, Rational>();
  for (const a of atoms) {
    if (a.kind !== 'compare' || a.operandType !== 'quantity' || a.right.kind !== 'quantity') continue;
    if (a.left.kind !== 'fact' || a.left.ref.fact !== fact.name || a.left.ref.part !== 'value') continue;
    const v = Rational.tryParse(a.right.value);
    if (v) cuts.set(v.toExact(), v);
  }
  if (cuts.size === 0) return undefined;
  const points = [...cuts.values()].sort((x, y) => x.cmp(y));
  const q = (v: Rational): IrExpr => ({ kind: 'quantity', value: v.toExact(), unit, dimension });
  const cmp = (op: '<' | '=' | '>', v: Rational): IrExpr => ({ kind: 'compare', op, left: subject, right: q(v), operandType: 'quantity', atom: next(), text: `${fact.name} ${op} ${v.toExact()} ${unit}`, location });
  const suffix = unit === '1' ? '' : ` ${unit}`;
  // Below the first bound, each bound itself, between bounds, above the last: every value is in one piece.
  const pieces: Piece[] = [{ description: `${fact.name} < ${points[0]!.toExact()}${suffix}`, expr: cmp('<', points[0]!) }];
  points.forEach((p, i) => {
    pieces.push({ description: `${fact.name} = ${p.toExact()}${suffix}`, expr: cmp('=', p) });
    const hi = points[i + 1];
    if (hi) pieces.push({ description: `${fact.name} in (${p.toExact()}, ${hi.toExact()})${suffix}`, expr: { kind: 'and', args: [cmp('>', p), cmp('<', hi)] } });
  });
  pieces.push({ description: `${fact.name} > ${points[points.length - 1]!.toExact()}${suffix}`, expr: cmp('>', points[points.length - 1]!) });
  return pieces;
}

function* combinations(axes: readonly Axis[]): Iterable<Piece[]> {
  const idx = axes.map(() => 0);
  if (axes.some((a) => a.pieces.length === 0)) return;
  for (;;) {
    yield axes.map((a, i) => a.pieces[idx[i]!]!);
    let k = axes.length - 1;
    while (k >= 0 && ++idx[k]! === axes[k]!.pieces.length) idx[k--] = 0;
    if (k < 0) return;
  }
}

export const tableCompleteness: CheckerRule = {
  name: 'table-completeness',
  phase: 'logic',
  check(ctx) {
    const ir = ctx.ir;
    if (!ir) return;
    const analyzer = analyzerFor(ir);
    let next = ir.atomCount + 3_000_000;
    for (const t of irTables(ctx.model, ir)) {
      const facts = columnFacts(ir, t.decl.columns.map((c) => (c.kind === 'NameRef' ? c.name.value : undefined)));
      const atoms = t.rows.flatMap((r) => [...analyzer.normal.atomsOf(rowCondition(r)).values()]);
      const axes: Axis[] = facts.flatMap((f) => {
        const pieces = f ? piecesOf(f, atoms, () => next++) : undefined;
        return f && pieces ? [{ fact: f.name, pieces }] : [];
      });
      const size = axes.reduce((n, a) => n * a.pieces.length, 1);
      const base: Goal[] = [...(t.when ? [{ expr: t.when, want: 'true' as const }] : []), ...t.rows.map((r) => ({ expr: rowCondition(r), want: 'false' as const }))];
      const report = (region: string, witness: { text: string; facts: Readonly<Record<string, unknown>> }) =>
        ctx.report(codes.tableGap, at({ uri: t.uri, start: t.decl.header.start, end: t.decl.header.end }), { table: t.decl.id.value, region, witness: witness.text }, {
          data: { table: t.decl.id.value, region, witness: witness.facts, witnessText: witness.text },
        });
      if (size > MAX_COMBINATIONS || axes.length === 0) {
        // Too many combinations to name one by one: one patient the table misses, if any.
        const r = analyzer.solve(base);
        if (r.status === 'sat' && !r.approximate) report('some patients', r.witness);
        continue;
      }
      // A row whose cells read only split inputs is true on the whole of a combination or on
      // none of it (the pieces are cut at the rows' own bounds): one small solve per row
      // settles it. Only rows that read other inputs go into the joint solve, whose size
      // grows with every row in it.
      const split = new Set(axes.map((a) => a.fact));
      const whenAtoms = new Set(t.when ? [...analyzer.normal.atomsOf(t.when).keys()] : []);
      const uniform = t.rows.map((r) => [...analyzer.normal.atomsOf(rowCondition(r)).values()].filter((a) => !whenAtoms.has(a.atom)).every((a) => irAtomInputs(a).every((i) => split.has(i))));
      const within = (combo: readonly Piece[]): Goal[] => [...combo.map((p) => ({ expr: p.expr, want: 'true' as const })), ...(t.when ? [{ expr: t.when, want: 'true' as const }] : [])];
      let reported = 0;
      for (const combo of combinations(axes)) {
        if (reported >= MAX_REPORTS || ctx.full) break;
        const candidates = t.rows.filter((row) => analyzer.solve([...within(combo), { expr: rowCondition(row), want: 'true' }]).status !== 'unsat');
        if (candidates.some((row) => uniform[t.rows.indexOf(row)])) continue;
        const r = analyzer.solve([...within(combo), ...candidates.map((row) => ({ expr: rowCondition(row), want: 'false' as const }))]);
        if (r.status !== 'sat' || r.approximate) continue;
        report(combo.map((p) => p.description).join(', '), r.witness);
        reported++;
      }
    }
  },
};

/** The fact each column reads directly (undefined for a column that is an expression or a definition). */
function columnFacts(ir: IrProgram, names: readonly (string | undefined)[]): (IrFact | undefined)[] {
  const facts = new Map(ir.facts.map((f) => [f.name, f]));
  return names.map((n) => (n === undefined ? undefined : facts.get(n)));
}
