// Small builders for hand-written IR in tests, one function per node. Atoms are numbered by
// `program()` in source order (definitions, then rules), as the front end numbers them;
// `IrBuilder` (analysis.ts) numbers them as it goes and gives each its own location.
import { IR_VERSION } from '../src/ir/ir.js';
import type { IrAction, IrAtom, IrDefinition, IrExpr, IrFact, IrFactRef, IrLocation, IrProgram, IrRule, IrTerm, IrType, IrValueSet } from '../src/ir/ir.js';
import { isIrAtom, mapIrChildren } from '../src/ir/walk.js';

export const LOC: IrLocation = { uri: '/memory/test.vigil', start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// ---- types
export const T = {
  boolean: { kind: 'boolean' } as IrType,
  text: { kind: 'text' } as IrType,
  date: { kind: 'date' } as IrType,
  datetime: { kind: 'datetime' } as IrType,
  code: { kind: 'code' } as IrType,
  enum: (...values: string[]): IrType => ({ kind: 'enum', values }),
  quantity: (unit: string, dimension = unit): IrType => ({ kind: 'quantity', unit, dimension }),
  set: (element: IrType): IrType => ({ kind: 'set', element }),
};

// ---- declarations
export function fact(
  name: string,
  type: IrType,
  opts: { description?: string; baseline?: boolean; uln?: boolean; units?: Record<string, string> } = {},
): IrFact {
  const f: Mutable<IrFact> = { name, type, baseline: opts.baseline ?? false, uln: opts.uln ?? false, location: LOC };
  if (opts.description !== undefined) f.description = opts.description;
  if (type.kind === 'quantity') f.acceptedUnits = [{ unit: type.unit, factor: '1' }, ...Object.entries(opts.units ?? {}).map(([unit, factor]) => ({ unit, factor }))];
  return f;
}

export function valueSet(name: string, members: IrTerm[], title?: string): IrValueSet {
  return { name, members, location: LOC, ...(title !== undefined ? { title } : {}) };
}

export const term = (name: string, ...codes: string[]): IrTerm => ({ name, codes });

export function define(name: string, type: IrType, expr: IrExpr): IrDefinition {
  return { name, type, expr, location: LOC };
}

export function rule(
  id: string,
  opts: { title?: string; when?: IrExpr; unless?: IrExpr[]; actions?: IrAction[]; overrides?: string[]; sources?: string[]; strength?: string },
): IrRule {
  return {
    id,
    title: opts.title ?? id,
    sources: opts.sources ?? ['test'],
    ...(opts.strength !== undefined ? { strength: opts.strength } : {}),
    overrides: opts.overrides ?? [],
    ...(opts.when ? { when: opts.when } : {}),
    unless: opts.unless ?? [],
    actions: opts.actions ?? [action('advise', [], { message: `${id} fired` })],
    location: LOC,
  };
}

export function action(verb: IrAction['verb'], targets: string[], extra: Partial<Mutable<IrAction>> = {}): IrAction {
  return { verb, targets, permanent: false, location: LOC, ...extra };
}

// ---- values
export const ref = (factName: string, part: IrFactRef['part'] = 'value'): IrFactRef => ({ fact: factName, part });
export const f = (name: string, type: IrType, part: IrFactRef['part'] = 'value'): IrExpr => ({ kind: 'fact', ref: ref(name, part), type });
export const q = (value: string, unit: string, dimension = unit): IrExpr => ({ kind: 'quantity', value, unit, dimension });
export const txt = (value: string): IrExpr => ({ kind: 'text', value });
export const ev = (value: string): IrExpr => ({ kind: 'enumValue', value });
export const bool = (value: boolean): IrExpr => ({ kind: 'boolean', value });
export const defRef = (definition: string, type: IrType = T.boolean): IrExpr => ({ kind: 'ref', definition, type });
export const mul = (left: IrExpr, right: IrExpr, unit: string): IrExpr => ({ kind: 'arith', op: '*', left, right, unit, dimension: unit });
export const arith = (op: '+' | '-' | '*' | '/', left: IrExpr, right: IrExpr, unit: string): IrExpr => ({ kind: 'arith', op, left, right, unit, dimension: unit });
export const scale = (arg: IrExpr, factor: string, unit: string): IrExpr => ({ kind: 'scale', arg, factor, unit, dimension: unit });
export const neg = (arg: IrExpr, unit: string): IrExpr => ({ kind: 'negate', arg, unit, dimension: unit });

// ---- conditions
export const and = (...args: IrExpr[]): IrExpr => ({ kind: 'and', args });
export const or = (...args: IrExpr[]): IrExpr => ({ kind: 'or', args });
export const not = (arg: IrExpr): IrExpr => ({ kind: 'not', arg });

const atom = <A extends Omit<IrAtom, 'atom' | 'location'>>(a: A): IrAtom => ({ ...a, atom: -1, location: LOC }) as unknown as IrAtom;

export function cmp(left: IrExpr, op: '=' | '!=' | '<' | '<=' | '>' | '>=', right: IrExpr, operandType: 'quantity' | 'enum' | 'boolean' | 'text' | 'code' | 'date' = 'quantity', text?: string): IrAtom {
  return atom({ kind: 'compare', op, left, right, operandType, text: text ?? `${showIr(left)} ${op} ${showIr(right)}` });
}
export const isIn = (subject: IrExpr, values: string[], negated = false): IrAtom =>
  atom({ kind: 'in', subject, values, negated, text: `${showIr(subject)} ${negated ? 'not in' : 'in'} { ${values.join(', ')} }` });
export const includes = (subject: IrExpr, terms: IrTerm[]): IrAtom =>
  atom({ kind: 'includes', subject, terms, text: `${showIr(subject)} includes { ${terms.map((t) => t.name).join(', ')} }` });
export const presence = (factName: string, missing: boolean, part: IrFactRef['part'] = 'value'): IrAtom =>
  atom({ kind: 'presence', ref: ref(factName, part), missing, text: `${factName} is ${missing ? 'missing' : 'present'}` });
export const elapsed = (factName: string, op: '>' | '<' | '<=', days: string): IrAtom =>
  atom({ kind: 'elapsed', ref: ref(factName), op, days, text: `${factName} ${op === '>' ? 'more than' : op === '<' ? 'less than' : 'within'} ${days} d ago` });
export const truth = (arg: IrExpr): IrAtom => atom({ kind: 'truth', arg, text: showIr(arg) });

/** An expression as rule text shows it, for atoms' `text`. */
export function showIr(e: IrExpr): string {
  switch (e.kind) {
    case 'fact':
      return e.ref.part === 'value' ? e.ref.fact : `${e.ref.fact}.${e.ref.part}`;
    case 'quantity':
      return e.unit === '1' ? e.value : `${e.value} ${e.unit}`;
    case 'boolean':
      return String(e.value);
    case 'text':
      return JSON.stringify(e.value);
    case 'enumValue':
      return e.value;
    case 'scale':
      return showIr(e.arg);
    case 'arith':
      return `${showIr(e.left)} ${e.op === '*' ? 'x' : e.op} ${showIr(e.right)}`;
    case 'negate':
      return `-${showIr(e.arg)}`;
    case 'ref':
      return e.definition;
    default:
      return 'text' in e ? String(e.text) : e.kind;
  }
}

/** Assemble a program, numbering atoms in order (definitions first, then rules). */
export function program(parts: {
  name?: string;
  version?: string;
  facts: IrFact[];
  valueSets?: IrValueSet[];
  definitions?: IrDefinition[];
  rules: IrRule[];
}): IrProgram {
  let next = 0;
  const number = (e: IrExpr): IrExpr => {
    if (!isIrAtom(e)) return mapIrChildren(e, number);
    const atom = next++;
    return { ...mapIrChildren(e, number), atom } as IrExpr;
  };
  const definitions = (parts.definitions ?? []).map((d) => ({ ...d, expr: number(d.expr) }));
  const rules = parts.rules.map((r) => ({ ...r, ...(r.when ? { when: number(r.when) } : {}), unless: r.unless.map(number) }));
  return {
    irVersion: IR_VERSION,
    ruleset: { name: parts.name ?? 'test', ...(parts.version !== undefined ? { version: parts.version } : {}) },
    facts: parts.facts,
    valueSets: parts.valueSets ?? [],
    definitions,
    rules,
    protocols: [],
    atomCount: next,
  };
}
