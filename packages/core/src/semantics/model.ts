// The semantic model: every declaration of a rule set bound by name, and the type of
// every expression. Building it never reports: checker rules read it and report, and
// lowering to IR reads it once the rules found no error. Types are lenient: where an
// operand is wrong the type is `error` and nothing downstream complains again.
import type {
  ContextRef,
  DefineDecl,
  Document,
  FactRange,
  Expr,
  FactDecl,
  GroupDecl,
  Name,
  NameRef,
  ProtocolDecl,
  Range,
  RuleDecl,
  TypeNode,
  ValueSetDecl,
  ValueSetMember,
} from '../language/ast.js';
import type { SourceText } from '../language/source.js';
import { STRENGTH_NAMES } from '@vigil/runtime';
import { forEachExpr, unwrapParens, walkExprs } from '../language/walk.js';
import { Rational } from '../units/rational.js';
import { convertExact, divideUnits, multiplyUnits, parseUnit, type UnitInfo } from '../units/units.js';

export interface Loc {
  readonly uri: string;
  readonly range: Range;
}

export interface LoadedFile {
  readonly uri: string;
  readonly source: SourceText;
  readonly document: Document;
}

export type SemType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'text' }
  | { readonly kind: 'date' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'code' }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly fact?: string }
  | { readonly kind: 'quantity'; readonly unit: UnitInfo }
  | { readonly kind: 'set'; readonly element: SemType }
  /** A bare name that is no fact or definition: an enum or value-set member, by context. */
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'error' };

export const ERROR: SemType = { kind: 'error' };
export const BOOLEAN: SemType = { kind: 'boolean' };

export interface FactSymbol {
  readonly kind: 'fact';
  readonly name: string;
  readonly decl: FactDecl;
  readonly uri: string;
  readonly type: SemType;
  readonly baseline: boolean;
  readonly uln: boolean;
  readonly optional: boolean;
  /**
   * The values accepted for a quantity fact, bounds included, exact and in the fact's
   * declared unit. Declared with `range LOW to HIGH`; a quantity fact without one is never
   * negative (low 0, no high). Undefined for facts that are not quantities and for a
   * declared range the checker rejects (bad unit, low above high).
   */
  readonly plausibleRange: PlausibleRange | undefined;
}

/** A fact's plausible range: exact bounds in the fact's declared unit `unit`, inclusive. */
export interface PlausibleRange {
  readonly low: Rational;
  /** Undefined: no upper bound (the default range of a quantity fact). */
  readonly high: Rational | undefined;
  /** The fact's declared unit code. */
  readonly unit: string;
  /** False for the default range (never negative). */
  readonly declared: boolean;
}

/** The exact value of a range bound in `unit`, or why it has none. */
export function rangeBoundValue(
  bound: FactRange['low'],
  unit: UnitInfo,
): { readonly ok: true; readonly value: Rational } | { readonly ok: false; readonly reason: 'unit' | 'incommensurable'; readonly unit: string } {
  const code = bound.quantity.unit?.text ?? '1';
  const u = parseUnit(code);
  if (!u.ok) return { ok: false, reason: 'unit', unit: code };
  const magnitude = Rational.parse(bound.quantity.value);
  const v = convertExact(bound.negative ? magnitude.neg() : magnitude, u.unit, unit);
  return v ? { ok: true, value: v } : { ok: false, reason: 'incommensurable', unit: code };
}

/** The plausible range a fact declaration gives, per the rules of `FactSymbol.plausibleRange`. */
export function plausibleRangeOf(decl: FactDecl, type: SemType): PlausibleRange | undefined {
  if (type.kind !== 'quantity') return undefined;
  const r = decl.plausibleRange;
  if (!r) return { low: Rational.ZERO, high: undefined, unit: type.unit.code, declared: false };
  const low = rangeBoundValue(r.low, type.unit);
  const high = rangeBoundValue(r.high, type.unit);
  if (!low.ok || !high.ok || low.value.gt(high.value)) return undefined;
  return { low: low.value, high: high.value, unit: type.unit.code, declared: true };
}

export interface DefinitionSymbol {
  readonly kind: 'definition';
  readonly name: string;
  readonly decl: DefineDecl;
  readonly uri: string;
}
export interface ValueSetSymbol {
  readonly kind: 'valueset';
  readonly name: string;
  readonly decl: ValueSetDecl;
  readonly uri: string;
}
export interface RuleSymbol {
  readonly kind: 'rule' | 'protocol';
  readonly name: string;
  readonly decl: RuleDecl | ProtocolDecl;
  readonly uri: string;
}
/** A group declared in a `groups` block; the rules that join it are in `groupMembers` (groups.ts). */
export interface GroupSymbol {
  readonly kind: 'group';
  readonly name: string;
  readonly decl: GroupDecl;
  readonly uri: string;
}
export interface MemberSymbol {
  readonly kind: 'member';
  readonly name: string;
  readonly valueSet: ValueSetSymbol;
  readonly member: ValueSetMember;
}

export type SemSymbol = FactSymbol | DefinitionSymbol | ValueSetSymbol | RuleSymbol | GroupSymbol | MemberSymbol;

export interface Duplicate {
  readonly what: string;
  readonly name: string;
  readonly first: Loc;
  readonly second: Loc;
}

export interface ImportProblem {
  /** `unreadable`: a rule file the check starts from; `refused`: an import outside the boundary. */
  readonly kind: 'not-found' | 'cycle' | 'unreadable' | 'refused';
  readonly at: Loc;
  readonly path: string;
  readonly detail: string;
}

export interface SemanticModel {
  readonly files: readonly LoadedFile[];
  readonly header: { readonly name: string; readonly version?: string } | undefined;
  readonly facts: ReadonlyMap<string, FactSymbol>;
  readonly definitions: ReadonlyMap<string, DefinitionSymbol>;
  readonly valueSets: ReadonlyMap<string, ValueSetSymbol>;
  readonly rules: ReadonlyMap<string, RuleSymbol>;
  /** Rule groups; a group shares the rule namespace (a group and a rule cannot have one name). */
  readonly groups: ReadonlyMap<string, GroupSymbol>;
  /** The strengths rules may declare, strongest first: the header's `strengths`, else the default five. */
  readonly strengths: readonly string[];
  /** Value-set member names, each with every set it belongs to. */
  readonly members: ReadonlyMap<string, readonly MemberSymbol[]>;
  readonly duplicates: readonly Duplicate[];
  readonly importProblems: readonly ImportProblem[];
  /** Definitions that take part in a cycle, with the cycle's names. */
  readonly definitionCycles: ReadonlyMap<string, readonly string[]>;
  /** The fact a bare `baseline`/`uln` refers to (undefined when it cannot be told). */
  contextFact(ref: ContextRef): FactSymbol | undefined;
  /** The fact or definition a name refers to in value position. */
  resolveValue(ref: NameRef): FactSymbol | DefinitionSymbol | undefined;
  typeOf(expr: Expr): SemType;
  /** All names in scope for value references (facts and definitions), for suggestions. */
  valueNames(): string[];
  /** Names that occur as references, for find-references and rename. */
  readonly references: readonly { readonly uri: string; readonly name: Name; readonly symbol: SemSymbol }[];
}

export function describeType(t: SemType): string {
  switch (t.kind) {
    case 'enum':
      return `enum { ${t.values.join(', ')} }`;
    case 'quantity':
      return t.unit.code === '1' ? 'number' : `quantity in ${t.unit.code}`;
    case 'set':
      return `set of ${describeType(t.element)}`;
    case 'symbol':
      return `name '${t.name}'`;
    default:
      return t.kind;
  }
}

function typeFromNode(node: TypeNode): SemType {
  switch (node.kind) {
    case 'PrimitiveType':
      if (node.name === 'duration') {
        const d = parseUnit('d');
        return d.ok ? { kind: 'quantity', unit: d.unit } : ERROR;
      }
      return { kind: node.name };
    case 'EnumType':
      return { kind: 'enum', values: node.members.map((m) => m.value) };
    case 'QuantityType': {
      const u = parseUnit(node.unit.text);
      return u.ok ? { kind: 'quantity', unit: u.unit } : ERROR;
    }
    case 'SetType':
      return { kind: 'set', element: typeFromNode(node.element) };
  }
}

export function buildModel(files: readonly LoadedFile[], importProblems: readonly ImportProblem[] = []): SemanticModel {
  const facts = new Map<string, FactSymbol>();
  const definitions = new Map<string, DefinitionSymbol>();
  const valueSets = new Map<string, ValueSetSymbol>();
  const rules = new Map<string, RuleSymbol>();
  const groups = new Map<string, GroupSymbol>();
  const members = new Map<string, MemberSymbol[]>();
  const duplicates: Duplicate[] = [];
  const references: { uri: string; name: Name; symbol: SemSymbol }[] = [];
  let header: SemanticModel['header'];
  let strengths: readonly string[] = STRENGTH_NAMES;

  const firstLoc = new Map<string, Loc>();
  const claim = (namespace: string, what: string, name: Name, uri: string): boolean => {
    const key = `${namespace}:${name.value}`;
    const prev = firstLoc.get(key);
    if (prev) {
      duplicates.push({ what, name: name.value, first: prev, second: { uri, range: name.range } });
      return false;
    }
    firstLoc.set(key, { uri, range: name.range });
    return true;
  };

  for (const f of files) {
    const doc = f.document;
    if (doc.header && !header) {
      header = { name: doc.header.name.value, version: doc.header.version?.value };
      strengths = doc.header.strengths ? headerStrengths(doc.header.strengths, f.uri, duplicates) : strengths;
    }
    for (const d of doc.declarations) {
      switch (d.kind) {
        case 'FactsBlock':
          for (const fd of d.facts) {
            if (!claim('value', 'fact', fd.name, f.uri)) continue;
            const opts = new Set(fd.options.map((o) => o.value));
            const type = typeFromNode(fd.type);
            facts.set(fd.name.value, {
              kind: 'fact',
              name: fd.name.value,
              decl: fd,
              uri: f.uri,
              type,
              plausibleRange: plausibleRangeOf(fd, type),
              baseline: opts.has('baseline'),
              uln: opts.has('uln'),
              optional: opts.has('optional'),
            });
            if (fd.type.kind === 'EnumType') {
              const seen = new Set<string>();
              for (const m of fd.type.members) {
                if (seen.has(m.value)) duplicates.push({ what: `value of ${fd.name.value}`, name: m.value, first: { uri: f.uri, range: fd.type.members.find((x) => x.value === m.value)!.range }, second: { uri: f.uri, range: m.range } });
                seen.add(m.value);
              }
            }
          }
          break;
        case 'GroupsBlock':
          for (const g of d.groups) if (claim('rule', 'group', g.name, f.uri)) groups.set(g.name.value, { kind: 'group', name: g.name.value, decl: g, uri: f.uri });
          break;
        case 'DefineDecl':
          if (claim('value', 'definition', d.name, f.uri)) definitions.set(d.name.value, { kind: 'definition', name: d.name.value, decl: d, uri: f.uri });
          break;
        case 'ValueSetDecl': {
          if (!claim('value', 'value set', d.name, f.uri)) break;
          const vs: ValueSetSymbol = { kind: 'valueset', name: d.name.value, decl: d, uri: f.uri };
          valueSets.set(d.name.value, vs);
          const seen = new Set<string>();
          for (const m of d.members) {
            if (seen.has(m.name.value)) {
              duplicates.push({ what: `member of ${d.name.value}`, name: m.name.value, first: { uri: f.uri, range: d.members.find((x) => x.name.value === m.name.value)!.name.range }, second: { uri: f.uri, range: m.name.range } });
              continue;
            }
            seen.add(m.name.value);
            const list = members.get(m.name.value) ?? [];
            list.push({ kind: 'member', name: m.name.value, valueSet: vs, member: m });
            members.set(m.name.value, list);
          }
          break;
        }
        case 'RuleDecl':
        case 'ProtocolDecl':
          if (claim('rule', d.kind === 'RuleDecl' ? 'rule' : 'protocol', d.id, f.uri))
            rules.set(d.id.value, { kind: d.kind === 'RuleDecl' ? 'rule' : 'protocol', name: d.id.value, decl: d, uri: f.uri });
          break;
      }
    }
  }

  // Definition cycles, found by depth-first search over the names each definition uses.
  const defDeps = new Map<string, string[]>();
  for (const [name, def] of definitions) {
    const deps: string[] = [];
    walkExprs([def.decl.expr], (e) => {
      if (e.kind === 'NameRef' && definitions.has(e.name.value)) deps.push(e.name.value);
    });
    defDeps.set(name, deps);
  }
  const definitionCycles = new Map<string, string[]>();
  {
    const state = new Map<string, 1 | 2>();
    const stack: string[] = [];
    const visit = (n: string): void => {
      state.set(n, 1);
      stack.push(n);
      for (const d of defDeps.get(n) ?? []) {
        const s = state.get(d);
        if (s === 1) {
          const cycle = [...stack.slice(stack.indexOf(d)), d];
          for (const c of cycle) if (!definitionCycles.has(c)) definitionCycles.set(c, cycle);
        } else if (s === undefined) visit(d);
      }
      stack.pop();
      state.set(n, 2);
    };
    for (const n of definitions.keys()) if (!state.has(n)) visit(n);
  }

  // Bare baseline/uln: the single fact named on the other side of the enclosing comparison.
  const contextFacts = new Map<ContextRef, FactSymbol | undefined>();
  const factsIn = (e: Expr): FactSymbol[] => {
    const out: FactSymbol[] = [];
    walkExprs([e], (x) => {
      if (x.kind === 'NameRef') {
        const f = facts.get(x.name.value);
        if (f && !definitions.has(x.name.value) && !out.includes(f)) out.push(f);
      }
    });
    return out;
  };
  const contextsIn = (e: Expr): ContextRef[] => {
    const out: ContextRef[] = [];
    walkExprs([e], (x) => {
      if (x.kind === 'ContextRef') out.push(x);
    });
    return out;
  };
  for (const f of files) {
    forEachExpr(f.document, (e) => {
      if (e.kind !== 'CompareExpr') return;
      for (const [side, other] of [
        [e.left, e.right],
        [e.right, e.left],
      ] as const) {
        const refs = contextsIn(side);
        if (!refs.length) continue;
        const candidates = factsIn(other);
        for (const r of refs) contextFacts.set(r, candidates.length === 1 ? candidates[0] : undefined);
      }
    });
  }

  const resolveValue = (ref: NameRef): FactSymbol | DefinitionSymbol | undefined =>
    definitions.get(ref.name.value) ?? facts.get(ref.name.value);

  // Types, memoised per node; definitions typed on demand with a guard against cycles.
  const types = new Map<Expr, SemType>();
  const defTypes = new Map<string, SemType>();
  const defInProgress = new Set<string>();
  const defType = (d: DefinitionSymbol): SemType => {
    const known = defTypes.get(d.name);
    if (known) return known;
    if (defInProgress.has(d.name) || definitionCycles.has(d.name)) return ERROR;
    defInProgress.add(d.name);
    const t = typeOf(d.decl.expr);
    defInProgress.delete(d.name);
    defTypes.set(d.name, t);
    return t;
  };

  const quantityOf = (t: SemType): UnitInfo | undefined => (t.kind === 'quantity' ? t.unit : undefined);

  function compute(e: Expr): SemType {
    switch (e.kind) {
      case 'ParenExpr':
        return typeOf(e.expr);
      case 'LogicalExpr':
      case 'NotExpr':
      case 'CompareExpr':
      case 'InExpr':
      case 'PresenceExpr':
      case 'IncludesExpr':
      case 'ElapsedExpr':
        // Operands are typed too, so rules can inspect them.
        walkExprs([e], (x) => {
          if (x !== e) typeOf(x);
        });
        return BOOLEAN;
      case 'BooleanLiteral':
        return BOOLEAN;
      case 'StringLiteral':
        return { kind: 'text' };
      case 'QuantityLiteral': {
        const u = parseUnit(e.unit ? e.unit.text : '1');
        return u.ok ? { kind: 'quantity', unit: u.unit } : ERROR;
      }
      case 'NameRef': {
        const s = resolveValue(e);
        if (!s) return { kind: 'symbol', name: e.name.value };
        if (s.kind === 'definition') return defType(s);
        const t = s.type;
        return t.kind === 'enum' ? { kind: 'enum', values: t.values, fact: s.name } : t;
      }
      case 'MemberRef': {
        const f = facts.get(e.object.value);
        if (!f || !(e.member === 'baseline' ? f.baseline : f.uln)) return ERROR;
        return f.type;
      }
      case 'ContextRef': {
        const f = contextFacts.get(e);
        if (!f || !(e.which === 'baseline' ? f.baseline : f.uln)) return ERROR;
        return f.type;
      }
      case 'NegateExpr': {
        const t = typeOf(e.operand);
        return t.kind === 'quantity' ? t : ERROR;
      }
      case 'ArithmeticExpr': {
        const l = quantityOf(typeOf(e.left));
        const r = quantityOf(typeOf(e.right));
        if (!l || !r) return ERROR;
        if (e.op === '*') return { kind: 'quantity', unit: multiplyUnits(l, r) };
        if (e.op === '/') return { kind: 'quantity', unit: divideUnits(l, r) };
        return l.dimension === r.dimension ? { kind: 'quantity', unit: l } : ERROR;
      }
    }
  }

  function typeOf(e: Expr): SemType {
    let t = types.get(e);
    if (!t) {
      t = compute(e);
      types.set(e, t);
    }
    return t;
  }

  // References for navigation: value names, value-set items, overrides.
  for (const f of files) {
    forEachExpr(f.document, (e) => {
      if (e.kind === 'NameRef') {
        const s = resolveValue(e) ?? valueSets.get(e.name.value) ?? members.get(e.name.value)?.[0];
        if (s) references.push({ uri: f.uri, name: e.name, symbol: s });
      } else if (e.kind === 'MemberRef') {
        const s = facts.get(e.object.value);
        if (s) references.push({ uri: f.uri, name: e.object, symbol: s });
      } else if (e.kind === 'InExpr' || e.kind === 'IncludesExpr') {
        for (const item of e.values.items) {
          const s = valueSets.get(item.value) ?? members.get(item.value)?.[0];
          if (s) references.push({ uri: f.uri, name: item, symbol: s });
        }
      }
    });
    for (const d of f.document.declarations) {
      if (d.kind !== 'RuleDecl') continue;
      const names = [...d.overrides, ...d.overrideItems.flatMap((i) => i.except), ...d.groups, ...(d.otherwise?.group ? [d.otherwise.group] : [])];
      for (const o of names) {
        const s = rules.get(o.value) ?? groups.get(o.value);
        if (s) references.push({ uri: f.uri, name: o, symbol: s });
      }
    }
  }

  return {
    files,
    header,
    facts,
    definitions,
    valueSets,
    rules,
    groups,
    strengths,
    members,
    duplicates,
    importProblems,
    definitionCycles,
    contextFact: (ref) => contextFacts.get(ref),
    resolveValue,
    typeOf,
    valueNames: () => [...facts.keys(), ...definitions.keys()],
    references,
  };
}

/** The header's strength scale, each name once; a repeated name is a duplicate (its rank would be ambiguous). */
function headerStrengths(names: readonly Name[], uri: string, duplicates: Duplicate[]): string[] {
  const first = new Map<string, Name>();
  for (const n of names) {
    const prev = first.get(n.value);
    if (prev) duplicates.push({ what: 'strength', name: n.value, first: { uri, range: prev.range }, second: { uri, range: n.range } });
    else first.set(n.value, n);
  }
  return [...first.keys()];
}

export function unwrap(e: Expr): Expr {
  return unwrapParens(e);
}
