// The IR of a checked rule set as one SQL query over the facts table: one output row per
// patient and rule outcome (fired, with one row per action; not evaluable; overridden).
//
// Semantics are the JavaScript engine's (packages/compiler/src/js):
// - three-valued logic is SQL's: a condition is a nullable BOOLEAN, NULL is unknown, and
//   AND, OR and NOT are Kleene's, as the engine's; no row is ever filtered on a condition;
// - quantities are exact: every quantity expression is a rational, a numerator and an
//   optional denominator of DECIMAL/NUMERIC (no denominator: 1), so `x / y` and `1 / 3`
//   stay exact and comparisons cross-multiply; a division by zero is unknown, as in the engine;
// - the evaluation time is bound parameter $1 (epoch milliseconds), never text;
// - codes match by spelling or by term class (a member name and its `system:code` pairs),
//   with the classes the engine derives (ProgramTables).
//
// The query is a chain of CTEs: the facts renamed to positional columns, then one CTE per
// dependency level adding the atoms and definitions whose inputs are ready, then each
// rule's status and missing facts, then the outcome rows.
import { ACTION_RANK, Rational, isIrAtom, type IrAtom, type IrExpr, type IrProgram, type IrRule, type IrType } from '@vigil/core';
import { ProgramTables, includesSpellings, membershipValues, normalizeCode } from '@vigil/compiler';
import { preludeHelpers } from '@vigil/runtime/prelude';
import type { Dialect } from './dialect.js';
import { decimalText, quoteIdent, quoteLiteral, SqlCompileError } from './quote.js';
import { ExplainBuilder, transport, type ExplainHost, type Occurrence, type Template, type Value } from './explain.js';
import { SqlTextWriter } from './explain-sql.js';
import { anchoredActions, anchoredInstants, type AnchoredAction } from './schedules.js';
import { actionOverrideInForce, actionOverrides, suppressorsOf } from './overrides.js';

/** The name of the facts table and of the outcomes table, unless the caller names them. */
export const FACTS_TABLE = 'vigil_facts';
export const OUTCOMES_TABLE = 'vigil_outcomes';

/** A quantity as SQL: numerator and denominator (null: the denominator is 1). */
interface Rat {
  readonly n: string;
  readonly d: string | null;
}

/** A computed column and the dependency level it is computed at. */
interface Column {
  readonly name: string;
  readonly sql: string;
  readonly level: number;
}

/** Tracks the deepest column an expression reads. */
interface Deps {
  level: number;
}

const SQL_OP = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' } as const;

export interface CompiledQuery {
  /** The SELECT of the outcome rows, ordered by patient, rule and action; $1 is the evaluation time in epoch milliseconds. */
  readonly select: string;
  readonly dialect: Dialect;
  /** With `explain`: per rule, the templates the summary's explanation parts fill (SummaryAssembler). */
  readonly explanations?: readonly RuleExplanation[];
}

/** The explanation of one rule as the summary carries it: per occurrence in its `when` tree, the atom and its text's template; per dose action with a calculation, its template. */
export interface RuleExplanation {
  readonly occurrences: readonly { readonly atom: number; readonly template: Template }[];
  readonly calcs: readonly { readonly action: number; readonly template: Template }[];
}

export interface CompileOptions {
  /** The facts table (default vigil_facts), quoted as given; `schema.table` is not split. */
  readonly factsTable?: string;
  /**
   * Explanations (`--explain`): the outcome rows carry each fired rule's explaining atoms,
   * their texts and its doses' calculations; the summary carries the values they need.
   */
  readonly explain?: boolean;
}

/**
 * What `vigil run` reads back: one row per patient (`pid`, `summary`), ordered by patient.
 * The summary is text: one status character per rule (0 not fired, 1 fired, 2 not
 * evaluable, 3 fired but overridden), one character per single-action override (1 in
 * force, overrides.ts), then, in rule order, `;` and a part for each rule
 * that is not evaluable (its missing inputs as `,slot` items, in the order of their keys)
 * and for each action with a dose of a rule that fired and is not overridden (the dose's
 * exact decimal texts joined by `|`, an empty text for NULL), then for each anchored
 * schedule of such a rule (the anchor's epoch milliseconds and its dates', joined by `|`,
 * schedules.ts). See summary.ts.
 */
export function compileSummaryQuery(ir: IrProgram, dialect: Dialect, options: CompileOptions = {}): CompiledQuery {
  refuseUnknownFields(ir);
  const c = new QueryCompiler(ir, dialect, options.explain === true);
  const select = c.compile(options.factsTable ?? FACTS_TABLE, 'summary');
  const explanations = c.plans?.map((p) => ({
    occurrences: p.occurrences.map((o) => ({ atom: o.atom, template: p.templates.get(o.atom)! })),
    calcs: [...p.calcs].sort((a, b) => a[0] - b[0]).map(([action, template]) => ({ action, template })),
  }));
  return { select, dialect, ...(explanations ? { explanations } : {}) };
}

/** The dose fields of one action, in the order the summary writes them: the rule's dose columns' names. */
export function summaryDoseFields(dose: DoseCols): (string | null)[] {
  return [...dose.low, ...(dose.high ?? []), ...(dose.standard ?? []), ...(dose.step ?? [])];
}

/** The input columns of the facts table: the input keys (`wbc`, `alt_uln`) with their types. */
export function factColumns(ir: IrProgram): { key: string; type: IrType; slot: number }[] {
  const t = new ProgramTables(ir);
  return t.inputs.map((k) => ({ key: k.key, type: k.fact.type, slot: k.slot }));
}

export function compileQuery(ir: IrProgram, dialect: Dialect, options: CompileOptions = {}): CompiledQuery {
  refuseUnknownFields(ir);
  return { select: new QueryCompiler(ir, dialect, options.explain === true).compile(options.factsTable ?? FACTS_TABLE), dialect };
}

/** The fields of rules, actions and doses this back end writes as the engine does. */
const KNOWN = {
  rule: new Set(['id', 'title', 'sources', 'strength', 'overrides', 'overrideActions', 'when', 'unless', 'actions', 'location']),
  action: new Set(['verb', 'targets', 'permanent', 'message', 'dose', 'schedule', 'anchor', 'location']),
  dose: new Set(['low', 'high', 'highExclusive', 'frequency', 'titration', 'ofStandard', 'unit', 'relative', 'rounding']),
};

/**
 * A rule, action or dose with a field this back end does not know (a construct added to
 * the language after it) is refused, naming the rule and the field: its decisions would
 * otherwise lack what the engine writes for it.
 */
function refuseUnknownFields(ir: IrProgram): void {
  const check = (what: keyof typeof KNOWN, o: object, rule: string): void => {
    for (const [k, v] of Object.entries(o)) {
      if (v !== undefined && !KNOWN[what].has(k)) throw new SqlCompileError(`rule ${JSON.stringify(rule)}: the SQL back end does not know the ${what} field ${JSON.stringify(k)}; run this rule set with the JS engine`);
    }
  };
  for (const r of ir.rules) {
    check('rule', r, r.id);
    for (const a of r.actions) {
      check('action', a, r.id);
      if (a.dose) check('dose', a.dose, r.id);
    }
  }
}

class QueryCompiler {
  private readonly t: ProgramTables;
  private readonly columns: Column[] = [];
  private readonly atomLevel = new Map<number, number>();
  /** Definitions: their column (and denominator column for quantities) and level. */
  private readonly defs = new Map<number, { level: number; den: boolean }>();
  private readonly now: string;
  /** After compile, with explanations: what each rule's explanation reads. */
  plans: readonly ExplainPlan[] | undefined;

  constructor(
    private readonly ir: IrProgram,
    private readonly dialect: Dialect,
    private readonly explain = false,
  ) {
    try {
      this.t = new ProgramTables(ir);
    } catch (error) {
      throw new SqlCompileError(error instanceof Error ? error.message : String(error));
    }
    // The evaluation time is a column of the first CTE, read from the one parameter.
    this.now = 'now_ms';
  }

  compile(factsTable: string, form: 'rows' | 'summary' = 'rows'): string {
    const ir = this.ir;
    // Definitions first, in dependency order, then every atom a rule reaches.
    ir.definitions.forEach((_, i) => this.definition(i));
    const rules = ir.rules.map((r, i) => this.rule(r, i));
    // Before the CTEs: the explanations' conditions may add atoms' columns.
    const plans = this.explain ? this.explanations(rules) : undefined;
    this.plans = plans;

    const ctes: string[] = [];
    const inputs = this.t.inputs.map((k) => `${quoteIdent(k.key)} AS f${k.slot}`);
    ctes.push(`l0 AS (SELECT patient_id AS pid, ${this.dialect.param(1, 'BIGINT')} AS now_ms${inputs.map((c) => `, ${c}`).join('')} FROM ${quoteIdent(factsTable)})`);
    const maxLevel = this.columns.reduce((m, c) => Math.max(m, c.level), 0);
    for (let level = 1; level <= maxLevel; level++) {
      const cols = this.columns.filter((c) => c.level === level);
      ctes.push(`l${level} AS (SELECT *${cols.map((c) => `,\n    ${c.sql} AS ${c.name}`).join('')}\n  FROM l${level - 1})`);
    }
    // Rule statuses before overrides: 1 fired, 0 not, 2 not evaluable; doses; missing facts.
    const ruleCols: string[] = [];
    // The summary computes missing facts and doses only where it writes them (not
    // evaluable, fired): the CASE around them keeps the other patients from paying.
    rules.forEach((r, i) => {
      ruleCols.push(`${r.status} AS s${i}`);
      if (form === 'summary') return;
      for (const [name, sql] of r.doseColumns) ruleCols.push(`${sql} AS ${name}`);
      ruleCols.push(`${r.missing} AS m${i}`);
      // Each anchored schedule's instants (the anchor's, then its dates'), as text.
      for (const { anchored, instants } of r.anchors) ruleCols.push(`${listOf(this.dialect, instants.map((x) => `CAST(${x} AS ${this.dialect.textType})`))} AS t${i}_${int(anchored.action)}`);
    });
    // Each rule's `when` and `unless` conditions once (rw), then its whole condition (rc):
    // the status, the missing facts and the doses read them by name.
    const wCols = rules.flatMap((r) => r.conditions);
    const cCols = rules.map((r, i) => `${r.condition} AS c${i}`);
    ctes.push(`rw AS (SELECT *${wCols.map(([n, sql]) => `,\n    ${sql} AS ${n}`).join('')}\n  FROM l${maxLevel})`);
    ctes.push(`rc AS (SELECT *${cCols.map((c) => `,\n    ${c}`).join('')}\n  FROM rw)`);
    let last = 'rc';
    if (plans && form === 'rows') {
      // The texts in SQL: their numbers are rounded in steps, one CTE each (explain-sql.ts).
      const writer = new SqlTextWriter(this.dialect);
      const cols = this.explanationColumns(plans, writer);
      writer.stages.forEach((stage, k) => {
        if (stage.length === 0) return;
        // Inlined, each step's expressions would be copied into every reference to them (on
        // PostgreSQL, past its memory limit): materialised, each is computed once.
        ctes.push(`e${k} AS MATERIALIZED (SELECT *${stage.map(([n, sql]) => `,\n    ${sql} AS ${n}`).join('')}\n  FROM ${last})`);
        last = `e${k}`;
      });
      ruleCols.push(...cols);
    }
    ctes.push(`r AS (SELECT ${form === 'summary' ? '*' : 'pid'}${ruleCols.map((c) => `,\n    ${c}`).join('')}\n  FROM ${last})`);

    // Overrides: a fired rule named by another fired rule is overridden (statuses before overrides).
    const index = new Map(ir.rules.map((r, i) => [r.id, i]));
    const by: number[][] = ir.rules.map(() => []);
    ir.rules.forEach((r, i) => {
      for (const o of r.overrides) {
        const j = index.get(o);
        if (j === undefined) throw new SqlCompileError(`rule ${JSON.stringify(r.id)} overrides the unknown rule ${JSON.stringify(o)}`);
        if (!by[j]!.includes(i)) by[j]!.push(i);
      }
    });
    const ovCols = ir.rules.map((_, i) => (by[i]!.length === 0 ? `FALSE AS o${i}` : `(s${i} = 1 AND (${by[i]!.map((b) => `s${b} = 1`).join(' OR ')})) AS o${i}`));
    // Materialised: every outcome branch below reads it. On PostgreSQL, also the summary
    // with explanations: inlined, every atom its explanations read would be computed again.
    ctes.push(`o AS ${form === 'rows' || (this.explain && this.dialect.name === 'postgres') ? 'MATERIALIZED ' : ''}(SELECT r.*${ovCols.map((c) => `,\n    ${c}`).join('')}\n  FROM r)`);
    const d = this.dialect;
    if (form === 'summary') return `WITH ${ctes.join(',\n')}\n${this.summarySelect(rules, plans)}`;

    // One branch per rule action (fired) and per rule (not evaluable or overridden). The
    // WHERE clauses test statuses, which are never NULL: no unknown is dropped here.
    const branches: string[] = [];
    const text = d.textType;
    const str = (s: string | null): string => (s === null ? `CAST(NULL AS ${text})` : `CAST(${quoteLiteral(s)} AS ${text})`);
    const intLit = (n: number | null): string => (n === null ? 'CAST(NULL AS INTEGER)' : `CAST(${int(n)} AS INTEGER)`);
    const empty = d.textList([]);
    const nullText = `CAST(NULL AS ${text})`;
    const columns = outcomeColumns(this.explain);
    const nullOf = (t: OutcomeColumnType) => `CAST(NULL AS ${columnType(d, t)})`;
    // Single-action overrides: a suppressed action has no fired row but an overridden one.
    const actionOv = actionOverrides(ir);
    const suppressors = suppressorsOf(actionOv);
    ir.rules.forEach((r, i) => {
      const anchored = new Set(rules[i]!.anchors.map((x) => x.anchored.action));
      const scheduleMs = (j: number): string => (anchored.has(j) ? `t${i}_${int(j)}` : empty);
      r.actions.forEach((a, j) => {
        const dose = rules[i]!.doses.get(j);
        const num = (x: string | null | undefined) => (x === undefined ? nullText : x === null ? str('1') : `CAST(${x} AS ${text})`);
        const explained = plans ? `, xa${i}, x${i}, ${plans[i]!.calcs.has(j) ? `xc${i}_${j}` : nullText}` : '';
        branches.push(
          `SELECT pid, ${intLit(i)}, ${intLit(j)}, ${str('fired')}, ${str(r.id)}, ${str(a.verb)}, ${intLit(rank(a.verb))}, ${d.textList(a.targets)}, ${str(a.dose ? a.dose.unit : null)}, ` +
            `${num(dose?.low[0])}, ${num(dose?.low[1])}, ${num(dose?.high?.[0])}, ${num(dose?.high?.[1])}, ${num(dose?.standard?.[0])}, ${num(dose?.standard?.[1])}, ${empty}, ${empty}, ${scheduleMs(j)}, ${num(dose?.step?.[0])}, ${num(dose?.step?.[1])}${explained} FROM o WHERE s${i} = 1 AND NOT o${i}${(suppressors.get(`${i}_${j}`) ?? []).map((k) => ` AND NOT ${actionOverrideInForce(actionOv[k]!)}`).join('')}`,
        );
      });
      const overriders = by[i]!.length === 0 ? empty : d.compact(`${listOf(d, by[i]!.map((b) => `CASE WHEN s${b} = 1 THEN ${str(ir.rules[b]!.id)} END`))}`);
      const unexplained = plans ? `, ${nullOf('intList')}, ${nullOf('list')}, ${nullText}` : '';
      branches.push(
        `SELECT pid, ${intLit(i)}, ${intLit(null)}, CASE WHEN s${i} = 2 THEN ${str('not evaluable')} ELSE ${str('overridden')} END, ${str(r.id)}, ${nullText}, ${intLit(null)}, ${empty}, ${nullText}, ` +
          `${nullText}, ${nullText}, ${nullText}, ${nullText}, ${nullText}, ${nullText}, CASE WHEN s${i} = 2 THEN m${i} ELSE ${empty} END, CASE WHEN o${i} THEN ${overriders} ELSE ${empty} END, ${empty}, ${nullText}, ${nullText}${unexplained} FROM o WHERE s${i} = 2 OR o${i}`,
      );
    });
    for (const ov of actionOv) {
      const r = ir.rules[ov.over]!;
      for (const j of ov.actions) {
        const a = r.actions[j]!;
        branches.push(
          `SELECT pid, ${intLit(ov.over)}, ${intLit(j)}, ${str('overridden')}, ${str(r.id)}, ${str(a.verb)}, ${intLit(rank(a.verb))}, ${d.textList(a.targets)}, ${nullText}, ` +
            `${nullText}, ${nullText}, ${nullText}, ${nullText}, ${nullText}, ${nullText}, ${empty}, ${d.textList([ir.rules[ov.by]!.id])}, ${empty}, ${nullText}, ${nullText}${plans ? `, ${nullOf('intList')}, ${nullOf('list')}, ${nullText}` : ''} FROM o WHERE ${actionOverrideInForce(ov)}`,
        );
      }
    }
    const names = columns.map((c) => c.name);
    const select =
      branches.length === 0
        ? `SELECT CAST(NULL AS BIGINT) AS patient_id${columns.slice(1).map((c) => `, ${nullOf(c.type)} AS ${c.name}`).join('')} WHERE FALSE`
        : `SELECT ${names.map((c, k) => `u.c${k} AS ${c}`).join(', ')}\nFROM (\n  ${branches.join('\n  UNION ALL\n  ')}\n) AS u(${names.map((_, k) => `c${k}`).join(', ')})\nORDER BY u.c0, u.c1, u.c2 NULLS FIRST`;
    return `WITH ${ctes.join(',\n')}\n${select}`;
  }

  /** One row per patient: the statuses and the parts of the summary (see compileSummaryQuery). */
  private summarySelect(rules: readonly { doses: Map<number, DoseCols>; doseColumns: [string, string][]; missingText: string; anchors: readonly { instants: readonly string[] }[] }[], plans: readonly ExplainPlan[] | undefined): string {
    const text = this.dialect.textType;
    const lit = (s: string): string => `CAST(${quoteLiteral(s)} AS ${text})`;
    const statuses = this.ir.rules.map((_, i) => `CASE WHEN o${i} THEN ${lit('3')} WHEN s${i} = 0 THEN ${lit('0')} WHEN s${i} = 1 THEN ${lit('1')} ELSE ${lit('2')} END`);
    // After the statuses, one character per single-action override: 1 when in force.
    for (const ov of actionOverrides(this.ir)) statuses.push(`CASE WHEN ${actionOverrideInForce(ov)} THEN ${lit('1')} ELSE ${lit('0')} END`);
    const parts: string[] = [];
    this.ir.rules.forEach((r, i) => {
      parts.push(`CASE WHEN s${i} = 2 THEN ${lit(';')} || ${rules[i]!.missingText} END`);
      const expr = new Map(rules[i]!.doseColumns);
      r.actions.forEach((_, j) => {
        const dose = rules[i]!.doses.get(j);
        if (!dose) return;
        const fields = summaryDoseFields(dose).map((f) => (f === null ? lit('1') : `COALESCE(CAST(${expr.get(f)!} AS ${text}), ${lit('')})`));
        parts.push(`CASE WHEN s${i} = 1 AND NOT o${i} THEN ${lit(';')} || ${fields.join(` || ${lit('|')} || `)} END`);
      });
      // After the doses, each anchored schedule: the anchor's epoch milliseconds, then its dates'.
      for (const { instants } of rules[i]!.anchors) {
        const fields = instants.map((x) => `CAST(${x} AS ${text})`);
        parts.push(`CASE WHEN s${i} = 1 AND NOT o${i} THEN ${lit(';')} || ${fields.join(` || ${lit('|')} || `)} END`);
      }
      if (!plans) return;
      // Explanations: per occurrence of an atom in the tree, `x` and the values of its text
      // where it explains, nothing elsewhere, joined by `|`; then per dose with a
      // calculation, the values of its text (explain.ts, transport).
      const p = plans[i]!;
      const items = p.occurrences.map((o) => {
        const t = p.templates.get(o.atom)!;
        return `CASE WHEN ${o.explains} THEN ${t.slots === 0 ? lit('x') : `${lit('x,')} || ${transport(this.dialect, t)}`} ELSE ${lit('')} END`;
      });
      const joined = items.length === 0 ? lit('') : concat(items.flatMap((x, k) => (k === 0 ? [x] : [lit('|'), x])), lit(''));
      parts.push(`COALESCE(CASE WHEN s${i} = 1 AND NOT o${i} THEN ${lit(';')} || ${joined} END, ${lit('')})`);
      for (const [, t] of [...p.calcs].sort((a, b) => a[0] - b[0])) parts.push(`COALESCE(CASE WHEN s${i} = 1 AND NOT o${i} THEN ${lit(';')} || ${transport(this.dialect, t)} END, ${lit('')})`);
    });
    return `SELECT pid, ${concat([...statuses, ...parts], lit(''))} AS summary\nFROM o\nORDER BY pid`;
  }

  // ---- explanations (explain.ts)

  /** Per rule: the occurrences of atoms in its `when` tree, their texts' templates, and its doses' calculations. */
  private explanations(rules: readonly { doses: Map<number, DoseCols>; doseColumns: [string, string][] }[]): ExplainPlan[] {
    const host: ExplainHost = {
      t: this.t,
      dialect: this.dialect,
      now: this.now,
      cond: (e) => this.cond(e, { level: 0 }),
      value: (e) => this.value(e, { level: 0 }),
      quantity: (e) => this.quantity(e, { level: 0 }),
    };
    const b = new ExplainBuilder(host);
    return this.ir.rules.map((r, i) => {
      const occurrences = b.occurrences(r.when);
      const templates = new Map<number, Template>();
      for (const o of occurrences) {
        const a = this.t.atoms[o.atom];
        if (!a) throw new SqlCompileError(`rule ${JSON.stringify(r.id)}: unknown atom ${o.atom}`);
        templates.set(o.atom, b.atom(a));
      }
      const exprs = new Map(rules[i]!.doseColumns);
      const calcs = new Map<number, Template>();
      r.actions.forEach((a, j) => {
        const dose = rules[i]!.doses.get(j);
        if (!a.dose || !dose) return;
        const val = (c: [string, string | null]): Value => ({ kind: 'rat', n: exprs.get(c[0])!, d: c[1] === null ? null : exprs.get(c[1])! });
        const t = b.doseCalculation(a.dose, { low: val(dose.low), ...(dose.high ? { high: val(dose.high) } : {}), ...(dose.standard ? { standard: val(dose.standard) } : {}) });
        if (t) calcs.set(j, t);
      });
      return { occurrences, templates, calcs };
    });
  }

  /** The outcome rows' explanation columns per rule (x: texts, xa: atoms, xc: calculations), computed only where the rule's condition holds. */
  private explanationColumns(plans: readonly ExplainPlan[], writer: SqlTextWriter): string[] {
    const d = this.dialect;
    // Each atom's text once, where any rule quoting it holds.
    const quoting = new Map<number, Set<number>>();
    plans.forEach((p, i) => {
      for (const o of p.occurrences) (quoting.get(o.atom) ?? quoting.set(o.atom, new Set()).get(o.atom)!).add(i);
    });
    const texts = new Map<number, string>();
    plans.forEach((p) => {
      for (const o of p.occurrences) {
        if (texts.has(o.atom)) continue;
        const guard = `(${[...quoting.get(o.atom)!].map((i) => `c${i}`).join(' OR ')})`;
        texts.set(o.atom, writer.text(p.templates.get(o.atom)!, guard));
      }
    });
    const cols: string[] = [];
    plans.forEach((p, i) => {
      const texts_ = p.occurrences.map((o) => `CASE WHEN ${o.explains} THEN ${texts.get(o.atom)!} END`);
      const atoms = p.occurrences.map((o) => `CASE WHEN ${o.explains} THEN ${int(o.atom)} END`);
      const textList = texts_.length === 0 ? d.textList([]) : d.compact(listOf(d, texts_));
      const atomList = atoms.length === 0 ? intList(d, []) : d.compact(intList(d, atoms));
      cols.push(`CASE WHEN c${i} THEN ${atomList} END AS xa${i}`, `CASE WHEN c${i} THEN ${textList} END AS x${i}`);
      for (const [j, t] of p.calcs) cols.push(`CASE WHEN c${i} THEN NULLIF(${writer.text(t, `c${i}`)}, '') END AS xc${i}_${j}`);
    });
    return cols;
  }

  // ---- definitions and atoms, as columns at their dependency level

  private definition(i: number): { level: number; den: boolean } {
    const hit = this.defs.get(i);
    if (hit) return hit;
    const def = this.ir.definitions[i]!;
    const deps: Deps = { level: 0 };
    let den = false;
    if (def.type.kind === 'boolean') {
      const sql = this.cond(def.expr, deps);
      this.columns.push({ name: `d${i}`, sql, level: deps.level + 1 });
    } else if (def.type.kind === 'quantity') {
      const q = this.quantity(def.expr, deps);
      this.columns.push({ name: `d${i}`, sql: q.n, level: deps.level + 1 });
      if (q.d !== null) {
        den = true;
        this.columns.push({ name: `d${i}d`, sql: q.d, level: deps.level + 1 });
      }
    } else {
      const sql = this.value(def.expr, deps);
      this.columns.push({ name: `d${i}`, sql, level: deps.level + 1 });
    }
    const entry = { level: deps.level + 1, den };
    this.defs.set(i, entry);
    return entry;
  }

  private atom(a: IrAtom, deps: Deps): string {
    let level = this.atomLevel.get(a.atom);
    if (level === undefined) {
      const own: Deps = { level: 0 };
      const sql = this.atomSql(a, own);
      level = own.level + 1;
      this.columns.push({ name: `a${int(a.atom)}`, sql, level });
      this.atomLevel.set(a.atom, level);
    }
    deps.level = Math.max(deps.level, level);
    return `a${int(a.atom)}`;
  }

  private defRef(name: string, deps: Deps): { col: string; den: boolean } {
    const { index } = this.t.definition(name);
    const d = this.definition(index);
    deps.level = Math.max(deps.level, d.level);
    return { col: `d${index}`, den: d.den };
  }

  private fact(e: Extract<IrExpr, { kind: 'fact' }>): string {
    return `f${this.t.slot(e.ref)}`;
  }

  // ---- conditions: nullable booleans

  private cond(e: IrExpr, deps: Deps): string {
    if (isIrAtom(e)) return this.atom(e, deps);
    switch (e.kind) {
      case 'boolean':
        return e.value ? 'TRUE' : 'FALSE';
      case 'ref': {
        const { index } = this.t.definition(e.definition);
        if (!this.t.isConditionDef(index)) throw new SqlCompileError(`definition ${JSON.stringify(e.definition)} is not a condition`);
        return this.defRef(e.definition, deps).col;
      }
      case 'fact': {
        if (this.t.factByName.get(e.ref.fact)?.type.kind !== 'boolean') throw new SqlCompileError(`fact ${JSON.stringify(e.ref.fact)} is not a condition`);
        return this.fact(e);
      }
      case 'not':
        return `(NOT ${this.cond(e.arg, deps)})`;
      case 'and':
      case 'or':
        if (e.args.length === 0) return e.kind === 'and' ? 'TRUE' : 'FALSE';
        return `(${e.args.map((x) => this.cond(x, deps)).join(e.kind === 'and' ? ' AND ' : ' OR ')})`;
      default:
        throw new SqlCompileError(`expected a condition, got ${JSON.stringify(e.kind)}`);
    }
  }

  private atomSql(a: IrAtom, deps: Deps): string {
    const d = this.dialect;
    switch (a.kind) {
      case 'compare':
        return this.compare(a, deps);
      case 'in': {
        const v = this.value(a.subject, deps);
        const values = [...new Set(membershipValues(this.t, a))].sort();
        if (values.length === 0) return `CASE WHEN ${v} IS NULL THEN NULL ELSE ${a.negated ? 'TRUE' : 'FALSE'} END`;
        const test = `${v} IN (${values.map(quoteLiteral).join(', ')})`;
        return a.negated ? `(NOT (${test}))` : `(${test})`;
      }
      case 'includes': {
        const s = this.value(a.subject, deps);
        const spellings = [...new Set(includesSpellings(this.t, a))].sort();
        return `CASE WHEN ${s} IS NULL THEN NULL ELSE ${spellings.length === 0 ? 'FALSE' : d.hasAny(s, spellings)} END`;
      }
      case 'presence':
        return `(f${this.t.slot(a.ref)} ${a.missing ? 'IS NULL' : 'IS NOT NULL'})`;
      case 'elapsed': {
        // As the engine: elapsed milliseconds are integers, compared with the floor or ceiling of the threshold.
        const r = Rational.parse(a.days);
        const ms = r.num * 86_400_000n;
        const den = r.den;
        const floor = ms >= 0n ? ms / den : -((-ms + den - 1n) / den);
        const ceil = floor * den === ms ? floor : floor + 1n;
        const diff = `(${this.now} - ${d.epochMs(`f${this.t.slot(a.ref)}`)})`;
        if (a.op === '>') return `(${diff} > ${bigLit(floor)})`;
        if (a.op === '<') return `(${diff} < ${bigLit(ceil)})`;
        if (a.op === '<=') return `(${diff} <= ${bigLit(floor)})`;
        throw new SqlCompileError(`unknown elapsed operator ${JSON.stringify(a.op)}`);
      }
      case 'truth':
        return this.cond(a.arg, deps);
      default:
        throw new SqlCompileError(`unknown atom kind ${JSON.stringify((a as { kind: unknown }).kind)}`);
    }
  }

  private compare(a: Extract<IrAtom, { kind: 'compare' }>, deps: Deps): string {
    if (!(a.op in SQL_OP)) throw new SqlCompileError(`unknown comparison ${JSON.stringify(a.op)}`);
    const op = SQL_OP[a.op];
    const equality = a.op === '=' || a.op === '!=';
    switch (a.operandType) {
      case 'quantity':
        return compareRat(this.quantity(a.left, deps), op, this.quantity(a.right, deps));
      case 'boolean':
        if (!equality) throw new SqlCompileError(`booleans compare with = or != only, not ${a.op}`);
        return `(${this.cond(a.left, deps)} ${op} ${this.cond(a.right, deps)})`;
      case 'enum':
        if (!equality) throw new SqlCompileError(`enum values compare with = or != only, not ${a.op}`);
        return `(${this.value(a.left, deps)} ${op} ${this.value(a.right, deps)})`;
      case 'text':
        return equality
          ? `(${this.value(a.left, deps)} ${op} ${this.value(a.right, deps)})`
          : `(${this.dialect.textOrder(this.value(a.left, deps))} ${op} ${this.dialect.textOrder(this.value(a.right, deps))})`;
      case 'code':
        if (!equality) throw new SqlCompileError(`code values compare with = or != only, not ${a.op}`);
        return this.codeEquals(a.left, a.right, a.op === '!=', deps);
      case 'date':
        return `(${this.dateMs(a.left, deps)} ${op} ${this.dateMs(a.right, deps)})`;
      default:
        throw new SqlCompileError(`unknown operand type ${JSON.stringify(a.operandType)}`);
    }
  }

  /** Codes are equal when spelled alike or when they denote one term (the engine's $ceq). */
  private codeEquals(left: IrExpr, right: IrExpr, negated: boolean, deps: Deps): string {
    const literal = (e: IrExpr) => (e.kind === 'text' ? normalizeCode(e.value) : undefined);
    const l = literal(left);
    const r = literal(right);
    let test: string;
    if (l !== undefined || r !== undefined) {
      const other = l !== undefined ? right : left;
      const spelling = (l ?? r)!;
      const spellings = this.t.expandCodes([spelling]);
      const v = other.kind === 'text' ? quoteLiteral(normalizeCode(other.value)) : this.value(other, deps);
      test = `(${v} IN (${spellings.map(quoteLiteral).join(', ')}))`;
    } else {
      const lv = this.value(left, deps);
      const rv = this.value(right, deps);
      const cls = (v: string) =>
        this.t.codeClass.size === 0 ? 'CAST(NULL AS INTEGER)' : `CASE ${v} ${[...this.t.codeClass].map(([k, c]) => `WHEN ${quoteLiteral(k)} THEN ${int(c)}`).join(' ')} END`;
      test = `CASE WHEN ${lv} IS NULL OR ${rv} IS NULL THEN NULL ELSE (${lv} = ${rv} OR COALESCE(${cls(lv)} = ${cls(rv)}, FALSE)) END`;
    }
    return negated ? `(NOT ${test})` : test;
  }

  private dateMs(e: IrExpr, deps: Deps): string {
    if (e.kind === 'text') {
      const ms = preludeHelpers().iso(e.value);
      if (!Number.isFinite(ms)) throw new SqlCompileError(`${JSON.stringify(e.value)} is not an ISO 8601 date`);
      return bigLit(BigInt(ms));
    }
    return this.dialect.epochMs(this.value(e, deps));
  }

  // ---- values

  /** A non-quantity value: enum member, text, code, instant, boolean or a list. */
  private value(e: IrExpr, deps: Deps): string {
    switch (e.kind) {
      case 'fact':
        return this.fact(e);
      case 'ref':
        return this.defRef(e.definition, deps).col;
      case 'text':
      case 'enumValue':
        return `CAST(${quoteLiteral(e.value)} AS ${this.dialect.textType})`;
      case 'boolean':
        return e.value ? 'TRUE' : 'FALSE';
      default:
        throw new SqlCompileError(`expected a value, got ${JSON.stringify(e.kind)}`);
    }
  }

  /** An exact quantity: numerator and denominator. */
  quantity(e: IrExpr, deps: Deps): Rat {
    switch (e.kind) {
      case 'fact':
        return { n: this.fact(e), d: null };
      case 'quantity':
        return this.literal(e.value);
      case 'ref': {
        const { col, den } = this.defRef(e.definition, deps);
        return { n: col, d: den ? `${col}d` : null };
      }
      case 'scale':
        return mulRat(this.quantity(e.arg, deps), this.literal(e.factor));
      case 'negate': {
        const a = this.quantity(e.arg, deps);
        return { n: `(-${a.n})`, d: a.d };
      }
      case 'arith': {
        const l = this.quantity(e.left, deps);
        const r = this.quantity(e.right, deps);
        switch (e.op) {
          case '*':
            return mulRat(l, r);
          case '/': {
            // x / 0 is unknown, as in the engine: the denominator is NULL.
            const n = l.d === null && r.d === null ? l.n : r.d === null ? l.n : `(${l.n} * ${r.d})`;
            const den = l.d === null ? r.n : `(${l.d} * ${r.n})`;
            return { n, d: `CASE WHEN ${r.n} = 0 THEN NULL ELSE ${den} END` };
          }
          case '+':
          case '-': {
            if (l.d === null && r.d === null) return { n: `(${l.n} ${e.op} ${r.n})`, d: null };
            const ln = r.d === null ? l.n : `(${l.n} * ${r.d})`;
            const rn = l.d === null ? r.n : `(${r.n} * ${l.d})`;
            return { n: `(${ln} ${e.op} ${rn})`, d: mulDen(l.d, r.d) };
          }
          default:
            throw new SqlCompileError(`unknown arithmetic operator ${JSON.stringify((e as { op: unknown }).op)}`);
        }
      }
      default:
        throw new SqlCompileError(`expected a quantity expression, got ${JSON.stringify(e.kind)}`);
    }
  }

  private literal(exact: string): Rat {
    if (/^-?\d+(?:\.\d+)?$/.test(exact)) return { n: this.dialect.decimal(exact), d: null };
    const r = Rational.parse(exact);
    return { n: this.dialect.decimal(r.num.toString()), d: r.den === 1n ? null : this.dialect.decimal(r.den.toString()) };
  }

  // ---- rules

  private rule(
    r: IrRule,
    i: number,
  ): { status: string; doseColumns: [string, string][]; doses: Map<number, DoseCols>; anchors: { anchored: AnchoredAction; instants: string[] }[]; missing: string; missingText: string; conditions: [string, string][]; condition: string } {
    const deps: Deps = { level: 0 };
    const conditions: [string, string][] = [];
    const wSql = r.when ? this.cond(r.when, deps) : 'TRUE';
    conditions.push([`w${i}`, wSql]);
    const w = `w${i}`;
    const us = r.unless.map((u, k) => {
      conditions.push([`u${i}_${k}`, this.cond(u, deps)]);
      return `u${i}_${k}`;
    });
    const condition = us.length === 0 ? w : `(${w} AND NOT (${us.join(' OR ')}))`;
    const c = `c${i}`;
    const doseColumns: [string, string][] = [];
    const doses = new Map<number, DoseCols>();
    const nullChecks: string[] = [];
    const doseSlots = new Set<number>();
    const text = this.dialect.textType;
    r.actions.forEach((a, j) => {
      if (a.verb === 'dose' && !a.dose) throw new SqlCompileError(`rule ${JSON.stringify(r.id)}: a dose action without a dose`);
      if (!a.dose) return;
      const bound = (e: IrExpr, tag: string): [string, string | null] => {
        const q = this.quantity(e, deps);
        const n = `q${i}_${j}${tag}`;
        doseColumns.push([n, q.n]);
        nullChecks.push(`${q.n} IS NULL`);
        if (q.d === null) return [n, null];
        doseColumns.push([`${n}d`, q.d]);
        nullChecks.push(`${q.d} IS NULL`);
        return [n, `${n}d`];
      };
      const low = bound(a.dose.low, 'l');
      const high = a.dose.high ? bound(a.dose.high, 'h') : undefined;
      // The standard of a resolved relative dose is reported, not checked (as in the engine).
      let standard: [string, string | null] | undefined;
      if (a.dose.relative) {
        const q = this.quantity(a.dose.relative.standard, deps);
        const n = `q${i}_${j}s`;
        doseColumns.push([n, q.n]);
        if (q.d === null) standard = [n, null];
        else {
          doseColumns.push([`${n}d`, q.d]);
          standard = [n, `${n}d`];
        }
      }
      // A titration's step is computed like a bound: unknown, the rule is not evaluable (as in the engine).
      const step = a.dose.titration ? bound(a.dose.titration.step, 't') : undefined;
      doses.set(j, { low, ...(high ? { high } : {}), ...(standard ? { standard } : {}), ...(step ? { step } : {}) });
      for (const e of [a.dose.low, ...(a.dose.high ? [a.dose.high] : []), ...(a.dose.titration ? [a.dose.titration.step] : [])]) for (const s of this.t.slotsOf(e)) doseSlots.add(s);
    });
    // An anchored schedule reads its anchor as a dose reads its facts: a rule that fires
    // without it is not evaluable, the anchor among its missing facts (the engine's resolveAnchors).
    const anchors = anchoredActions(r).map((anchored) => {
      const slot = this.t.slot({ fact: anchored.fact, part: 'value' });
      nullChecks.push(`f${slot} IS NULL`);
      doseSlots.add(slot);
      return { anchored, instants: anchoredInstants(anchored, this.dialect.epochMs(`f${slot}`)) };
    });
    const status = `CASE WHEN ${c} IS NULL THEN 2 WHEN NOT ${c} THEN 0${nullChecks.length ? ` WHEN ${nullChecks.join(' OR ')} THEN 2` : ''} ELSE 1 END`;

    // Missing facts, as the engine's $missing: the unknown parts of `when` and of each
    // `unless`, and for a rule that would fire, the inputs its doses read.
    const candidates = new Set<number>();
    for (const e of [...(r.when ? [r.when] : []), ...r.unless]) for (const s of this.t.slotsOf(e)) candidates.add(s);
    for (const s of doseSlots) candidates.add(s);
    const keys = [...candidates].map((s) => ({ slot: s, key: this.t.inputs[s]!.key })).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    const conds = keys.map(({ slot }) => {
      const parts: string[] = [];
      if (r.when && this.t.slotsOf(r.when).has(slot)) parts.push(`(${w} IS NULL AND ${this.miss(r.when, slot, deps)})`);
      r.unless.forEach((u, k) => {
        if (this.t.slotsOf(u).has(slot)) parts.push(`(${us[k]} IS NULL AND ${this.miss(u, slot, deps)})`);
      });
      if (doseSlots.has(slot)) parts.push(`(${c} AND f${slot} IS NULL)`);
      return parts.join(' OR ');
    });
    const items = keys.map(({ key }, k) => `CASE WHEN ${conds[k]} THEN CAST(${quoteLiteral(key)} AS ${text}) END`);
    const missing = items.length === 0 ? this.dialect.textList([]) : this.dialect.compact(listOf(this.dialect, items));
    // The summary's form: `,slot` for each missing input, in the same (key) order.
    const missingText = concat(
      keys.map(({ slot }, k) => `CASE WHEN ${conds[k]} THEN CAST(${quoteLiteral(`,${int(slot)}`)} AS ${text}) END`),
      `CAST('' AS ${text})`,
    );
    return { status, doseColumns, doses, anchors, missing, missingText, conditions, condition };
  }

  /** Whether input `slot` is among the missing facts of unknown node e (the engine's $miss). */
  private miss(e: IrExpr, slot: number, deps: Deps): string {
    if (isIrAtom(e)) return this.t.slotsOf(e).has(slot) ? `f${slot} IS NULL` : 'FALSE';
    switch (e.kind) {
      case 'and':
      case 'or': {
        const parts = e.args.filter((x) => this.t.slotsOf(x).has(slot)).map((x) => `(${this.cond(x, deps)} IS NULL AND ${this.miss(x, slot, deps)})`);
        return parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`;
      }
      case 'not':
        return this.miss(e.arg, slot, deps);
      case 'ref':
        return this.miss(this.t.definition(e.definition).def.expr, slot, deps);
      case 'fact':
        return this.t.slot(e.ref) === slot ? `f${slot} IS NULL` : 'FALSE';
      default:
        return 'FALSE';
    }
  }
}

/** A dose's columns: numerator and denominator (null: 1), exact decimals, computed for every patient, turned into text only where a rule fired. */
export interface DoseCols {
  readonly low: [string, string | null];
  readonly high?: [string, string | null];
  readonly standard?: [string, string | null];
  /** A titration's step. */
  readonly step?: [string, string | null];
}

function mulDen(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return `(${a} * ${b})`;
}

function mulRat(a: Rat, b: Rat): Rat {
  return { n: `(${a.n} * ${b.n})`, d: mulDen(a.d, b.d) };
}

/** `a op b` for rationals: cross-multiplied, the sides swapped when the denominators' product is negative. */
function compareRat(a: Rat, op: string, b: Rat): string {
  if (a.d === null && b.d === null) return `(${a.n} ${op} ${b.n})`;
  const l = b.d === null ? a.n : `(${a.n} * ${b.d})`;
  const r = a.d === null ? b.n : `(${b.n} * ${a.d})`;
  const sign = mulDen(a.d, b.d)!;
  return `CASE WHEN ${sign} > 0 THEN (${l} ${op} ${r}) ELSE (${r} ${op} ${l}) END`;
}

/**
 * Text expressions joined with concat(), which skips NULLs (in DuckDB and PostgreSQL alike),
 * so a `CASE … END` without ELSE adds nothing where it does not hold. One call with many
 * arguments builds each row's text once: DuckDB's chains of `||` copied it at every step
 * (the summary's last projection took 1.13 s of the query's 1.80 s of CPU on 100,000
 * patients). In groups of 90, since PostgreSQL's functions take at most 100 arguments.
 */
function concat(items: readonly string[], empty: string): string {
  if (items.length === 0) return empty;
  if (items.length <= 90) return items.length === 1 ? `concat(${items[0]!})` : `concat(${items.join(', ')})`;
  const groups: string[] = [];
  for (let k = 0; k < items.length; k += 90) groups.push(concat(items.slice(k, k + 90), empty));
  return concat(groups, empty);
}

/** What the explanations of one rule need: see QueryCompiler.explanations. */
interface ExplainPlan {
  readonly occurrences: readonly Occurrence[];
  readonly templates: ReadonlyMap<number, Template>;
  readonly calcs: ReadonlyMap<number, Template>;
}

function intList(d: Dialect, items: readonly string[]): string {
  return d.name === 'duckdb' ? `CAST([${items.join(', ')}] AS INTEGER[])` : `CAST(ARRAY[${items.join(', ')}] AS INTEGER[])`;
}

function listOf(d: Dialect, items: readonly string[]): string {
  return d.name === 'duckdb' ? `CAST([${items.join(', ')}] AS ${d.textListType})` : `CAST(ARRAY[${items.join(', ')}] AS ${d.textListType})`;
}

function int(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new SqlCompileError(`expected a non-negative integer, got ${String(n)}`);
  return String(n);
}

function bigLit(n: bigint): string {
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  const c = n > max ? max : n < -max ? -max : n;
  return `CAST(${decimalText(c.toString())} AS BIGINT)`;
}

function rank(verb: string): number {
  const r = (ACTION_RANK as Record<string, number>)[verb];
  if (r === undefined) throw new SqlCompileError(`unknown action ${JSON.stringify(verb)}`);
  return r;
}

/** The columns of the outcomes table, in order. */
export const OUTCOME_COLUMNS = [
  { name: 'patient_id', type: 'id' },
  { name: 'rule_index', type: 'int' },
  { name: 'action_index', type: 'int' },
  { name: 'status', type: 'text' },
  { name: 'rule_id', type: 'text' },
  { name: 'action', type: 'text' },
  { name: 'action_rank', type: 'int' },
  { name: 'targets', type: 'list' },
  { name: 'dose_unit', type: 'text' },
  { name: 'dose_low', type: 'text' },
  { name: 'dose_low_den', type: 'text' },
  { name: 'dose_high', type: 'text' },
  { name: 'dose_high_den', type: 'text' },
  { name: 'dose_standard', type: 'text' },
  { name: 'dose_standard_den', type: 'text' },
  { name: 'missing', type: 'list' },
  { name: 'overridden_by', type: 'list' },
  { name: 'schedule_ms', type: 'list' },
  { name: 'dose_step', type: 'text' },
  { name: 'dose_step_den', type: 'text' },
] as const;

/**
 * With `--explain`, after OUTCOME_COLUMNS, on the rows of fired actions: the explaining atoms'
 * ids and texts (in the engine's order) and the dose's calculation (NULL when the engine
 * writes none).
 */
export const EXPLAIN_COLUMNS = [
  { name: 'explanation_atoms', type: 'intList' },
  { name: 'explanation', type: 'list' },
  { name: 'dose_calculation', type: 'text' },
] as const;

export type OutcomeColumnType = (typeof OUTCOME_COLUMNS)[number]['type'] | (typeof EXPLAIN_COLUMNS)[number]['type'];

export function outcomeColumns(explain: boolean): readonly { readonly name: string; readonly type: OutcomeColumnType }[] {
  return explain ? [...OUTCOME_COLUMNS, ...EXPLAIN_COLUMNS] : OUTCOME_COLUMNS;
}

export function columnType(d: Dialect, t: OutcomeColumnType): string {
  return t === 'id' ? d.idType : t === 'int' ? 'INTEGER' : t === 'intList' ? 'INTEGER[]' : t === 'text' ? d.textType : d.textListType;
}
