// What a decision table means: one rule per row, `ID.rowN`, whose `when` is the table's
// `when` and every cell's test on its column, and whose overrides carry the hit policy.
// Everything after the parser (the model, the checker, lowering, every back end) reads
// these rules, so a row behaves exactly as the rule written out by hand would.
import { ACTION_RANK } from '@vigil/runtime';
import type { CellTest, Declaration, Expr, Name, OverrideItem, Range, RuleDecl, TableCell, TableDecl, TableRow } from './ast.js';

/** The hit policies, as DMN names them. */
export const HIT_POLICIES = ['unique', 'first', 'priority', 'collect'] as const;
export type HitPolicy = (typeof HIT_POLICIES)[number];

/** The policy a table declares; `unique` when it declares none (or one the checker rejects). */
export function hitPolicy(t: TableDecl): HitPolicy {
  const h = t.hit?.value;
  return (HIT_POLICIES as readonly string[]).includes(h ?? '') ? (h as HitPolicy) : 'unique';
}

/** The rule id of a table's row, 1-based: `AZA-PGX.row3`. */
export function tableRowId(table: string, index: number): string {
  return `${table}.row${index + 1}`;
}

/** The row a rule id names, if it is a row id: `{ table, index }` (0-based). */
export function parseRowId(id: string): { readonly table: string; readonly index: number } | undefined {
  const m = /^(.*)\.row([1-9][0-9]*)$/.exec(id);
  return m ? { table: m[1]!, index: Number(m[2]) - 1 } : undefined;
}

/**
 * An atom built from a cell has no source text of its own (its column is in the header):
 * its text for explanations is the column's text and the test's, joined by lowering.
 */
export const cellAtomText = new WeakMap<Expr, (slice: (r: Range) => string) => string>();

/** Most severe action of a row (lowest rank): what `priority` ranks rows by. */
export function rowRank(row: TableRow): number {
  return Math.min(...row.actions.map((a) => ACTION_RANK[a.verb]));
}

function span(a: Range, b: Range): Range {
  return { start: a.start, end: b.end };
}

function testExprs(column: Expr, t: CellTest): Expr[] {
  const text = (e: Expr, f: (slice: (r: Range) => string) => string): Expr => {
    cellAtomText.set(e, f);
    return e;
  };
  switch (t.kind) {
    case 'CellIn': {
      const e: Expr = { kind: 'InExpr', subject: column, negated: t.negated, values: t.values, range: t.range };
      const single = !t.values.braced && t.values.items.length === 1;
      return [text(e, (s) => `${s(column.range)} ${t.negated ? (single ? '!=' : 'not in') : single ? '=' : 'in'} ${s(t.values.range)}`)];
    }
    case 'CellIncludes':
      return [text({ kind: 'IncludesExpr', subject: column, values: t.values, range: t.range }, (s) => `${s(column.range)} ${s(t.range)}`)];
    case 'CellCompare':
      return [
        text({ kind: 'CompareExpr', op: t.op, opRange: t.opRange ?? t.range, left: column, right: t.value, range: t.range }, (s) =>
          t.opRange ? `${s(column.range)} ${s(t.range)}` : `${s(column.range)} = ${s(t.value.range)}`,
        ),
      ];
    case 'CellRange':
      return [
        text({ kind: 'CompareExpr', op: '>=', opRange: t.low.range, left: column, right: t.low, range: t.low.range }, (s) => `${s(column.range)} >= ${s(t.low.range)}`),
        text({ kind: 'CompareExpr', op: '<=', opRange: t.high.range, left: column, right: t.high, range: t.high.range }, (s) => `${s(column.range)} <= ${s(t.high.range)}`),
      ];
    case 'CellPresence':
      return [text({ kind: 'PresenceExpr', subject: column, missing: t.missing, range: t.range }, (s) => `${s(column.range)} is ${t.missing ? 'missing' : 'present'}`)];
  }
}

/** The conditions a cell puts on its column (none for `-`). */
export function cellConditions(column: Expr, cell: TableCell): Expr[] {
  return cell.tests.flatMap((t) => testExprs(column, t));
}

function conjunction(parts: readonly Expr[]): Expr | undefined {
  let out: Expr | undefined;
  for (const p of parts) out = out ? { kind: 'LogicalExpr', op: 'and', left: out, right: p, range: span(out.range, p.range) } : p;
  return out;
}

const expanded = new WeakMap<TableDecl, readonly RuleDecl[]>();

/**
 * The rules a table means, one per row, in row order (kept with the table: the same
 * objects every time, as the model and lowering compare declarations by identity).
 * `first`: each row overrides every later row; `priority`: each row overrides the rows
 * whose most severe action ranks below its own; `unique` and `collect`: no overrides.
 * A cell beyond the header's columns is left out (the checker reports the row).
 */
export function tableRules(t: TableDecl): readonly RuleDecl[] {
  let rules = expanded.get(t);
  if (rules) return rules;
  const policy = hitPolicy(t);
  const ids = t.rows.map((r, i): Name => ({ kind: 'Name', value: tableRowId(t.id.value, i), range: r.cellsRange }));
  const ranks = t.rows.map(rowRank);
  const tableGroup: Name = { kind: 'Name', value: t.id.value, range: t.id.range };
  rules = t.rows.map((row, i): RuleDecl => {
    const conditions: Expr[] = t.when ? [t.when] : [];
    row.cells.forEach((cell, c) => {
      const column = t.columns[c];
      if (column) conditions.push(...cellConditions(column, cell));
    });
    const overridden = ids.filter((_, j) => (policy === 'first' ? j > i : policy === 'priority' ? ranks[i]! < ranks[j]! : false));
    const overrideItems = overridden.map((o): OverrideItem => ({ kind: 'OverrideItem', actions: [], name: { ...o, range: row.cellsRange }, except: [], range: row.cellsRange }));
    return {
      kind: 'RuleDecl',
      id: ids[i]!,
      title: t.title ? { ...t.title, value: `${t.title.value} (row ${i + 1})` } : undefined,
      sources: row.sources.length > 0 ? row.sources : t.sources,
      strength: row.strength ?? t.strength,
      groups: [...t.groups, tableGroup],
      overrides: overrideItems.map((o) => o.name),
      overrideItems,
      when: conjunction(conditions),
      unless: [],
      actions: row.actions,
      range: row.range,
    };
  });
  expanded.set(t, rules);
  return rules;
}

/** Declarations with each table replaced by its rows' rules: for passes that read rules. */
export function* withTableRules(declarations: readonly Declaration[]): Iterable<Declaration> {
  for (const d of declarations) {
    if (d.kind === 'TableDecl') yield* tableRules(d);
    else yield d;
  }
}
