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
}

export interface GroupGapOptions {
  /** Most cells explored (default 256). */
  readonly maxCells?: number;
  readonly ranges?: PlausibleRanges;
}

/** Where no rule of a group (`members`, fire conditions) is true and none unknown, inside `scope`. */
export function groupGaps(analyzer: Analyzer, scope: IrExpr | undefined, members: readonly IrExpr[], options: GroupGapOptions = {}): GroupGapReport {
  const maxCells = options.maxCells ?? 256;
  const report = regions(analyzer.program, [...(scope ? [scope] : []), ...members], { maxCells, now: analyzer.now, ...(options.ranges ? { ranges: options.ranges } : {}) });
  let dnfs: Dnf[];
  try {
    dnfs = [...(scope ? [analyzer.compile({ expr: scope, want: 'true' })] : []), ...members.map((m) => analyzer.compile({ expr: m, want: 'false' }))];
  } catch (e) {
    if (e instanceof AnalysisLimit) return { gaps: [], incomplete: e.message };
    throw e;
  }
  let incomplete = report.complete ? undefined : `${report.summary}`;
  const found: { pieces: number[]; witness: GroupGap['witness'] }[] = [];
  const pieceIndex = report.axes.map((a) => new Map(a.pieces.map((p, i) => [p, i] as const)));
  for (const cell of report.cells) {
    let r;
    try {
      r = analyzer.solveCompiled([{ conjs: [cell.constraint], dead: [] }, ...dnfs]);
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
