// The engine's boundary in DuckDB SQL: raw NDJSON lines (one row per record, numbered as
// the JS reader numbers them) become facts-table rows, with each fact's accepted units,
// plausible range, enum members, code syntax, dates and the record's shape checked in SQL.
//
// The check is conservative: a row is loaded only when SQL proves that the engine's
// validator (packages/runtime/src/engine/prelude/validate.ts) accepts the record and
// yields exactly the values loaded. Any row it cannot prove (malformed JSON, a trailing
// comma DuckDB's parser allows, an unknown or doubled key, a type, unit, range or date it
// does not take, a number with more digits than the engine holds as given, a conversion
// the engine rounds, a date after the evaluation time) is left out, and the caller sends
// its line through the JS validator, which writes its exact error or accepts it. So SQL
// never decides a record differently: at worst it decides fewer records itself.
//
// Quantities are exact: the number's text, never a DOUBLE, becomes DECIMAL(38,18); a unit
// factor is applied to the digits as a 64-bit integer product and a power of ten, and only
// where the engine's own fast path ($scaleDec) holds the same decimal exactly (at most 15
// digits in the product).
import { ProgramTables } from '@vigil/compiler';
import { Rational, type IrFact, type IrType } from '@vigil/core';
import { quoteIdent, quoteLiteral } from './quote.js';

/** The engine's limits (validate.ts, numbers.ts), checked on UTF-8 bytes, which are never fewer than UTF-16 units. */
const MAX_TEXT = 100_000;
const MAX_SET = 10_000;
const MAX_CODE = 1_000;
const MAX_NUMBER_TEXT = 200;
const MAX_SAFE = 999_999_999_999_999n;
/** 10^0 … 10^38 as HUGEINT, indexed from 1. */
const POW10 = `[${Array.from({ length: 39 }, (_, j) => `${10n ** BigInt(j)}${j === 0 ? '::HUGEINT' : ''}`).join(', ')}]`;

export interface RawLoad {
  /**
   * INSERT … SELECT from the raw table into the facts table; $1 is the evaluation time in
   * epoch milliseconds. `guarded` also skips lines that are not JSON objects (run it when
   * the plain form fails on a malformed line: DuckDB's JSON functions raise an error there).
   */
  insert(guarded: boolean): string;
  /** The raw rows not loaded (pid, line), by pid: their lines go through the JS validator. */
  readonly rejected: string;
}

/** A unit of a quantity fact as the engine's spec holds it: null (its own unit) or the factor's short decimal fm x 10^fe (fm 0: not a short decimal). */
type UnitFactor = null | { fm: bigint; fe: number };

/**
 * The load of a raw table (pid BIGINT, line VARCHAR) into the facts table, or undefined
 * when this rule set's inputs cannot be checked in SQL (two keys alike but for case, which
 * DuckDB's struct fields do not tell apart): then every record goes through JS.
 */
export function rawLoadSql(ir: ConstructorParameters<typeof ProgramTables>[0], rawTable: string, factsTable: string): RawLoad | undefined {
  const t = new ProgramTables(ir);
  const keys = t.inputs.map((k) => k.key);
  const lower = new Set(keys.map((k) => k.toLowerCase()));
  if (lower.size !== keys.length) return undefined;
  const struct = `{${t.inputs.map((k) => `${JSON.stringify(k.key)}:"${asText(k.fact.type) ? 'VARCHAR' : 'JSON'}"`).join(',')}}`;
  const cols = t.inputs.map((k, i) => field(k.fact, k.fact.type, `x${i}`, `p${i}`));
  const raw = quoteIdent(rawTable);
  const parsed = (guarded: boolean) =>
    `SELECT pid, line, from_json(line, ${quoteLiteral(struct)}) AS j FROM ${raw}` +
    // Only lines that begin with `{` (an object, no leading blank): the others go to JS.
    ` WHERE starts_with(line, '{')${guarded ? ` AND json_valid(line)` : ''}`;
  // No unknown, doubled or null key, without parsing the line again (json_keys would): with
  // no blank between a string and a colon, every key is followed by `":`; a line whose count
  // of `":` is exactly that of the keys SQL read (known, not null, and those inside quantity
  // objects) has no other key, whatever its strings hold (a `":` inside one only adds).
  const keyCount = t.inputs
    .map((k) => {
      const x = `struct_extract(j, ${quoteLiteral(k.key)})`;
      const nested = k.fact.type.kind === 'quantity' ? ` + CASE WHEN starts_with(CAST(${x} AS VARCHAR), '{') THEN len(json_keys(${x})) ELSE 0 END` : '';
      return `CASE WHEN ${x} IS NULL THEN 0 ELSE 1${nested} END`;
    })
    .join(' + ') || '0';
  const xs = t.inputs.map((k, i) => `, CAST(struct_extract(j, ${quoteLiteral(k.key)}) AS VARCHAR) AS x${i}`).join('');
  // Each stage a materialised CTE: inlined, DuckDB would compute a stage's expressions once
  // per use. A stage carries only the columns read after it (the checks of facts without
  // stages are done in the first), so that each materialisation copies no more than it must.
  const depth = cols.reduce((m, c) => Math.max(m, c.stages?.length ?? 0), 0);
  const reads = (texts: readonly string[], name: string) => texts.some((t) => new RegExp(`\\b${name}\\b`).test(t));
  const stageCtes: string[] = [];
  for (let k = 1; k <= depth; k++) {
    const out: string[] = ['pid'];
    cols.forEach((c, i) => {
      if (!c.stages) {
        out.push(k === 1 ? `${c.value} AS v${i}, ${c.ok} AS ok${i}` : `v${i}, ok${i}`);
        return;
      }
      const later = [...c.stages.slice(k), c.value, c.ok];
      if (reads(later, `x${i}`)) out.push(`x${i}`);
      for (let d = 0; d < k - 1; d++) if (reads(later, `p${i}_${d}`)) out.push(`p${i}_${d}`);
      if (c.stages[k - 1] !== undefined) out.push(`${c.stages[k - 1]} AS p${i}_${k - 1}`);
    });
    stageCtes.push(`s${k} AS MATERIALIZED (SELECT ${out.join(',\n    ')} FROM s${k - 1})`);
  }
  const final = cols.map((c, i) => (c.stages || depth === 0 ? `${c.value} AS v${i}, ${c.ok} AS ok${i}` : `v${i}, ok${i}`));
  const checks = cols.flatMap((c, i) => [`ok${i}`, ...(c.check ? [c.check.replaceAll('$v', `v${i}`)] : [])]);
  const insert = (guarded: boolean): string =>
    `INSERT INTO ${quoteIdent(factsTable)} (patient_id${keys.map((k) => `, ${quoteIdent(k)}`).join('')})\n` +
    `WITH s0 AS MATERIALIZED (SELECT pid${xs} FROM (${parsed(guarded)}) AS p\n` +
    // A trailing comma (`{"a":1,}`) and NaN or Infinity are JSON to DuckDB, not to the
    // engine; a number with an exponent or of 15 characters or more is one the JS reader
    // checks for rounding (parseJsonLine), and DuckDB rewrites it: such lines go to JS. (A
    // string never begins without its quote, so no value is mistaken; a false alarm inside
    // a string only sends its line to JS.)
    `  WHERE NOT regexp_matches(line, ',\\s*[\\]}]|"\\s+:|[:,\\[]\\s*[-+]?(?i:nan|inf)|[:,\\[]\\s*-?[0-9][0-9.]*[eE]|[:,\\[]\\s*-?[0-9.]{15}') AND length(line) - length(replace(line, '":', '')) = 2 * (${keyCount}))${stageCtes.map((c) => `,\n${c}`).join('')},\n` +
    `v AS MATERIALIZED (SELECT pid${final.map((c) => `,\n    ${c}`).join('')}\n  FROM s${depth})\n` +
    `SELECT pid${cols.map((_, i) => `, v${i}`).join('')} FROM v\nWHERE ${checks.join(' AND ') || 'TRUE'}`;
  return {
    insert,
    rejected: `SELECT pid, line FROM ${raw} WHERE pid NOT IN (SELECT patient_id FROM ${quoteIdent(factsTable)}) ORDER BY pid`,
  };
}

interface FieldSql {
  /** Columns computed first, one stage after another: stage d is named `${p}_${d}` and may read the earlier ones. */
  readonly stages?: readonly string[];
  /** A check on the cell `$v`, once computed (a plausible range). */
  readonly check?: string;
  /** The facts-table cell (NULL for a missing fact). */
  readonly value: string;
  /** TRUE when the fact is missing or proven valid; FALSE or NULL otherwise. */
  readonly ok: string;
}

/**
 * Whether DuckDB reads the fact as text (from_json's VARCHAR: a JSON string unescaped, any
 * other JSON value as its JSON text, null as NULL) and the check still tells the engine's
 * types apart: dates and codes (no number, object, array or boolean text passes their syntax
 * but `true`/`false`, refused below) and enums whose members are names. Other facts are read
 * as JSON text, their type told by the first character.
 */
function asText(type: IrType): boolean {
  if (type.kind === 'date' || type.kind === 'datetime' || type.kind === 'code') return true;
  return type.kind === 'enum' && type.values.every((v) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) && v !== 'true' && v !== 'false' && v !== 'null');
}

/** The JSON text of a string, unescaped (x starts with a quote): sliced when it has no escape, parsed when it has one. */
const str = (x: string) => `CASE WHEN contains(${x}, '\\') THEN json_extract_string(${x}, '$') ELSE ${x}[2:-2] END`;
const isStr = (x: string) => `starts_with(${x}, '"')`;

function field(fact: IrFact, type: IrType, x: string, p: string): FieldSql {
  const text = asText(type);
  const missing = text ? `(${x} IS NULL)` : `(${x} IS NULL OR ${x} = 'null')`;
  const wrap = (f: FieldSql): FieldSql => ({
    ...f,
    value: `CASE WHEN ${missing} THEN NULL ELSE ${f.value} END`,
    ok: `COALESCE(${missing} OR (${f.ok}), FALSE)`,
    ...(f.check ? { check: `($v IS NULL OR ${f.check})` } : {}),
  });
  if (type.kind !== 'set') {
    const scalar = scalarField(fact, type, x, p, text);
    return scalar ? wrap(scalar) : { value: 'NULL', ok: `${missing}` };
  }
  const e = type.element.kind === 'code' || type.element.kind === 'enum' || type.element.kind === 'text' ? scalarField(fact, type.element, 'e', p, false) : undefined;
  if (!e || e.stages) return { value: 'NULL', ok: `${missing}` };
  const l = `${p}_0`;
  return wrap({
    stages: [`CASE WHEN starts_with(${x}, '[') THEN CAST(json_extract(${x}, '$[*]') AS VARCHAR[]) END`],
    value: `CAST(list_transform(${l}, lambda e: ${e.value}) AS VARCHAR[])`,
    ok: `${l} IS NOT NULL AND ${setOk(l, e.ok)}`,
  });
}

// The checks of a text value (a SQL VARCHAR expression, unescaped) shared with the load of
// typed Parquet columns (load-parquet.ts): each is TRUE only where the engine's validator
// accepts the text and keeps it as the value given (a code's system lower-cased).

/** Text no longer than the engine's limit (bytes, never fewer than UTF-16 units). A JSON text's escapes only lengthen it. */
export const textOk = (s: string): string => `strlen(${s}) <= ${MAX_TEXT}`;

/** An enum member (list_contains, not IN: DuckDB plans a long IN list as a join). */
export const enumOk = (values: readonly string[], s: string): string => `list_contains([${values.map(quoteLiteral).join(', ')}], ${s})`;

/** The engine's code syntax, without line breaks (those go to JS); the value with its system lower-cased. */
export function codeSql(s: string): { readonly ok: string; readonly value: string } {
  return {
    ok: `strlen(${s}) <= ${MAX_CODE} AND (regexp_full_match(${s}, '[A-Za-z_][A-Za-z0-9_]*') OR regexp_full_match(${s}, '[A-Za-z][A-Za-z0-9_.-]*:[^\\n\\r]+'))`,
    value: `CASE WHEN strpos(${s}, ':') > 0 THEN lower(split_part(${s}, ':', 1)) || substr(${s}, strpos(${s}, ':')) ELSE ${s} END`,
  };
}

/** A set's list of text `l` (not null): no more elements than the engine takes, each passing `elementOk` (a check of `e`). */
export const setOk = (l: string, elementOk: string): string => `len(${l}) <= ${MAX_SET} AND len(list_filter(${l}, lambda e: NOT COALESCE(${elementOk}, FALSE))) = 0`;

/**
 * The plausible range of a quantity fact as a check of `$v` (DECIMAL(38,18), the value in
 * the fact's unit, exact): '' when it has none, undefined when a bound is not a decimal
 * DECIMAL(38,18) holds (then nothing is proven in SQL).
 */
export function rangeCheck(fact: IrFact): string | undefined {
  const rg = fact.range;
  if (!rg) return '';
  const lo = decimalBound(rg.low);
  const hi = rg.high !== undefined ? decimalBound(rg.high) : undefined;
  if (lo === undefined || (rg.high !== undefined && hi === undefined)) return undefined;
  return [`$v >= ${lo}`, ...(hi ? [`$v <= ${hi}`] : [])].join(' AND ');
}

/** A non-set fact's cell and check, for x not null: the fact's text (`text`, see asText) or its JSON text. */
function scalarField(fact: IrFact, type: IrType, x: string, p: string, text: boolean): FieldSql | undefined {
  switch (type.kind) {
    case 'boolean':
      return { value: `(${x} = 'true')`, ok: `(${x} = 'true' OR ${x} = 'false')` };
    case 'text':
      return { value: str(x), ok: `${isStr(x)} AND ${textOk(x)}` };
    case 'enum':
      return text ? { value: x, ok: enumOk(type.values, x) } : { value: str(x), ok: `${isStr(x)} AND ${enumOk(type.values, str(x))}` };
    case 'code': {
      const s = text ? x : str(x);
      const kind = text ? `${x} <> 'true' AND ${x} <> 'false'` : isStr(x);
      const c = codeSql(s);
      return { value: c.value, ok: `${kind} AND ${c.ok}` };
    }
    case 'date':
    case 'datetime':
      return text ? dateField(x, p) : undefined;
    case 'quantity':
      return quantityField(fact, type.unit, x, p);
    default:
      return undefined;
  }
}

/**
 * An ISO 8601 date or date-time in the forms `2024-03-01`, `2024-03-01T08:30`,
 * `2024-03-01T08:30:00` with `Z` or `±hh:mm` (the engine takes more; those go to JS), in
 * years 1000 to 9999, not after the evaluation time ($1): epoch milliseconds as the
 * engine's $iso computes them, stored as a TIMESTAMPTZ.
 */
function dateField(x: string, p: string): FieldSql {
  const re = `'^([1-9][0-9]{3}-[0-9]{2}-[0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(Z|([+-])([0-9]{2}):([0-9]{2}))?)?$'`;
  const parts = `CASE WHEN strlen(${x}) <= 40 THEN regexp_extract(${x}, ${re}, ['d', 'h', 'mi', 's', 'z', 'sg', 'oh', 'om']) END`;
  const r = `${p}_0`;
  const n = (f: string) => `COALESCE(TRY_CAST(NULLIF(${r}.${f}, '') AS BIGINT), 0)`;
  const day = `TRY_CAST(NULLIF(${r}.d, '') AS DATE)`;
  const off = `(CASE WHEN ${r}.sg = '-' THEN -1 ELSE 1 END * (${n('oh')} * 60 + ${n('om')}) * 60000)`;
  const fieldsOk = `${r} IS NOT NULL AND ${r}.d <> '' AND ${n('h')} <= 23 AND ${n('mi')} <= 59 AND ${n('s')} <= 59 AND ${n('oh')} <= 23 AND ${n('om')} <= 59`;
  // Stage 1: epoch milliseconds (NULL when not a date this check takes).
  const ms = `CASE WHEN ${fieldsOk} THEN date_diff('day', DATE '1970-01-01', ${day}) * 86400000 + ((${n('h')} * 60 + ${n('mi')}) * 60 + ${n('s')}) * 1000 - ${off} END`;
  const m = `${p}_1`;
  return { stages: [parts, ms], value: `make_timestamptz(${m} * 1000)`, ok: `${m} IS NOT NULL AND ${m} <= CAST($1 AS BIGINT)` };
}

function unitFactors(fact: IrFact, own: string): Map<string, UnitFactor> {
  // As the generated engine's spec (emit-validate.ts acceptedUnits and decimalFactor): own unit first, first factor per unit.
  const out = new Map<string, UnitFactor>([[own, null]]);
  for (const a of fact.acceptedUnits ?? []) {
    if (out.has(a.unit)) continue;
    if (a.factor === '1') {
      out.set(a.unit, null);
      continue;
    }
    const r = Rational.parse(a.factor);
    out.set(a.unit, shortDecimal(r.num, r.den));
  }
  return out;
}

function shortDecimal(n: bigint, d: bigint): { fm: bigint; fe: number } {
  for (let kp = 0; kp <= 30; kp++) {
    const p = 10n ** BigInt(kp);
    if ((n * p) % d !== 0n) continue;
    let fm = (n * p) / d;
    let fe = -kp;
    while (fm !== 0n && fm % 10n === 0n) {
      fm /= 10n;
      fe++;
    }
    return fm > 0n && fm <= BigInt(Number.MAX_SAFE_INTEGER) ? { fm, fe } : { fm: 0n, fe: 0 };
  }
  return { fm: 0n, fe: 0 };
}

/** A decimal literal of at most 18 digits after the point and 20 before it, or undefined. */
function decimalBound(exact: string): string | undefined {
  const r = Rational.parse(exact);
  const d = shortDecimal(r.num < 0n ? -r.num : r.num, r.den);
  if (r.num !== 0n && d.fm === 0n) return undefined;
  const text = r.num === 0n ? '0' : `${r.num < 0n ? '-' : ''}${d.fm}e${d.fe}`;
  if (d.fe < -18 || d.fm.toString().length + d.fe > 20) return undefined;
  return `CAST(${quoteLiteral(text)} AS DECIMAL(38,18))`;
}

/**
 * A quantity: a JSON number, a string `"2.5 10*9/L"`, or `{ "value": …, "unit": … }`.
 * Each form becomes one text `number[ unit]` split into sign, integer and fraction digits
 * and unit; the value in the fact's unit is DECIMAL(38,18), exact.
 */
function quantityField(fact: IrFact, own: string, x: string, p: string): FieldSql | undefined {
  const units = unitFactors(fact, own);
  // Stage 0, an object's value and unit: json_extract and json_keys, not from_json, which on
  // other JSON values may fail or read a string's content as JSON.
  const keys = `json_keys(${x})`;
  const obj = `CASE WHEN starts_with(${x}, '{') AND len(${keys}) = len(list_distinct(${keys})) AND list_has_all(['value', 'unit'], ${keys}) THEN CAST(json_extract(${x}, ['$.value', '$.unit']) AS VARCHAR[]) END`;
  const o = `${p}_0`;
  const vt = `${o}[1]`;
  const ut = `${o}[2]`;
  const NUM = `'-?[0-9]+(?:\\.[0-9]+)?'`;
  const unitPart = `CASE WHEN ${ut} IS NULL OR ${ut} = 'null' THEN '' WHEN starts_with(${ut}, '"') THEN ' ' || ${str(ut)} END`;
  // Stage 1, one text `number[ unit]` and t: 1 when the number came as text (the engine's
  // length rule for its own unit differs). JSON texts are VARCHAR here: a JSON-typed branch
  // would make DuckDB parse the others as JSON.
  const text =
    `CASE WHEN ${isStr(x)} THEN CASE WHEN strlen(${x}) <= ${MAX_NUMBER_TEXT} THEN {'c': ${str(x)}, 't': 1} END ` +
    `WHEN starts_with(${x}, '{') THEN CASE WHEN ${o} IS NULL THEN NULL ` +
    `WHEN ${isStr(vt)} AND strlen(${vt}) <= ${MAX_NUMBER_TEXT} AND regexp_full_match(${str(vt)}, ${NUM}) THEN {'c': ${str(vt)} || ${unitPart}, 't': 1} ` +
    `WHEN regexp_full_match(${vt}, ${NUM}) THEN {'c': ${vt} || ${unitPart}, 't': 0} END ` +
    `ELSE {'c': ${x}, 't': 0} END`;
  const c = `${p}_1`;
  // Stage 2, split: g sign, i integer digits, f fraction digits, u unit ('' for none), t.
  const split = `struct_insert(regexp_extract(${c}.c, '^(-?)([0-9]+)(?:\\.([0-9]+))?(?: *)(.*)$', ['g', 'i', 'f', 'u']), t := ${c}.t)`;
  const r = `${p}_2`;
  const g = `${r}.g`;
  const i = `${r}.i`;
  const f = `${r}.f`;
  const u = `${r}.u`;
  // Stage 3, the number of significant digits as the engine's $scaleDec counts them (leading
  // zeros skipped, trailing kept) and their integer (at most 15 digits, else 0: not proven).
  const digits = `ltrim(${i} || ${f}, '0')`;
  const dm = `{'n': length(${digits}), 'm': CAST(CASE WHEN length(${digits}) BETWEEN 1 AND 15 THEN ${digits} ELSE '0' END AS BIGINT)}`;
  const m = `${p}_3.m`;
  const dn = `${p}_3.n`;
  const L = `length(${f})`;
  const numText = `(${g} || ${i} || CASE WHEN ${f} = '' THEN '' ELSE '.' || ${f} END)`;
  // The value is N x 10^-k, N a signed integer of at most 15 digits: as DECIMAL(38,18) its
  // raw integer is N x 10^(18 - k), built as HUGEINT (a text cast to DECIMAL(38,18) costs
  // DuckDB 20 microseconds a value). Proven inputs keep 18 - k within 0 to 38 - digits(N).
  const scaled = (n: string, k: string) =>
    `CAST(CAST(CASE WHEN ${g} = '-' THEN -${n} ELSE ${n} END AS HUGEINT) * ${POW10}[18 - ${k} + 1] AS DECIMAL(38,0)) * CAST('0.000000000000000001' AS DECIMAL(18,18))`;
  const texts: string[] = [];
  const oks: string[] = [];
  for (const [unit, factor] of units) {
    const when = unit === own ? `(${u} = '' OR ${u} = ${quoteLiteral(own)})` : `${u} = ${quoteLiteral(unit)}`;
    if (factor === null) {
      texts.push(`WHEN ${when} THEN ${scaled(m, L)}`);
      // As given in the unit: at most 15 characters as text (the engine's Number(num) path), 15 digits as a JSON number.
      oks.push(`WHEN ${when} THEN (${dn} <= 15 AND ${L} <= 18 AND CASE WHEN ${r}.t = 1 THEN length(${numText}) <= 15 ELSE TRUE END)`);
    } else if (factor.fm !== 0n) {
      // m x fm at most 15 digits (the engine's exact fast path), checked without overflow; the value is (m x fm) x 10^(fe - L).
      const k = `(${L} - ${factor.fe})`;
      texts.push(`WHEN ${when} THEN ${scaled(`(${m} * ${factor.fm.toString()})`, k)}`);
      oks.push(`WHEN ${when} THEN (${dn} <= 15 AND ${m} <= ${(MAX_SAFE / factor.fm).toString()} AND ${k} <= 18 AND 18 - ${k} <= 23)`);
    }
    // Other factors (7 mo is 7/12 a): the engine may round; such inputs go to JS.
  }
  if (texts.length === 0) return undefined;
  // Stage 4, proven: a number the engine holds as given, in an accepted unit. (A unit that
  // begins like an exponent, `2.5e3 mg`, is read by the engine as part of the number.)
  const proven = `${r} IS NOT NULL AND ${i} <> '' AND NOT regexp_matches(${u}, '^[eE][+-]?[0-9]') AND COALESCE(CASE ${oks.join(' ')} ELSE FALSE END, FALSE)`;
  const ok0 = `${p}_4`;
  const range = rangeCheck(fact);
  if (range === undefined) return undefined;
  return {
    stages: [obj, text, split, dm, proven],
    value: `CASE WHEN ${ok0} THEN CASE ${texts.join(' ')} END END`,
    ok: ok0,
    ...(range !== '' ? { check: range } : {}),
  };
}
