// Explanations in SQL (`--explain`): for a rule that fired, the atoms of its `when`
// condition that made it true, in the engine's order (its `$why` walk, written as one SQL
// boolean per occurrence of an atom in the tree), and each atom's text with the patient's
// values, as the engine's render functions write it (packages/compiler/src/js/emit-explain.ts):
// `platelets 49 10*9/L < 50 10*9/L`, `medications includes none of { azathioprine }`,
// false comparisons quoted with the relation that holds, dates, sets, codes, definitions.
// A dose's `calculation` likewise.
//
// One template per text (a list of pieces: constant text, the patient's values, choices on
// SQL booleans) is built here and written two ways:
// - as SQL text (`sqlText`), for the outcome rows of `vigil compile --target sql --explain`:
//   numbers are formatted in SQL with exact integer arithmetic (never DOUBLE);
// - as the values the template needs (`transport`), for the summary `vigil run` reads: the
//   text is then made by `render` with the very formatters the JS engine uses
//   (@vigil/runtime's prelude), so a run writes the JS run's bytes.
import { Rational, isIrAtom, type IrAtom, type IrDose, type IrExpr, type IrFactRef } from '@vigil/core';
import { membershipValues, normalizeCode, typeOf, type ProgramTables } from '@vigil/compiler';
import { preludeHelpers } from '@vigil/runtime/prelude';
import type { Dialect } from './dialect.js';
import { quoteLiteral, SqlCompileError } from './quote.js';

/** A value of the patient's a text shows, with how the engine prints it. */
export type Value =
  /** A quantity fact: String(v), v the double the stored decimal stands for. */
  | { readonly kind: 'fact'; readonly sql: string }
  /** An exact rational (numerator, denominator or null for 1): the engine's $fmtR. */
  | { readonly kind: 'rat'; readonly n: string; readonly d: string | null }
  /** Elapsed integer milliseconds, printed in days: the engine's $fmtA(ms / 86400000). */
  | { readonly kind: 'days'; readonly sql: string }
  /** An instant in epoch milliseconds: ISO 8601 in UTC, the date only for a date. */
  | { readonly kind: 'date'; readonly sql: string; readonly dateOnly: boolean }
  /** Text printed as a JSON string (text facts), or as it is (enum members, codes). */
  | { readonly kind: 'json' | 'raw'; readonly sql: string }
  /** A nullable boolean: true, false or unknown. */
  | { readonly kind: 'bool3'; readonly sql: string };

export type Piece =
  | string
  | { readonly value: Value; readonly slot: number }
  /** `then` when the SQL boolean is TRUE, `else` when it is FALSE or NULL. */
  | { readonly test: string; readonly slot: number; readonly then: readonly Piece[]; readonly else: readonly Piece[] }
  /** `label includes a, b (code)` or `none`: per term, the first of the patient's set that denotes it. */
  | { readonly includes: { readonly label: string; readonly none: string; readonly terms: readonly { readonly name: string; readonly sql: string; readonly slot: number }[] } };

/** A text template: its pieces and the number of transport slots they read. */
export interface Template {
  readonly pieces: readonly Piece[];
  readonly slots: number;
}

/** One occurrence of an atom in a rule's `when` tree, in the walk's order, and when it explains. */
export interface Occurrence {
  readonly atom: number;
  /** SQL boolean, never NULL: this occurrence is reached by the walk and is the atom's first one reached. */
  readonly explains: string;
}

/** What the explanation builder needs of the query compiler. */
export interface ExplainHost {
  readonly t: ProgramTables;
  readonly dialect: Dialect;
  /** The evaluation time's column (epoch ms). */
  readonly now: string;
  /** A condition as a nullable SQL boolean. */
  cond(e: IrExpr): string;
  /** A non-quantity value. */
  value(e: IrExpr): string;
  /** An exact quantity: numerator and denominator (null: 1). */
  quantity(e: IrExpr): { n: string; d: string | null };
}

const NEGATED = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '=': '!=', '!=': '=' } as const;

const unitSuffix = (u: string): string => (u === '1' ? '' : ` ${u}`);
const exactText = (s: string): string => Rational.parse(s).toExact();

function refLabel(ref: IrFactRef, context?: string): string {
  if (ref.part === 'value') return ref.fact;
  return ref.fact === context ? ref.part : `${ref.fact}.${ref.part}`;
}

function subjectLabel(e: IrExpr): string | undefined {
  if (e.kind === 'fact') return refLabel(e.ref);
  if (e.kind === 'ref') return e.definition;
  return undefined;
}

function paren(e: IrExpr, s: string): string {
  return e.kind === 'arith' ? `(${s})` : s;
}

/** Whether the child of an arithmetic node is printed in parentheses (the engine's `side`). */
function needsParens(parent: Extract<IrExpr, { kind: 'arith' }>, child: IrExpr, right: boolean): boolean {
  if (child.kind !== 'arith') return false;
  const low = (op: string) => op === '+' || op === '-';
  if ((parent.op === '*' || parent.op === '/') && low(child.op)) return true;
  return right && (parent.op === '-' || parent.op === '/') && (low(child.op) === low(parent.op) || parent.op === '/');
}

/** Source-like text of a quantity expression, by names: `5 x baseline`. */
function namesForm(e: IrExpr, context: string | undefined): string {
  switch (e.kind) {
    case 'fact':
      return refLabel(e.ref, context);
    case 'quantity':
      return exactText(e.value) + unitSuffix(e.unit);
    case 'ref':
      return e.definition;
    case 'scale':
      return namesForm(e.arg, context);
    case 'negate':
      return `-${paren(e.arg, namesForm(e.arg, context))}`;
    case 'arith': {
      const l = namesForm(e.left, context);
      const r = namesForm(e.right, context);
      return `${needsParens(e, e.left, false) ? `(${l})` : l} ${e.op === '*' ? 'x' : e.op} ${needsParens(e, e.right, true) ? `(${r})` : r}`;
    }
    default:
      throw new SqlCompileError(`expected a quantity expression, got ${JSON.stringify(e.kind)}`);
  }
}

/** Builds the templates of one rule set's atoms and doses. */
export class ExplainBuilder {
  private readonly atomTemplates = new Map<number, Template>();

  constructor(private readonly h: ExplainHost) {}

  /** The occurrences of atoms in a rule's `when` tree, each with when it explains (the engine's $explain). */
  occurrences(when: IrExpr | undefined): Occurrence[] {
    if (!when) return [];
    const reached: { atom: number; reached: string }[] = [];
    this.walk(when, 'TRUE', reached, []);
    // An atom is listed once, where the walk first reaches it.
    return reached.map((o, k) => {
      const earlier = reached.slice(0, k).filter((p) => p.atom === o.atom).map((p) => p.reached);
      return { atom: o.atom, explains: earlier.length === 0 ? o.reached : `(${o.reached} AND NOT (${earlier.join(' OR ')}))` };
    });
  }

  /** $why: an and/or node true (false) reaches every child for all-of (any-of) and the children that share its value otherwise. */
  private walk(e: IrExpr, reached: string, out: { atom: number; reached: string }[], defs: number[]): void {
    if (isIrAtom(e)) {
      out.push({ atom: e.atom, reached });
      return;
    }
    switch (e.kind) {
      case 'and':
      case 'or': {
        const v = this.h.cond(e);
        for (const x of e.args) {
          const c = this.h.cond(x);
          const takes = e.kind === 'and' ? `${c} IS NOT DISTINCT FROM ${v}` : `(${v} IS NULL OR ${c} IS NOT DISTINCT FROM ${v})`;
          this.walk(x, reached === 'TRUE' ? `(${takes})` : `(${reached} AND ${takes})`, out, defs);
        }
        return;
      }
      case 'not':
        this.walk(e.arg, reached, out, defs);
        return;
      case 'ref': {
        const { index, def } = this.h.t.definition(e.definition);
        if (def.type.kind !== 'boolean') return;
        if (defs.includes(index)) throw new SqlCompileError(`definition ${JSON.stringify(e.definition)} refers to itself`);
        this.walk(def.expr, reached, out, [...defs, index]);
        return;
      }
      default:
        return;
    }
  }

  /** The template of an atom's text (the engine's $rN). */
  atom(a: IrAtom): Template {
    let t = this.atomTemplates.get(a.atom);
    if (!t) {
      t = new TemplateBuilder(this.h).atom(a);
      this.atomTemplates.set(a.atom, t);
    }
    return t;
  }

  /**
   * The template of a dose's calculation (the engine's $dcN), or undefined when the engine
   * writes none (a literal dose). `dose` gives the SQL of the dose's exact bounds.
   */
  doseCalculation(dose: IrDose, bounds: { low: Value; high?: Value; standard?: Value }): Template | undefined {
    return new TemplateBuilder(this.h).dose(dose, bounds);
  }
}

class TemplateBuilder {
  private slot = 0;
  /** Values whose NULL makes the engine fall back (to the atom's source text, or to no calculation). */
  private readonly needs: string[] = [];

  constructor(private readonly h: ExplainHost) {}

  private v(value: Value): Piece {
    return { value, slot: this.slot++ };
  }

  private test(sql: string, then: readonly Piece[], otherwise: readonly Piece[]): Piece {
    return { test: sql, slot: this.slot++, then, else: otherwise };
  }

  /** The engine's genV: a fact or definition read for a text; NULL makes the text fall back. */
  private need(e: IrExpr): string {
    const sql = this.h.value(e);
    if (e.kind === 'fact' || e.kind === 'ref') this.needs.push(sql);
    return sql;
  }

  private quantityValue(e: IrExpr): Value {
    if (e.kind === 'fact') {
      this.needs.push(this.h.value(e));
      return { kind: 'fact', sql: this.h.value(e) };
    }
    const q = this.h.quantity(e);
    this.needs.push(q.n);
    if (q.d !== null) this.needs.push(q.d);
    return { kind: 'rat', n: q.n, d: q.d };
  }

  private done(body: Piece[], fallback: string | null): Template {
    // The fallback's test comes first, so it reads slot 0: the body's slots follow.
    if (this.needs.length === 0) return { pieces: body, slots: this.slot };
    const guard: Piece = { test: [...new Set(this.needs)].map((x) => `${x} IS NULL`).join(' OR '), slot: this.slot++, then: fallback === null ? [] : [fallback], else: body };
    return { pieces: [guard], slots: this.slot };
  }

  atom(a: IrAtom): Template {
    const col = this.h.cond(a);
    switch (a.kind) {
      case 'compare':
        return this.done(this.compare(a, col), a.text);
      case 'in': {
        const label = subjectLabel(a.subject);
        if (label === undefined) return { pieces: [a.text], slots: 0 };
        const v = this.need(a.subject);
        const values = [...new Set(membershipValues(this.h.t, a))].sort();
        const test = values.length === 0 ? 'FALSE' : `(${v} IN (${values.map(quoteLiteral).join(', ')}))`;
        const list = ` { ${a.values.join(', ')} }`;
        return this.done([`${label} = `, this.v({ kind: 'raw', sql: v }), this.test(test, [`, in${list}`], [`, not in${list}`])], a.text);
      }
      case 'includes': {
        const label = subjectLabel(a.subject) ?? a.text;
        const v = this.need(a.subject);
        const t = typeOf(this.h.t, a.subject);
        const isCode = t?.kind === 'set' && t.element.kind === 'code';
        const terms = a.terms.map((term) => {
          const spellings = [...new Set(isCode ? this.h.t.expandCodes([term.name, ...term.codes]) : [term.name])];
          return { name: term.name, sql: firstMatch(this.h.dialect, v, spellings), slot: this.slot++ };
        });
        return this.done([{ includes: { label, none: `${label} includes none of { ${a.terms.map((x) => x.name).join(', ')} }`, terms } }], a.text);
      }
      case 'presence': {
        const slot = this.h.t.slot(a.ref);
        const key = this.h.t.inputs[slot]!.key;
        return { pieces: [this.test(`f${slot} IS NULL`, [`${key} is missing`], [`${key} is present`])], slots: this.slot };
      }
      case 'elapsed': {
        const f = this.need({ kind: 'fact', ref: a.ref, type: { kind: 'datetime' } } as IrExpr);
        const phrase = a.op === '>' ? 'more than' : a.op === '<' ? 'less than' : 'within';
        const days = exactText(a.days);
        return this.done(
          [`${refLabel(a.ref)} `, this.v({ kind: 'days', sql: `(${this.h.now} - ${this.h.dialect.epochMs(f)})` }), this.test(`${col} IS FALSE`, [` d ago, not ${phrase} ${days} d`], [` d ago, ${phrase} ${days} d`])],
          a.text,
        );
      }
      case 'truth': {
        const label = subjectLabel(a.arg);
        if (label === undefined) return { pieces: [a.text], slots: 0 };
        return this.done([`${label} = `, this.v({ kind: 'bool3', sql: this.h.cond(a.arg) })], a.text);
      }
      default:
        return { pieces: [(a as { text: string }).text], slots: 0 };
    }
  }

  private opPiece(col: string, op: keyof typeof NEGATED, before: string, after: string): Piece {
    return this.test(`${col} IS FALSE`, [`${before}${NEGATED[op]}${after}`], [`${before}${op}${after}`]);
  }

  private compare(a: Extract<IrAtom, { kind: 'compare' }>, col: string): Piece[] {
    if (!(a.op in NEGATED)) throw new SqlCompileError(`unknown comparison ${JSON.stringify(a.op)}`);
    if (a.operandType === 'quantity') {
      const lt = typeOf(this.h.t, a.left);
      const unit = lt?.kind === 'quantity' ? lt.unit : '1';
      const context = a.left.kind === 'fact' ? a.left.ref.fact : undefined;
      const l = this.quantitySide(a.left, unit, context);
      const r = this.quantitySide(a.right, unit, context);
      return [...l, this.opPiece(col, a.op, ' ', ' '), ...r];
    }
    const label = subjectLabel(a.left);
    if (label === undefined) return [a.text];
    const l = this.valueOf(a, a.left);
    const rightLabel = subjectLabel(a.right);
    const rv = this.valueOf(a, a.right);
    const rightText: Piece[] = rightLabel === undefined ? [rv] : [`${rightLabel} (`, rv, ')'];
    const head: Piece[] = [`${label} = `, l];
    if (a.op === '=') return [...head, this.test(`${col} IS TRUE`, [], [this.opPiece(col, a.op, ', ', ' '), ...rightText])];
    return [...head, this.opPiece(col, a.op, ', ', ' '), ...rightText];
  }

  /** One side of a non-quantity comparison, as the engine displays it. */
  private valueOf(a: Extract<IrAtom, { kind: 'compare' }>, e: IrExpr): Piece {
    const kindOf = (x: IrExpr) => {
      const t = typeOf(this.h.t, x);
      return a.operandType === 'date' ? t?.kind ?? 'date' : t?.kind;
    };
    if (a.operandType === 'boolean') return this.v({ kind: 'bool3', sql: this.h.cond(e) });
    if (a.operandType === 'date') {
      const dateOnly = kindOf(e) === 'date';
      if (e.kind === 'text') {
        const ms = preludeHelpers().iso(e.value);
        if (!Number.isFinite(ms)) throw new SqlCompileError(`${JSON.stringify(e.value)} is not an ISO 8601 date`);
        const s = new Date(ms).toISOString();
        return dateOnly ? s.slice(0, 10) : s;
      }
      return this.v({ kind: 'date', sql: this.h.dialect.epochMs(this.need(e)), dateOnly });
    }
    const src: IrExpr = a.operandType === 'code' && e.kind === 'text' ? { ...e, value: normalizeCode(e.value) } : e;
    const shown = a.operandType === 'text' ? 'text' : kindOf(src);
    // Literals are printed here; the patient's values by the template.
    if (src.kind === 'text' || src.kind === 'enumValue') return shown === 'text' ? JSON.stringify(src.value) : src.value;
    if (src.kind === 'boolean') return String(src.value);
    const v = this.need(src);
    switch (shown) {
      case 'text':
        return this.v({ kind: 'json', sql: v });
      case 'date':
      case 'datetime':
        return this.v({ kind: 'date', sql: this.h.dialect.epochMs(v), dateOnly: shown === 'date' });
      case 'boolean':
        return this.v({ kind: 'bool3', sql: v });
      default:
        return this.v({ kind: 'raw', sql: v });
    }
  }

  /** One side of a quantity comparison (the engine's quantitySide). */
  private quantitySide(e: IrExpr, unit: string, context: string | undefined): Piece[] {
    if (e.kind === 'quantity') return [exactText(e.value) + unitSuffix(e.unit)];
    if (e.kind === 'fact') return [`${refLabel(e.ref, context)} `, ...this.valuesForm(e, false)];
    if (e.kind === 'ref') return [`${e.definition} `, ...this.valuesForm(e, false)];
    return [`${namesForm(e, context)} (`, ...this.valuesForm(e, false), ' = ', this.v(this.quantityValue(e)), `${unitSuffix(unit)})`];
  }

  /** A quantity expression with the patient's values (the engine's valuesForm). */
  private valuesForm(e: IrExpr, labelled: boolean): Piece[] {
    switch (e.kind) {
      case 'fact':
        return [...(labelled ? [`${refLabel(e.ref)} `] : []), this.v(this.quantityValue(e)), unitSuffix(e.type.kind === 'quantity' ? e.type.unit : '1')];
      case 'quantity':
        return [exactText(e.value) + unitSuffix(e.unit)];
      case 'ref': {
        const t = this.h.t.definition(e.definition).def.type;
        return [...(labelled ? [`${e.definition} `] : []), this.v(this.quantityValue(e)), unitSuffix(t.kind === 'quantity' ? t.unit : '1')];
      }
      case 'scale':
        return this.valuesForm(e.arg, labelled);
      case 'negate': {
        const inner = this.valuesForm(e.arg, labelled);
        return e.arg.kind === 'arith' ? ['-(', ...inner, ')'] : ['-', ...inner];
      }
      case 'arith': {
        const l = this.valuesForm(e.left, labelled);
        const r = this.valuesForm(e.right, labelled);
        return [...(needsParens(e, e.left, false) ? ['(', ...l, ')'] : l), ` ${e.op === '*' ? 'x' : e.op} `, ...(needsParens(e, e.right, true) ? ['(', ...r, ')'] : r)];
      }
      default:
        throw new SqlCompileError(`expected a quantity expression, got ${JSON.stringify(e.kind)}`);
    }
  }

  /** The engine's emitDoseCalc. */
  dose(dose: IrDose, bounds: { low: Value; high?: Value; standard?: Value }): Template | undefined {
    const u = unitSuffix(dose.unit);
    const lo = () => this.v(bounds.low);
    const hi = () => this.v(bounds.high!);
    const range = (): Piece[] => (dose.high ? [lo(), dose.highExclusive ? ' to below ' : ' to ', hi(), u] : [lo(), u]);
    if (dose.relative) {
      const std = dose.relative.standard;
      const def = std.kind === 'scale' ? std.arg : std;
      if (def.kind !== 'ref') return undefined;
      const expr = this.h.t.definition(def.definition).def.expr;
      const form = expr.kind === 'quantity' ? [exactText(expr.value) + unitSuffix(expr.unit)] : this.valuesForm(expr, true);
      return this.done([`standard ${def.definition} = `, ...form, ' = ', this.v(bounds.standard!), `${u}; ${dose.relative.text} → `, ...range()], null);
    }
    const parts = [dose.low, ...(dose.high ? [dose.high] : [])];
    if (parts.every((p) => p.kind === 'quantity')) return undefined;
    const out: Piece[] = [];
    parts.forEach((p, i) => {
      if (i > 0) out.push('; ');
      if (i === 1 && dose.highExclusive) out.push('below ');
      out.push(...(p.kind === 'quantity' ? [exactText(p.value) + unitSuffix(p.unit)] : this.valuesForm(p, true)), ' = ', i === 0 ? lo() : hi(), u);
    });
    return this.done(out, null);
  }
}

/** The first item of a list (in its order) that is one of `items`, or NULL. */
function firstMatch(d: Dialect, list: string, items: readonly string[]): string {
  const set = items.map(quoteLiteral).join(', ');
  if (d.name === 'duckdb') return `list_filter(${list}, lambda x: x IN (${set}))[1]`;
  // The least first position of any of them (LEAST skips NULLs), without a subquery.
  return `(${list})[LEAST(${items.map((x) => `array_position(${list}, CAST(${quoteLiteral(x)} AS TEXT))`).join(', ')})]`;
}

// ---- transport: the values a template needs, as summary text

/**
 * The SQL text of a template's slots, joined by `,`: numbers as their exact decimal text
 * (a rational as `n/d`), instants and elapsed times as integer milliseconds, booleans as
 * `1`/`0`, texts escaped so that `,`, `|` and `;` never appear in them (`\b` `\c` `\p` `\s`
 * for `\` `,` `|` `;`), NULL as `\z`. Read back by `readSlots`.
 */
export function transport(d: Dialect, t: Template): string {
  const text = d.textType;
  const slots: string[] = new Array<string>(t.slots).fill(`CAST('' AS ${text})`);
  const esc = (x: string) => `replace(replace(replace(replace(${x}, '\\', '\\b'), ',', '\\c'), '|', '\\p'), ';', '\\s')`;
  const z = `CAST('\\z' AS ${text})`;
  const visit = (pieces: readonly Piece[]) => {
    for (const p of pieces) {
      if (typeof p === 'string') continue;
      if ('value' in p) {
        const v = p.value;
        const s =
          v.kind === 'rat'
            ? v.d === null
              ? `CAST(${v.n} AS ${text})`
              : `CAST(${v.n} AS ${text}) || '/' || CAST(${v.d} AS ${text})`
            : v.kind === 'fact' || v.kind === 'days' || v.kind === 'date'
              ? `CAST(${v.sql} AS ${text})`
              : v.kind === 'bool3'
                ? `CASE WHEN ${v.sql} THEN '1' WHEN NOT ${v.sql} THEN '0' END`
                : esc(v.sql);
        slots[p.slot] = `COALESCE(${s}, ${z})`;
      } else if ('test' in p) {
        slots[p.slot] = `CASE WHEN ${p.test} THEN CAST('1' AS ${text}) ELSE CAST('0' AS ${text}) END`;
        visit(p.then);
        visit(p.else);
      } else for (const term of p.includes.terms) slots[term.slot] = `COALESCE(${esc(term.sql)}, ${z})`;
    }
  };
  visit(t.pieces);
  if (slots.length === 0) return `CAST('' AS ${text})`;
  return slots.join(` || ',' || `);
}

/** The slots of one transported template (see transport). */
export function readSlots(s: string): (string | null)[] {
  return s.split(',').map((x) => (x === '\\z' ? null : x.includes('\\') ? x.replace(/\\([bcps])/g, (_, c: string) => ({ b: '\\', c: ',', p: '|', s: ';' })[c]!) : x));
}

const h = preludeHelpers();

function ratOf(s: string): readonly [bigint, bigint] {
  const [n, d] = s.split('/');
  const a = h.decToRat(n!);
  const b = d === undefined ? ([1n, 1n] as const) : h.decToRat(d);
  if (a === null || b === null || b[0] === 0n) throw new SqlCompileError(`the database returned a malformed number for an explanation: ${JSON.stringify(s)}`);
  const num = a[0] * b[1];
  const den = a[1] * b[0];
  return den < 0n ? [-num, -den] : [num, den];
}

/** A template's text from its slots, with the JS engine's own formatters; undefined when a fallback leaves no text. */
export function render(t: Template, slots: readonly (string | null)[]): string {
  let out = '';
  const visit = (pieces: readonly Piece[]) => {
    for (const p of pieces) {
      if (typeof p === 'string') out += p;
      else if ('value' in p) out += formatValue(p.value, slots[p.slot] ?? null);
      else if ('test' in p) visit(slots[p.slot] === '1' ? p.then : p.else);
      else {
        const found: string[] = [];
        for (const term of p.includes.terms) {
          const m = slots[term.slot];
          if (m !== null && m !== undefined) found.push(m === term.name ? term.name : `${term.name} (${m})`);
        }
        out += found.length > 0 ? `${p.includes.label} includes ${found.join(', ')}` : p.includes.none;
      }
    }
  };
  visit(t.pieces);
  return out;
}

function formatValue(v: Value, s: string | null): string {
  if (s === null) {
    if (v.kind === 'bool3') return 'unknown';
    throw new SqlCompileError(`the database returned no value for an explanation (${v.kind})`);
  }
  switch (v.kind) {
    case 'fact':
      // The stored decimal is String(v) of the validated double: Number gives v back.
      return String(Number(s));
    case 'rat':
      return h.fmtR(ratOf(s));
    case 'days':
      return h.fmtA(Number(s) / 86400000);
    case 'date': {
      const iso = new Date(Number(s)).toISOString();
      return v.dateOnly ? iso.slice(0, 10) : iso;
    }
    case 'json':
      return JSON.stringify(s);
    case 'raw':
      return s;
    case 'bool3':
      return s === '1' ? 'true' : s === '0' ? 'false' : 'unknown';
  }
}

/** Whether a template's text is left out (a calculation whose values are missing): its guard took the empty branch. */
export function isEmpty(t: Template, slots: readonly (string | null)[]): boolean {
  const g = t.pieces.length === 1 ? t.pieces[0] : undefined;
  return g !== undefined && typeof g !== 'string' && 'test' in g && g.then.length === 0 && slots[g.slot] === '1';
}
