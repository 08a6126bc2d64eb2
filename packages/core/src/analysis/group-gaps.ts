// Gaps of a group over its joint condition space: the region engine (the one `vigil diff`
// explores the patient space with) splits every fact the group's conditions read at every
// threshold they mention; a cell is a gap when some patient in it meets the group's scope
// while every rule of the group is definitely false (an unknown rule is not evaluable,
// which is not a gap). Adjacent gap cells that together take every piece of one axis are
// merged, so a gap reads `standard_dose = 2 mg/kg/d`, not once per value of an unrelated fact.
import type { IrExpr } from '../ir/ir.js';
import { AnalysisLimit, type Dnf } from './normal-form.js';
import type { PlausibleRanges } from './plausible.js';
import { regions } from './regions.js';
import type { Analyzer } from './solver.js';

export interface GroupGap {
  /** The region, as conditions on the facts it restricts (`injurious_dose = 50 mg/d`). */
  readonly region: string;
  /** A patient in it whom no rule of the group decides. */
  readonly witness: { readonly facts: Readonly<Record<string, unknown>>; readonly text: string };
}

export interface GroupGapReport {
  readonly gaps: readonly GroupGap[];
  /** Why the search stopped short (cells or solver steps over their budget); absent when it was complete. */
  readonly incomplete?: string;
  /** Cells or combinations of conditions examined (each a few small solves): what the search cost, for a budget over many groups. */
  readonly cost: number;
}

export interface GroupGapOptions {
  /** Most cells explored (default 256). */
  readonly maxCells?: number;
  readonly ranges?: PlausibleRanges;
}

export interface GroupGapInput {
  /** The conditions every rule of the group shares: gaps are looked for where it holds. */
  readonly scope: IrExpr | undefined;
  /** Each rule's whole fire condition (`when` and not its `unless`es). */
  readonly fires: readonly IrExpr[];
  /** Each rule's condition beyond the scope, as conjuncts (an `unless u` as `not u`). */
  readonly rests: readonly (readonly IrExpr[])[];
  /** A conjunct as source text. */
  describe(e: IrExpr): string;
}

/** An expression's shape without atom ids and locations: two rules' copies of one condition compare equal. */
export function exprShape(e: IrExpr): string {
  return JSON.stringify(e, (k, v: unknown) => (k === 'atom' || k === 'location' ? undefined : v));
}

/**
 * Where no rule of a group is true and none unknown, inside its scope. One solve first: a
 * complete group costs no enumeration. Then the facts the rules divide between them (their
 * conditions without the scope) are split at every threshold, so a region names only
 * those facts (`standard_dose = 2 mg/kg/d`) and the scope holds in every witness. When that
 * space is over the budget (conditions through definitions that read many facts), the rules'
 * own conditions are the axes instead, each true, false or unknown
 * (`not withdrawal_criteria_met, has_aih`).
 */
export function groupGaps(analyzer: Analyzer, input: GroupGapInput, options: GroupGapOptions = {}): GroupGapReport {
  const maxCells = options.maxCells ?? 256;
  const { scope, fires } = input;
  let dnfs: Dnf[];
  try {
    dnfs = [...(scope ? [analyzer.compile({ expr: scope, want: 'true' })] : []), ...fires.map((m) => analyzer.compile({ expr: m, want: 'false' }))];
    const any = analyzer.solveCompiled(dnfs);
    if (any.status === 'unsat') return { gaps: [], cost: 1 };
    if (any.status === 'inconclusive') return { gaps: [], incomplete: any.reason, cost: 1 };
  } catch (e) {
    if (e instanceof AnalysisLimit) return { gaps: [], incomplete: e.message, cost: 1 };
    throw e;
  }
  const report = regions(analyzer.program, input.rests.flat(), { maxCells, now: analyzer.now, ...(options.ranges ? { ranges: options.ranges } : {}) });
  if (!report.complete) return conditionGaps(analyzer, input, dnfs.slice(0, scope ? 1 : 0), Math.min(maxCells, 64));
  let incomplete: string | undefined;
  const found: { pieces: number[]; witness: GroupGap['witness'] }[] = [];
  const pieceIndex = report.axes.map((a) => new Map(a.pieces.map((p, i) => [p, i] as const)));
  // Inside a cell every condition over one fact part has one value, so with nothing left
  // unsplit each rule is false in the whole cell or nowhere in it: one small solve per rule
  // (most cells stop at the first), then the scope, instead of one solve over every
  // combination of the rules' cases.
  const pure = report.unsplit.length === 0;
  let rests: Dnf[] = [];
  if (pure) {
    try {
      rests = input.rests.map((rest) => analyzer.compile({ expr: rest.length === 1 ? rest[0]! : { kind: 'and', args: [...rest] }, want: 'false' }));
    } catch (e) {
      if (!(e instanceof AnalysisLimit)) throw e;
      rests = [];
    }
  }
  const scopeDnfs = dnfs.slice(0, scope ? 1 : 0);
  for (const cell of report.cells) {
    const inCell: Dnf = { conjs: [cell.constraint], dead: [] };
    let r;
    try {
      if (rests.length > 0) {
        let allFalse = true;
        for (const rest of rests) {
          if (analyzer.solveCompiled([inCell, rest]).status !== 'sat') {
            allFalse = false;
            break;
          }
        }
        if (!allFalse) continue;
        r = analyzer.solveCompiled([inCell, ...scopeDnfs]);
      } else {
        r = analyzer.solveCompiled([inCell, ...dnfs]);
      }
    } catch (e) {
      if (!(e instanceof AnalysisLimit)) throw e;
      incomplete ??= e.message;
      continue;
    }
    if (r.status === 'inconclusive') incomplete ??= r.reason;
    // An approximate answer (opaque conditions) is no proof of a gap: it is left out.
    if (r.status !== 'sat' || r.approximate) continue;
    found.push({ pieces: cell.conditions.map((c, k) => pieceIndex[k]!.get(c)!), witness: { facts: r.witness.facts, text: r.witness.text } });
  }
  const merged = merge(found, report.axes.map((a) => a.pieces.length));
  return {
    gaps: merged.map((g) => ({
      region: g.pieces.flatMap((p, k) => (p < 0 ? [] : [report.axes[k]!.pieces[p]!])).join(', ') || 'every patient',
      witness: g.witness,
    })),
    ...(incomplete ? { incomplete } : {}),
    cost: 1 + report.cells.length,
  };
}

const TRUTHS = ['true', 'false', 'unknown'] as const;

/** Gaps over the rules' own conditions: each distinct conjunct an axis of three values. */
function conditionGaps(analyzer: Analyzer, input: GroupGapInput, scope: readonly Dnf[], maxSolves: number): GroupGapReport {
  const axes: IrExpr[] = [];
  const index = new Map<string, number>();
  // `x` and `not x` are one axis: the rule with `not x` is false where x is true.
  const members = input.rests.map((rest) =>
    rest.map((c) => {
      const neg = c.kind === 'not';
      const base = neg ? c.arg : c;
      const k = exprShape(base);
      if (!index.has(k)) index.set(k, axes.push(base) - 1);
      return { k: index.get(k)!, falseAt: neg ? 0 : 1 };
    }),
  );
  if (axes.length > 8) return { gaps: [], incomplete: `its rules divide ${axes.length} conditions between them, more than the 8 analysed`, cost: 1 };
  let solves = 0;
  let incomplete: string | undefined;
  const found: { pieces: number[]; witness: GroupGap['witness'] }[] = [];
  for (let n = 0; n < 3 ** axes.length; n++) {
    const pieces = axes.map((_, k) => Math.floor(n / 3 ** (axes.length - 1 - k)) % 3);
    // Kleene conjunction: a rule is false as soon as one of its conjuncts is.
    if (!members.every((m) => m.some((c) => pieces[c.k] === c.falseAt))) continue;
    if (solves++ >= maxSolves) {
      incomplete = `more than ${maxSolves} combinations of its rules' conditions`;
      break;
    }
    let r;
    try {
      r = analyzer.solveCompiled([...scope, ...axes.map((e, k) => analyzer.compile({ expr: e, want: TRUTHS[pieces[k]!]! }))]);
    } catch (e) {
      if (!(e instanceof AnalysisLimit)) throw e;
      incomplete ??= e.message;
      continue;
    }
    if (r.status === 'inconclusive') incomplete ??= r.reason;
    if (r.status !== 'sat' || r.approximate) continue;
    found.push({ pieces, witness: { facts: r.witness.facts, text: r.witness.text } });
  }
  const text = (k: number, p: number): string => {
    const t = input.describe(axes[k]!);
    return p === 0 ? t : p === 1 ? (/^[\w.]+$/.test(t) ? `not ${t}` : `not (${t})`) : `${t} unknown`;
  };
  return {
    gaps: merge(found, axes.map(() => 3)).map((g) => ({ region: g.pieces.flatMap((p, k) => (p < 0 ? [] : [text(k, p)])).join(', ') || 'every patient', witness: g.witness })),
    ...(incomplete ? { incomplete } : {}),
    cost: 1 + solves,
  };
}

/** Merges cells that agree on every other axis and together take every piece of one axis (`-1`: any piece). */
function merge<T extends { pieces: number[] }>(cells: readonly T[], sizes: readonly number[]): T[] {
  let out = [...cells];
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = 0; k < sizes.length; k++) {
      const byRest = new Map<string, T[]>();
      for (const c of out) {
        if (c.pieces[k] === -1) continue;
        const rest = c.pieces.map((p, j) => (j === k ? '*' : String(p))).join(',');
        const list = byRest.get(rest) ?? [];
        list.push(c);
        byRest.set(rest, list);
      }
      for (const list of byRest.values()) {
        if (new Set(list.map((c) => c.pieces[k])).size !== sizes[k]) continue;
        const first = list[0]!;
        const joined = { ...first, pieces: first.pieces.map((p, j) => (j === k ? -1 : p)) };
        out = [...out.filter((c) => !list.includes(c)), joined];
        changed = true;
      }
    }
  }
  return out.sort((a, b) => cellOrder(a.pieces, b.pieces));
}

function cellOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
